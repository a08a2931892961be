"""Repository functions for doses and magnesium servings taken."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from stepdown.storage.models import DoseLog, MagnesiumLog


def add_dose(
    session: Session,
    person_id: int,
    *,
    plan_id: int | None,
    day: date,
    taken_at: datetime,
    planned: Decimal | None,
    actual: Decimal,
    unit: str,
    note: str | None = None,
) -> DoseLog:
    row = DoseLog(
        person_id=person_id,
        plan_id=plan_id,
        day=day,
        taken_at=taken_at,
        planned_amount=planned,
        actual_amount=actual,
        unit=unit,
        note=note,
    )
    session.add(row)
    session.flush()
    return row


def doses_between(session: Session, person_id: int, first: date, last: date) -> list[DoseLog]:
    return list(
        session.scalars(
            select(DoseLog)
            .where(DoseLog.person_id == person_id, DoseLog.day >= first, DoseLog.day <= last)
            .order_by(DoseLog.day, DoseLog.taken_at, DoseLog.id)
        )
    )


def add_magnesium(
    session: Session,
    person_id: int,
    *,
    day: date,
    taken_at: datetime,
    elemental_mg: Decimal,
    meal: str | None,
    note: str | None = None,
) -> MagnesiumLog:
    row = MagnesiumLog(
        person_id=person_id, day=day, taken_at=taken_at, elemental_mg=elemental_mg, meal=meal, note=note
    )
    session.add(row)
    session.flush()
    return row


def magnesium_between(session: Session, person_id: int, first: date, last: date) -> list[MagnesiumLog]:
    return list(
        session.scalars(
            select(MagnesiumLog)
            .where(MagnesiumLog.person_id == person_id, MagnesiumLog.day >= first, MagnesiumLog.day <= last)
            .order_by(MagnesiumLog.day, MagnesiumLog.taken_at, MagnesiumLog.id)
        )
    )
