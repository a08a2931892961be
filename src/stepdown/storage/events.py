"""Repository functions for events (holds, slow-downs, red flags, lapses, acknowledgements)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stepdown.storage.models import Event


def add_event(
    session: Session, person_id: int, *, kind: str, day: date, data: dict[str, Any], now: datetime
) -> Event:
    row = Event(person_id=person_id, kind=kind, day=day, data=data, created_at=now)
    session.add(row)
    session.flush()
    return row


def unacknowledged(session: Session, person_id: int, kind: str = "red_flag") -> list[Event]:
    return list(
        session.scalars(
            select(Event)
            .where(Event.person_id == person_id, Event.kind == kind, Event.acknowledged_at.is_(None))
            .order_by(Event.day, Event.id)
        )
    )


def events(session: Session, person_id: int, kinds: Sequence[str] = ()) -> list[Event]:
    query = select(Event).where(Event.person_id == person_id)
    if kinds:
        query = query.where(Event.kind.in_(list(kinds)))
    return list(session.scalars(query.order_by(Event.day, Event.id)))


def data_of_kind(session: Session, person_ids: Sequence[int], kind: str) -> dict[int, list[dict[str, Any]]]:
    """{person_id: [data of each `kind` event]} for many people at once."""
    out: dict[int, list[dict[str, Any]]] = {pid: [] for pid in person_ids}
    if person_ids:
        query = select(Event.person_id, Event.data).where(
            Event.kind == kind, Event.person_id.in_(list(person_ids))
        )
        for person_id, data in session.execute(query.order_by(Event.day, Event.id)):
            out[person_id].append(data)
    return out


def counts_by_kind(session: Session, person_id: int) -> dict[str, int]:
    """How many events of each kind (counted by the database, not loaded)."""
    query = select(Event.kind, func.count()).where(Event.person_id == person_id).group_by(Event.kind)
    return {kind: count for kind, count in session.execute(query)}


def corrected_from(session: Session, person_id: int) -> dict[int, Any]:
    """{dose id: the amount logged before its latest correction}, from the "dose_corrected" events,
    so a list of doses can say "corrected from 275 mg" rather than hide the change."""
    out: dict[int, Any] = {}
    for data in data_of_kind(session, [person_id], "dose_corrected")[person_id]:
        before = (data or {}).get("before") or {}
        if data.get("dose_id") is not None and before.get("actual") is not None:
            out[int(data["dose_id"])] = before["actual"]  # oldest first: the latest one wins
    return out
