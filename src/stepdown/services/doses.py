"""Log a dose taken (planned against actual) or a magnesium serving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Engine

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.services.common import refuse_future, require_person, require_plan, utcnow
from stepdown.storage import logs, plans
from stepdown.storage.db import session_scope

# Upper limit for supplemental magnesium, adults and children from 9: 350 mg/day elemental
# (IOM DRI, clinical-facts.md section 5). Food magnesium does not count toward it.
MAGNESIUM_UL_MG = Decimal(350)
# A single logged amount above this many times the day's planned amount is almost surely a typo
# (mg typed as g, an extra zero); we refuse it rather than store a wrong record.
_TYPO_FACTOR = Decimal(20)


@dataclass(frozen=True)
class DoseTaken:
    id: int
    day: date
    planned: Decimal | None
    actual: Decimal
    unit: str
    taken_today: Decimal
    planned_today: Decimal | None
    above_plan: bool  # the day's total is above the plan: the tolerance warning applies

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "planned": _num(self.planned),
            "actual": _num(self.actual),
            "unit": self.unit,
            "taken_today": _num(self.taken_today),
            "planned_today": _num(self.planned_today),
            "above_plan": self.above_plan,
        }


@dataclass(frozen=True)
class MagnesiumTaken:
    id: int
    day: date
    meal: str | None
    elemental_mg: Decimal
    taken_today_mg: Decimal
    planned_today_mg: Decimal | None
    above_upper_limit: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "meal": self.meal,
            "elemental_mg": _num(self.elemental_mg),
            "taken_today_mg": _num(self.taken_today_mg),
            "planned_today_mg": _num(self.planned_today_mg),
            "above_upper_limit": self.above_upper_limit,
        }


def parse_amount(value: Any, *, field: str, what: str) -> Decimal:
    """A non-negative amount; text like "7.5" is accepted, anything else is refused plainly."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{what} must be a number such as 7.5.", field=field) from None
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(f"{what} must be a number of 0 or more.", field=field)
    if amount != amount.quantize(Decimal("0.0001")):
        raise InvalidInput(f"{what} can have at most 4 decimal places.", field=field)
    return amount


def take_dose(
    engine: Engine,
    person_id: int,
    *,
    day: date,
    today: date,
    amount: Any = None,
    taken_at: datetime | None = None,
    note: str | None = None,
) -> DoseTaken:
    """Log one dose. Without an amount, the planned portion for this time of day is logged.

    The planned amount is the next portion of the day's step (the first dose logged that day is
    portion 1, and so on); doses beyond the planned portions have no planned amount."""
    refuse_future(day, today, what="a dose")
    actual = None if amount is None else parse_amount(amount, field="amount", what="The amount")
    now = utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        current = require_plan(session, person_id)
        step = current.plan.step_on(day)
        already = logs.doses_between(session, person_id, day, day)
        planned = None
        if step is not None and len(already) < len(step.portions):
            planned = step.portions[len(already)].amount
        if actual is None:
            if planned is None:
                raise InvalidInput(
                    "There is no planned dose left for that day; give the amount you took with --amount.",
                    field="amount",
                )
            actual = planned
        planned_today = step.daily_amount if step is not None else None
        if planned_today and actual > planned_today * _TYPO_FACTOR:
            raise InvalidInput(
                f"{formatting.number(actual)} {current.plan.unit} is far above the day's plan of "
                f"{formatting.number(planned_today)} "
                f"{current.plan.unit}; check the amount and the unit ({current.plan.unit}).",
                field="amount",
            )
        row = logs.add_dose(
            session,
            person_id,
            plan_id=current.row.id,
            day=day,
            taken_at=taken_at or now,
            planned=planned,
            actual=actual,
            unit=current.plan.unit,
            note=note,
        )
        taken_today = sum((d.actual_amount for d in already), Decimal(0)) + actual
        return DoseTaken(
            id=row.id,
            day=day,
            planned=planned,
            actual=actual,
            unit=current.plan.unit,
            taken_today=taken_today,
            planned_today=planned_today,
            above_plan=planned_today is not None and taken_today > planned_today,
        )


def magnesium_servings(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Servings of a stored magnesium plan (MagnesiumPlan.to_dict()), each with meal and elemental_mg."""
    if not data:
        return []
    return [dict(s) for s in data.get("servings") or []]


def take_magnesium(
    engine: Engine,
    person_id: int,
    *,
    day: date,
    today: date,
    meal: str | None = None,
    elemental_mg: Any = None,
    taken_at: datetime | None = None,
    note: str | None = None,
) -> MagnesiumTaken:
    """Log a magnesium serving. Without an amount, the planned serving for `meal` (or the next one
    not yet taken that day) is logged."""
    refuse_future(day, today, what="a magnesium serving")
    amount = (
        None if elemental_mg is None else parse_amount(elemental_mg, field="elemental_mg", what="Magnesium")
    )
    if amount is not None and amount > MAGNESIUM_UL_MG:
        raise InvalidInput(
            f"{formatting.number(amount)} mg of magnesium in one serving is above the "
            f"{formatting.number(MAGNESIUM_UL_MG)} mg daily upper limit "
            "for supplements; check the amount (elemental magnesium, in mg).",
            field="elemental_mg",
        )
    now = utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        mg_plan = plans.latest_magnesium_plan(session, person_id)
        data = mg_plan.plan if mg_plan is not None else None
        servings = magnesium_servings(data)
        taken = logs.magnesium_between(session, person_id, day, day)
        meal = _meal_name(meal, servings)
        if amount is None:
            serving = _serving_for(servings, taken, meal)
            if serving is None and meal is not None and servings:
                planned_meals = ", ".join(dict.fromkeys(str(s.get("meal")) for s in servings))
                raise InvalidInput(
                    f"No magnesium serving is planned with {meal!r}; the planned meals are {planned_meals}. "
                    "Give one of them, or the amount with --mg.",
                    field="meal",
                )
            if serving is None:
                raise InvalidInput(
                    "There is no planned magnesium serving left for that day; give the amount with --mg.",
                    field="elemental_mg",
                )
            amount = Decimal(str(serving["elemental_mg"]))
            meal = meal or serving.get("meal")
        row = logs.add_magnesium(
            session, person_id, day=day, taken_at=taken_at or now, elemental_mg=amount, meal=meal, note=note
        )
        total = sum((t.elemental_mg for t in taken), Decimal(0)) + amount
        planned = data.get("daily_elemental_mg") if data else None
        return MagnesiumTaken(
            id=row.id,
            day=day,
            meal=meal,
            elemental_mg=amount,
            taken_today_mg=total,
            planned_today_mg=None if planned is None else Decimal(str(planned)),
            above_upper_limit=total > MAGNESIUM_UL_MG,
        )


# Names people use for the same meal; the calendar (reports/ics.py) accepts all of them.
MEAL_ALIASES = {"dinner": "evening meal", "supper": "evening meal", "evening": "evening meal"}


def _meal_name(meal: str | None, servings: list[dict[str, Any]]) -> str | None:
    """'Dinner' or 'supper' is the plan's 'evening meal'; a name the plan uses is kept as it is."""
    if meal is None:
        return None
    text = " ".join(meal.split()).lower()
    planned = {str(s.get("meal")) for s in servings}
    if text in planned or not text:
        return text or None
    alias = MEAL_ALIASES.get(text)
    return alias if alias in planned else text


def _serving_for(servings: list[dict[str, Any]], taken: list[Any], meal: str | None) -> dict[str, Any] | None:
    taken_meals = [t.meal for t in taken]
    if meal is not None:
        return next((s for s in servings if s.get("meal") == meal), None)
    for serving in servings:
        if serving.get("meal") in taken_meals:
            taken_meals.remove(serving.get("meal"))
            continue
        return serving
    return None


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
