"""Repository functions for daily check-ins: one per person per day, earlier versions kept."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from stepdown.storage.models import Checkin, CheckinHistory

FIELDS = (
    "scale",
    "answers",
    "total",
    "craving",
    "sleep_hours",
    "sleep_quality",
    "mood",
    "self_care",
    "note",
    "red_flags",
    "data",
)


def get_checkin(session: Session, person_id: int, day: date, *, lock: bool = False) -> Checkin | None:
    query = select(Checkin).where(Checkin.person_id == person_id, Checkin.day == day)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def checkins(
    session: Session, person_id: int, first: date | None = None, last: date | None = None
) -> list[Checkin]:
    query = select(Checkin).where(Checkin.person_id == person_id)
    if first is not None:
        query = query.where(Checkin.day >= first)
    if last is not None:
        query = query.where(Checkin.day <= last)
    return list(session.scalars(query.order_by(Checkin.day)))


# What the adaptive rules read of a check-in: plain columns, no JSON documents but the small
# red-flag list, and the scale maximum taken out of `data` by the database (json_extract / ->>).
RULE_COLUMNS = (
    Checkin.day,
    Checkin.scale,
    Checkin.total,
    Checkin.data["max_total"].as_integer().label("max_total"),
    Checkin.craving,
    Checkin.sleep_hours,
    Checkin.sleep_quality,
    Checkin.red_flags,
)


def rule_rows(
    session: Session,
    person_id: int,
    *,
    today: date,
    recent_count: int,
    baseline_before: date | None,
    baseline_count: int,
) -> list[Row[Any]]:
    """The check-ins the adaptive rules read (domain.adapt.window), oldest first: the last
    `recent_count` on or before `today`, and the last `baseline_count` before `baseline_before`.
    Both are index range scans on UNIQUE(person_id, day), so the cost does not grow with history."""
    mine = select(*RULE_COLUMNS).where(Checkin.person_id == person_id, Checkin.day <= today)
    rows = {r.day: r for r in session.execute(mine.order_by(Checkin.day.desc()).limit(recent_count))}
    if baseline_before is not None:
        base = mine.where(Checkin.day < baseline_before).order_by(Checkin.day.desc()).limit(baseline_count)
        rows.update({r.day: r for r in session.execute(base)})
    return [rows[d] for d in sorted(rows)]


def snapshot(row: Checkin) -> dict[str, Any]:
    """The row as JSON, for the history table."""
    out: dict[str, Any] = {name: getattr(row, name) for name in FIELDS}
    if isinstance(out["sleep_hours"], Decimal):
        out["sleep_hours"] = float(out["sleep_hours"])
    out["created_at"] = row.created_at.isoformat()
    out["updated_at"] = row.updated_at.isoformat()
    return out


def save_checkin(
    session: Session, person_id: int, day: date, values: dict[str, Any], *, now: datetime
) -> tuple[Checkin, bool]:
    """Insert the day's check-in, or update it and keep the earlier version. Returns (row, replaced).

    Callers lock the person first (people.lock_person) so two writers for the same day run one after
    the other; UNIQUE(person_id, day) is the last guard."""
    row = get_checkin(session, person_id, day, lock=True)
    if row is None:
        row = Checkin(person_id=person_id, day=day, created_at=now, updated_at=now, version=1, **values)
        session.add(row)
        session.flush()
        return row, False
    session.add(
        CheckinHistory(
            person_id=person_id,
            checkin_id=row.id,
            day=day,
            version=row.version,
            replaced_at=now,
            snapshot=snapshot(row),
        )
    )
    for name, value in values.items():
        setattr(row, name, value)
    row.version += 1
    row.updated_at = now
    session.flush()
    return row, True


def history(session: Session, person_id: int, day: date) -> list[CheckinHistory]:
    return list(
        session.scalars(
            select(CheckinHistory)
            .where(CheckinHistory.person_id == person_id, CheckinHistory.day == day)
            .order_by(CheckinHistory.version)
        )
    )
