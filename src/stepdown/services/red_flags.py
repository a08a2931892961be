"""Red flags: shown first until the person acknowledges them. Nothing else hides or snoozes them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from stepdown.domain.errors import InvalidInput
from stepdown.messages import safety
from stepdown.services.common import require_person, utcnow
from stepdown.storage import events
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import Event


def urgent_lines() -> list[str]:
    """The urgent-care guidance shown with every red flag, whatever the flag."""
    lines = [safety.URGENT_HEADLINE + ".", safety.URGENT_BODY]
    lines += [f"{name}: {number} ({when})" for name, number, when in safety.HELPLINES]
    lines.append(safety.TOLERANCE_WARNING)
    return lines


def seek_care_lines() -> list[str]:
    """The guidance for a symptoms-based seek-care notice: accurate, not the emergency wording."""
    lines = [safety.SEEK_CARE_HEADLINE + ".", safety.SEEK_CARE_BODY]
    lines += [f"{name}: {number} ({when})" for name, number, when in safety.HELPLINES]
    lines.append(safety.TOLERANCE_WARNING)
    return lines


def notice_kind(data: dict[str, Any]) -> str:
    """The kind "seek_care" for the adaptive rules' notice about symptoms that stay strong (a
    red_flag event with source "symptoms" and no red-flag answer behind it), otherwise "red_flag"
    (an emergency).

    The one place that tells the two apart; the Today page, `stepdown today`/`status` use it. A
    seek-care that comes from a red-flag answer (yesterday's, say) stays an emergency notice."""
    decision = data.get("decision") or {}
    if data.get("source") == "symptoms" and not data.get("flags") and not decision.get("red_flags"):
        return "seek_care"
    return "red_flag"


def is_symptoms_notice(flag: dict[str, Any]) -> bool:
    """True for a flag_dict that is a symptoms-based seek-care notice (see notice_kind)."""
    return flag.get("notice") == "seek_care"


def flag_dict(row: Event) -> dict[str, Any]:
    data = dict(row.data or {})
    return {
        "id": row.id,
        "day": row.day.isoformat(),
        "created_at": row.created_at.isoformat(),
        "source": data.get("source", "checkin"),  # checkin (safety questions) or symptoms (seek care)
        "urgent": bool(data.get("urgent", True)),
        "flags": list(data.get("flags") or []),
        "guidance": list(data.get("guidance") or []),
        "notice": notice_kind(data),  # red_flag (emergency wording) or seek_care (symptoms)
        "explanation": (data.get("decision") or {}).get("explanation"),
        "acknowledged_at": row.acknowledged_at.isoformat() if row.acknowledged_at else None,
    }


def open_red_flags(engine: Engine, person_id: int) -> list[dict[str, Any]]:
    with read_scope(engine) as session:
        return [flag_dict(row) for row in events.unacknowledged(session, person_id)]


def acknowledge(
    engine: Engine,
    person_id: int,
    *,
    event_ids: Sequence[int] | None = None,
    day: date,
    now: datetime | None = None,
) -> int:
    """Mark open red flags as seen (all of them, or the given ids). Returns how many were marked.

    The acknowledgement is itself recorded as an event, so the record shows who saw what and when."""
    now = now or utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        open_rows = events.unacknowledged(session, person_id)
        if event_ids is not None:
            wanted = set(event_ids)
            unknown = wanted - {row.id for row in open_rows}
            if unknown:
                raise InvalidInput(
                    f"There is no open red flag with id {min(unknown)}; `stepdown today` lists them.",
                    field="event_id",
                )
            open_rows = [row for row in open_rows if row.id in wanted]
        for row in open_rows:
            row.acknowledged_at = now
        if open_rows:
            events.add_event(
                session,
                person_id,
                kind="acknowledged",
                day=day,
                data={"event_ids": [row.id for row in open_rows]},
                now=now,
            )
        return len(open_rows)
