"""Repository functions for doses and magnesium servings taken."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import case, func, select
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
    # Amounts are stored with 4 decimal places; SQLite may hand the sum back as a float.
    return [(day, Decimal(str(total)).quantize(_PLACES)) for day, total in rows]


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


@dataclass(frozen=True)
class RunDoses:
    """The days with a dose logged within one run of days planned at one amount."""

    days: int = 0
    entries: int = 0  # dose entries, at most `cap` a day
    taken: Decimal = Decimal(0)  # the day totals added up
    above: int = 0  # days whose total is above the run's amount


def doses_by_run(
    session: Session, person_id: int, runs: Sequence[tuple[date, date, Decimal]], *, cap: int | None = None
) -> list[RunDoses]:
    """Per run (first day, last day, planned amount a day): the days logged, their entries, the day
    totals added up and the days above the amount. Summed by the database, one row per run, so the
    cost does not grow with the years of doses behind it."""
    if not runs:
        return []
    per_day = (
        select(DoseLog.day, func.count().label("n"), func.sum(DoseLog.actual_amount).label("total"))
        .where(
            DoseLog.person_id == person_id,
            DoseLog.day >= min(r[0] for r in runs),
            DoseLog.day <= max(r[1] for r in runs),
        )
        .group_by(DoseLog.day)
        .subquery()
    )
    day, n = per_day.c.day, per_day.c.n
    index = case(*((day.between(first, last), i) for i, (first, last, _) in enumerate(runs)), else_=-1)
    amount = case(*((day.between(first, last), a) for first, last, a in runs), else_=None)
    # Stored with 4 decimal places; SQLite adds them up as floats, so round before comparing.
    total = func.round(per_day.c.total, 4)
    query = (
        select(
            index.label("run"),
            func.count().label("days"),
            func.sum(n if cap is None else case((n > cap, cap), else_=n)).label("entries"),
            func.sum(total).label("taken"),
            func.sum(case((total > amount, 1), else_=0)).label("above"),
        )
        .select_from(per_day)
        .group_by(index)
    )
    out = [RunDoses() for _ in runs]
    for row in session.execute(query):
        if row.run >= 0:
            taken = Decimal(str(row.taken)).quantize(_PLACES)
            out[row.run] = RunDoses(int(row.days), int(row.entries), taken, int(row.above))
    return out


_PLACES = Decimal("0.0001")
