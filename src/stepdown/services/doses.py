"""Log a dose taken (planned against actual) or a magnesium serving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.services.common import refuse_future, require_person, require_plan, utcnow
from stepdown.storage import logs, plans
from stepdown.storage.db import session_scope

# A dose this many times the day's plan is almost surely a typo (a unit or decimal slip): refused.
_TYPO_FACTOR = Decimal(20)
# Upper limit for supplemental magnesium, adults and children from 9: 350 mg/day elemental
# (IOM DRI, clinical-facts.md section 5). Food magnesium does not count toward it.
MAGNESIUM_UL_MG = Decimal(350)


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
    start_amount: Decimal | None = None  # the daily amount the plan started from
    # the day's total is above the plan's starting amount: offer the lapse flow and its re-plan
    above_start: bool = False
    # logged today under a plan since replaced: real intake, not counted in this plan's "so far"
    earlier_plan_today: Decimal = Decimal(0)

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
            "start_amount": _num(self.start_amount),
            "above_start": self.above_start,
            "earlier_plan_today": _num(self.earlier_plan_today),
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
    # the magnesium plan says 0 mg (e.g. kidney disease): its own reason, shown as a warning
    plan_blocked: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_blocked": self.plan_blocked,
            "id": self.id,
            "day": self.day.isoformat(),
            "meal": self.meal,
            "elemental_mg": _num(self.elemental_mg),
            "taken_today_mg": _num(self.taken_today_mg),
            "planned_today_mg": _num(self.planned_today_mg),
            "above_upper_limit": self.above_upper_limit,
        }


#: Far above any real dose, and inside the amount columns (Numeric(14, 4) holds less than 10**10).
MAX_AMOUNT = Decimal(1_000_000)


def parse_amount(value: Any, *, field: str, what: str) -> Decimal:
    """A non-negative amount; text like "7.5" is accepted, anything else is refused plainly."""
    from stepdown.domain.numbers import plain_decimal

    parsed = plain_decimal(value)  # ASCII digits, plain notation (no 1e308), a sensible size
    if parsed is None:
        raise InvalidInput(f"{what} must be a number such as 7.5, written with the digits 0-9.", field=field)
    amount = parsed
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(f"{what} must be a number of 0 or more.", field=field)
    if amount >= MAX_AMOUNT:
        raise InvalidInput(f"{what} must be below {MAX_AMOUNT:,}.", field=field)
    if amount.normalize().as_tuple().exponent < -4:  # type: ignore[operator]
        raise InvalidInput(f"{what} can have at most 4 decimal places.", field=field)
    return amount


def taken_portions(portions: Any, rows: Any, plan_id: int | None = None) -> list[bool]:
    """Which of a day's portions are logged. A dose logged under this plan (`plan_id`; every row
    when None) ticks the first untaken portion with the planned amount it was logged against (so
    unequal portions are told apart). On the day a plan is replaced, a dose logged under the
    earlier plan then ticks the next untaken portion in order: that time of day is taken, so
    nobody is told to take a morning dose twice."""
    taken = [False] * len(portions)
    earlier = []
    for row in rows:
        if plan_id is not None and getattr(row, "plan_id", plan_id) != plan_id:
            earlier.append(row)
            continue
        planned = getattr(row, "planned_amount", None)
        for i, portion in enumerate(portions):
            if not taken[i] and planned is not None and portion.amount == planned:
                taken[i] = True
                break
    for _ in earlier:
        nxt = next((i for i, t in enumerate(taken) if not t), None)
        if nxt is None:
            break
        taken[nxt] = True
    return taken


def split_by_plan(rows: Any, plan_id: int) -> tuple[list[Any], list[Any]]:
    """A day's doses as (logged under the active plan, logged under an earlier plan that day).
    The active plan judges only its own: its "so far", above-plan and lapse advice; the earlier
    ones are real intake, said apart, never called a lapse of the new plan."""
    mine = [r for r in rows if r.plan_id == plan_id]
    return mine, [r for r in rows if r.plan_id != plan_id]


def take_dose(
    engine: Engine,
    person_id: int,
    *,
    day: date,
    today: date,
    amount: Any = None,
    portion: int | None = None,
    taken_at: datetime | None = None,
    note: str | None = None,
) -> DoseTaken:
    """Log one dose. `portion` (0-based) is the planned portion it stands for (the web's "Taken"
    beside it); without it, the next portion not yet logged that day. Without an amount, that
    portion's planned amount is logged. A typed amount obeys the shared limits (domain/limits.py).
    Doses beyond the planned portions have no planned amount."""
    from stepdown.domain import limits
    from stepdown.services.common import start_ceiling

    refuse_future(day, today, what="a dose")
    now = utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        current = require_plan(session, person_id)
        unit = current.plan.unit
        actual = (
            None
            if amount is None
            else limits.parse_amount(
                amount,
                unit=unit,
                field="amount",
                what="The amount",
                tablet_strengths=limits.form_strengths(current.plan.form),
            )
        )
        step = current.plan.step_on(day)
        already, earlier = split_by_plan(logs.doses_between(session, person_id, day, day), current.row.id)
        portions = step.portions if step is not None else ()
        done = taken_portions(portions, already + earlier, current.row.id)
        planned = None
        if portion is not None:
            if isinstance(portion, bool) or not isinstance(portion, int) or not 0 <= portion < len(portions):
                raise InvalidInput("There is no such planned dose for that day.", field="portion")
            if done[portion]:
                raise InvalidInput(
                    "That dose is already logged for the day; to change it, correct the logged dose.",
                    field="portion",
                )
            planned = portions[portion].amount
        else:
            nxt = next((i for i, d in enumerate(done) if not d), None)
            planned = portions[nxt].amount if nxt is not None else None
        if actual is None:
            if planned is None:
                from stepdown.messages.daily import NO_DOSE_LEFT

                raise InvalidInput(NO_DOSE_LEFT, field="amount")
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
            unit=unit,
            note=note,
        )
        taken_today = sum((d.actual_amount for d in already), Decimal(0)) + actual
        planned_today = step.daily_amount if step is not None else None
        ceiling = start_ceiling(session, current)
        return DoseTaken(
            id=row.id,
            day=day,
            planned=planned,
            actual=actual,
            unit=unit,
            taken_today=taken_today,
            planned_today=planned_today,
            above_plan=taken_today > _reference(current.plan, day, planned_today),
            start_amount=ceiling,
            above_start=taken_today > ceiling,
            earlier_plan_today=sum((d.actual_amount for d in earlier), Decimal(0)),
        )


def _reference(plan: Any, day: date, planned_today: Decimal | None) -> Decimal:
    """The day's plan to compare a total with: before the start the usual (starting) amount,
    after the end nothing (any dose then is above the plan: tolerance has fallen)."""
    if planned_today is not None:
        return planned_today
    from stepdown.domain.toolkit.lapse import starting_amount

    return starting_amount(plan) if day < plan.start else Decimal(0)


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
                    "Give one of them, or the amount you took.",
                    field="meal",
                )
            if serving is None:
                from stepdown.messages.daily import NO_MAGNESIUM_LEFT

                raise InvalidInput(NO_MAGNESIUM_LEFT, field="elemental_mg")
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
            plan_blocked=_blocked_reason(data),
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


def _blocked_reason(data: dict[str, Any] | None) -> str | None:
    """Why the saved magnesium plan gives 0 mg (kidney disease, ...), or None when it does not."""
    if not data or not (data.get("blocked") or data.get("daily_elemental_mg") == 0):
        return None
    from stepdown.messages.daily import MAGNESIUM_BLOCKED

    reasons = [
        w.get("text") for w in data.get("warnings") or [] if w.get("level") == "block" and w.get("text")
    ]
    return " ".join([MAGNESIUM_BLOCKED, *reasons])


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
