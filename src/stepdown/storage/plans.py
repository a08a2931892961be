"""Repository functions for plans, their revisions (never overwritten) and magnesium plans."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stepdown.domain.plan import Plan as PlanData
from stepdown.storage.models import Intake, MagnesiumPlan, Plan, PlanRevision


def add_intake(
    session: Session, person_id: int, *, input: dict[str, Any], assessment: dict[str, Any], now: datetime
) -> Intake:
    row = Intake(person_id=person_id, input=input, assessment=assessment, created_at=now)
    session.add(row)
    session.flush()
    return row


def latest_intake(session: Session, person_id: int) -> Intake | None:
    return session.scalars(
        select(Intake).where(Intake.person_id == person_id).order_by(Intake.id.desc()).limit(1)
    ).first()


def add_plan(session: Session, person_id: int, *, now: datetime, intake_id: int | None = None) -> Plan:
    row = Plan(person_id=person_id, status="active", created_at=now, intake_id=intake_id)
    session.add(row)
    session.flush()
    return row


def active_plan(session: Session, person_id: int) -> Plan | None:
    return session.scalars(
        select(Plan)
        .where(Plan.person_id == person_id, Plan.status == "active")
        .order_by(Plan.id.desc())
        .limit(1)
    ).first()


def add_revision(
    session: Session,
    plan: Plan,
    *,
    data: PlanData,
    kind: str,
    reason: str,
    trigger: dict[str, Any],
    accepted_by: str,
    now: datetime,
) -> PlanRevision:
    """Add the next revision. The number comes from the database, so revisions are never overwritten
    (a unique (plan_id, number) constraint refuses a second writer with the same number)."""
    last = session.scalar(select(func.max(PlanRevision.number)).where(PlanRevision.plan_id == plan.id))
    row = PlanRevision(
        person_id=plan.person_id,
        plan_id=plan.id,
        number=(last or 0) + 1,
        created_at=now,
        kind=kind,
        reason=reason,
        trigger=trigger,
        accepted_by=accepted_by,
        plan=data.to_dict(),
    )
    session.add(row)
    session.flush()
    return row


def current_revision(session: Session, plan_id: int) -> PlanRevision | None:
    return session.scalars(
        select(PlanRevision)
        .where(PlanRevision.plan_id == plan_id)
        .order_by(PlanRevision.number.desc())
        .limit(1)
    ).first()


def first_revision(session: Session, plan_id: int) -> PlanRevision | None:
    return session.scalars(
        select(PlanRevision).where(PlanRevision.plan_id == plan_id).order_by(PlanRevision.number).limit(1)
    ).first()


def revisions(session: Session, plan_id: int) -> list[PlanRevision]:
    return list(
        session.scalars(
            select(PlanRevision).where(PlanRevision.plan_id == plan_id).order_by(PlanRevision.number)
        )
    )


def add_magnesium_plan(
    session: Session, person_id: int, *, plan_id: int | None, data: dict[str, Any], now: datetime
) -> MagnesiumPlan:
    row = MagnesiumPlan(person_id=person_id, plan_id=plan_id, plan=data, created_at=now)
    session.add(row)
    session.flush()
    return row


def latest_magnesium_plan(session: Session, person_id: int) -> MagnesiumPlan | None:
    return session.scalars(
        select(MagnesiumPlan)
        .where(MagnesiumPlan.person_id == person_id)
        .order_by(MagnesiumPlan.id.desc())
        .limit(1)
    ).first()
