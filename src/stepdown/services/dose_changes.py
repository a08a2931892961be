"""Correct or remove a logged dose. Nothing is lost silently: every change is an event
("dose_corrected" with the amounts before and after, "dose_removed" with the whole record), so the
history, the export and the clinician's report can show it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select

from stepdown.domain import limits
from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import digits_text
from stepdown.services.common import current_plan, require_person, utcnow
from stepdown.services.doses import _num
from stepdown.storage import events, logs
from stepdown.storage.db import session_scope
from stepdown.storage.models import DoseLog

MAX_REASON = 1000


def _dose_dict(row: DoseLog) -> dict[str, Any]:
    return {
        "id": row.id,
        "day": row.day.isoformat(),
        "taken_at": row.taken_at.isoformat(),
        "planned": _num(row.planned_amount),
        "actual": _num(row.actual_amount),
        "unit": row.unit,
        "note": row.note,
    }


def _reason(reason: Any) -> str | None:
    text = " ".join(str(reason or "").split())
    if len(text) > MAX_REASON:
        raise InvalidInput(f"The reason can be at most {MAX_REASON} characters.", field="reason")
    return text or None


def _row(session: Any, person_id: int, dose_id: Any) -> DoseLog:
    text = str(dose_id).strip().lstrip("#")
    row = None
    if digits_text(text):
        row = session.scalar(
            select(DoseLog).where(DoseLog.id == int(text), DoseLog.person_id == person_id).with_for_update()
        )
    if row is None:
        raise InvalidInput(f"There is no logged dose with id {dose_id}.", field="id")
    return row


def list_doses(engine: Engine, person_id: int, *, first: date, last: date) -> list[dict[str, Any]]:
    with session_scope(engine) as session:
        require_person(session, person_id)
        earlier = events.corrected_from(session, person_id)
        return [
            {**_dose_dict(r), "corrected_from": earlier.get(r.id)}
            for r in logs.doses_between(session, person_id, first, last)
        ]


def dose_history(engine: Engine, person_id: int) -> list[dict[str, Any]]:
    """Every correction and removal, oldest first."""
    with session_scope(engine) as session:
        require_person(session, person_id)
        rows = events.events(session, person_id, kinds=("dose_corrected", "dose_removed"))
        return [{"kind": e.kind, "day": e.day.isoformat(), **(e.data or {})} for e in rows]


def correct_dose(
    engine: Engine,
    person_id: int,
    dose_id: Any,
    *,
    amount: Any,
    today: date,
    reason: Any = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Set a logged dose's amount to what was really taken (shared limits apply); the amount before
    is kept in a "dose_corrected" event."""
    now = now or utcnow()
    why = _reason(reason)
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        row = _row(session, person_id, dose_id)
        current = current_plan(session, person_id)
        strengths = limits.form_strengths(current.plan.form) if current is not None else ()
        new = limits.parse_amount(
            amount, unit=row.unit, field="amount", what="The amount", tablet_strengths=strengths
        )
        before = _dose_dict(row)
        if new == row.actual_amount:
            raise InvalidInput("That is the amount already logged; nothing was changed.", field="amount")
        row.actual_amount = new
        session.flush()
        events.add_event(
            session,
            person_id,
            kind="dose_corrected",
            day=today,
            data={
                "dose_id": row.id,
                "dose_day": row.day.isoformat(),
                "before": before,
                "after": _dose_dict(row),
                "reason": why,
            },
            now=now,
        )
        return {"dose": _dose_dict(row), "before": before, "reason": why}


def remove_dose(
    engine: Engine,
    person_id: int,
    dose_id: Any,
    *,
    today: date,
    reason: Any = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Remove a dose logged by mistake; the whole record is kept in a "dose_removed" event."""
    now = now or utcnow()
    why = _reason(reason)
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        row = _row(session, person_id, dose_id)
        removed = _dose_dict(row)
        session.delete(row)
        session.flush()
        events.add_event(
            session,
            person_id,
            kind="dose_removed",
            day=today,
            data={"dose_id": removed["id"], "dose_day": removed["day"], "before": removed, "reason": why},
            now=now,
        )
        return {"removed": removed, "reason": why}
