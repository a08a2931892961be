"""Repository functions for doses and magnesium servings taken."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
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


def dose_totals_by_day(session: Session, person_id: int, plan_id: int) -> list[tuple[date, Decimal]]:
    """(day, amount taken that day) for the doses logged against one plan: one row a day, summed by
    the database, so the supply count costs the plan's length, not the number of doses."""
    rows = session.execute(
        select(DoseLog.day, func.sum(DoseLog.actual_amount))
        .where(DoseLog.person_id == person_id, DoseLog.plan_id == plan_id)
        .group_by(DoseLog.day)
        .order_by(DoseLog.day)
    )
    return [(day, _amount(total)) for day, total in rows]


def dose_totals_by_plan_day(session: Session, plans: dict[int, int]) -> dict[int, list[tuple[date, Decimal]]]:
    """dose_totals_by_day for many plans at once: {plan_id: [(day, amount)]}; plans: {plan_id:
    person_id} (a dose counts for its own person's plan only, as there)."""
    out: dict[int, list[tuple[date, Decimal]]] = {plan_id: [] for plan_id in plans}
    if not plans:
        return out
    rows = session.execute(
        select(DoseLog.plan_id, DoseLog.person_id, DoseLog.day, func.sum(DoseLog.actual_amount))
        .where(DoseLog.plan_id.in_(list(plans)))
        .group_by(DoseLog.plan_id, DoseLog.person_id, DoseLog.day)
        .order_by(DoseLog.plan_id, DoseLog.day)
    )
    for plan_id, person_id, day, total in rows:
        if plans[plan_id] == person_id:
            out[plan_id].append((day, _amount(total)))
    return out


FOUR_PLACES = Decimal("0.0001")


def _amount(total: object) -> Decimal:
    # Amounts are stored with 4 decimal places; SQLite may hand the sum back as a float.
    return (total if isinstance(total, Decimal) else Decimal(str(total))).quantize(FOUR_PLACES)


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


def dose_days(
    session: Session, person_id: int, first: date | None = None, last: date | None = None
) -> list[tuple[date, int, Decimal]]:
    """(day, doses logged, amount taken) for each day with a dose, first..last (either may be open):
    one small row a day, summed by the database, instead of every dose with all its columns."""
    query = select(DoseLog.day, func.count(), func.sum(DoseLog.actual_amount)).where(
        DoseLog.person_id == person_id
    )
    if first is not None:
        query = query.where(DoseLog.day >= first)
    if last is not None:
        query = query.where(DoseLog.day <= last)
    rows = session.execute(query.group_by(DoseLog.day).order_by(DoseLog.day))
    return [(day, n, _amount(total)) for day, n, total in rows]
