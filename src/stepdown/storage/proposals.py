"""Repository functions for plan-change proposals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from stepdown.storage.models import Proposal


def add_proposal(
    session: Session,
    person_id: int,
    *,
    plan_id: int,
    day: date,
    kind: str,
    explanation: str,
    trigger: dict[str, Any],
    now: datetime,
) -> Proposal:
    row = Proposal(
        person_id=person_id,
        plan_id=plan_id,
        day=day,
        kind=kind,
        explanation=explanation,
        trigger=trigger,
        status="pending",
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def proposals(session: Session, person_id: int, *, status: str | None = None) -> list[Proposal]:
    query = select(Proposal).where(Proposal.person_id == person_id)
    if status is not None:
        query = query.where(Proposal.status == status)
    return list(session.scalars(query.order_by(Proposal.id)))


def past_since(session: Session, person_id: int, first: date) -> list[Row[Any]]:
    """(day, kind, status) of the proposals made on or after `first`: what the adaptive rules read."""
    query = select(Proposal.day, Proposal.kind, Proposal.status).where(
        Proposal.person_id == person_id, Proposal.day >= first
    )
    return list(session.execute(query.order_by(Proposal.id)))


def get_proposal(
    session: Session, person_id: int, proposal_id: int, *, lock: bool = False
) -> Proposal | None:
    query = select(Proposal).where(Proposal.person_id == person_id, Proposal.id == proposal_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()
