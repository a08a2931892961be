"""Recovery toolkit: logging urges, listing them, and their patterns. One transaction each."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from stepdown.domain.toolkit import cravings as cr
from stepdown.messages import toolkit as msg
from stepdown.services.common import require_person, utcnow
from stepdown.services.toolkit_common import (
    _local,
    _local_now,
    _symptom_percent,
)
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import Checkin
from stepdown.storage.models import toolkit as tm


def _craving_dict(row: tm.Craving, tz: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": _local(row.at, tz).isoformat(timespec="minutes"),
        "intensity": row.intensity,
        "triggers": list(row.triggers or []),
        "helped": row.helped,
        "outcome": row.outcome,
        "note": row.note,
    }


def log_craving(
    engine: Engine, person_id: int, raw: Mapping[str, Any], *, now: datetime | None = None
) -> dict[str, Any]:
    """Store one urge. Returns it with a plain message for the person."""
    with session_scope(engine) as session:
        person = require_person(session, person_id)
        local_now = _local_now(person, now)
        item = cr.validate_craving(raw, now=local_now)
        row = tm.Craving(
            person_id=person_id,
            at=item.at.astimezone(UTC),  # stored in UTC: SQLite keeps no offset
            intensity=item.intensity,
            triggers=list(item.triggers),
            helped=item.helped,
            outcome=item.outcome,
            note=item.note,
            created_at=now or utcnow(),
        )
        session.add(row)
        session.flush()
        message = msg.CRAVING_PASSED if item.outcome == "passed" else msg.CRAVING_USED
        return {"craving": _craving_dict(row, person.timezone), "message": message}


def list_cravings(engine: Engine, person_id: int, *, limit: int = 50) -> list[dict[str, Any]]:
    with read_scope(engine) as session:
        person = require_person(session, person_id)
        rows = session.scalars(
            select(tm.Craving)
            .where(tm.Craving.person_id == person_id)
            .order_by(tm.Craving.at.desc(), tm.Craving.id.desc())
            .limit(limit)
        )
        return [_craving_dict(r, person.timezone) for r in rows]


def known_triggers(engine: Engine, person_id: int) -> list[str]:
    """The default trigger tags plus every tag the person has used, defaults first."""
    with read_scope(engine) as session:
        require_person(session, person_id)
        tags = list(msg.DEFAULT_TRIGGERS)
        for row in session.scalars(select(tm.Craving.triggers).where(tm.Craving.person_id == person_id)):
            for tag in row or []:
                if tag not in tags:
                    tags.append(tag)
        return tags


def craving_patterns(
    engine: Engine, person_id: int, *, days: int = 90, now: datetime | None = None
) -> dict[str, Any]:
    """Patterns over the last `days` days: triggers, times of day, sleep and symptoms."""
    with read_scope(engine) as session:
        person = require_person(session, person_id)
        local_now = _local_now(person, now)
        first = local_now.date() - timedelta(days=days)
        rows = session.scalars(
            select(tm.Craving).where(
                tm.Craving.person_id == person_id,
                tm.Craving.at
                >= datetime.combine(first, datetime.min.time(), local_now.tzinfo).astimezone(UTC),
            )
        )
        urges = [
            cr.Craving(
                r.intensity, tuple(r.triggers or ()), r.outcome, _local(r.at, person.timezone), r.helped
            )
            for r in rows
        ]
        context = [
            cr.DayContext(
                c.day,
                sleep_hours=float(c.sleep_hours) if c.sleep_hours is not None else None,
                symptom_percent=_symptom_percent(c),
                craving=c.craving,
            )
            for c in session.scalars(
                select(Checkin).where(Checkin.person_id == person_id, Checkin.day >= first)
            )
        ]
        return cr.find_patterns(urges, context).to_dict()
