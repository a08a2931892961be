"""Plan transformations: hold, slow down, and (only when the person asks) return to the previous step.

"No faster" is defined precisely (see `is_no_faster`): from the day of the change on, the new plan's
daily amount is never below the old plan's on any day, and the last dose day is never earlier.
Days before the change are never altered (`keeps_past`). Every transformation checks both on its own
result and refuses (InvalidInput) rather than return a plan that breaks them.

Each change is recorded in `plan.extra["adaptations"]` (kind, day, details) so the plan itself
carries its history: `evaluate` counts holds within a step from it.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan, Step
from stepdown.messages import adapt as msg

MAX_HOLD_DAYS = 14
MAX_RETURN_DAYS = 28
MIN_SLOW_FACTOR = Decimal("1.1")
MAX_SLOW_FACTOR = Decimal("3")


# --- reading a plan ---------------------------------------------------------------------------


def amount_on(plan: Plan, day: date) -> Decimal:
    """The planned daily amount on `day`: the first step's before the start, 0 after the end."""
    index = step_index(plan, day)
    return Decimal(0) if index is None else plan.steps[index].daily_amount


def step_index(plan: Plan, day: date) -> int | None:
    """Index of the step covering `day`; 0 before the start; None after the end."""
    steps = plan.steps
    if day < steps[0].start:
        return 0
    i = len(steps) - 1
    while steps[i].start > day:  # the last step starting on or before `day` (plain date compares)
        i -= 1
    return i if (day - steps[i].start).days < steps[i].days else None


def run_bounds(plan: Plan, index: int) -> tuple[int, int]:
    """First and last index of the run of consecutive steps with the same amount as step `index`."""
    amount = plan.steps[index].daily_amount
    first = index
    while first > 0 and plan.steps[first - 1].daily_amount == amount:
        first -= 1
    last = index
    while last + 1 < len(plan.steps) and plan.steps[last + 1].daily_amount == amount:
        last += 1
    return first, last


def first_cut_day(plan: Plan) -> date | None:
    """The first day on a lower amount than the person took before the plan (None if no cut).

    "Before the plan" is the planner's `starting_amount`: with no stabilise days (the default) the
    first step is already a cut, and its strong symptoms must be judged against the pre-cut state,
    not absorbed into the baseline. Plans without it: a first step that records a cut is one."""
    first = plan.steps[0]
    start = plan.extra.get("starting_amount")
    if start is not None:
        before = Decimal(str(start))
    elif first.kind == "taper" and first.cut_percent is not None and first.cut_percent > 0:
        return first.start
    else:
        before = first.daily_amount
    for step in plan.steps:
        if step.daily_amount < before:
            return step.start
    return None


def adaptations(plan: Plan) -> list[dict[str, Any]]:
    return list(plan.extra.get("adaptations") or [])


# --- the "no faster" rule ---------------------------------------------------------------------


def _breakpoints(plans: tuple[Plan, ...], low: date, high: date) -> list[date]:
    """Days in [low, high] where some plan's amount may change, plus `low` itself.

    Between two consecutive breakpoints every plan's amount is constant, so comparing plans on
    these days compares them on every day (and stays fast for plans of any length).
    """
    days = {low}
    for plan in plans:
        for step in plan.steps:
            days.add(step.start)
        days.add(plan.first_free_day)
    return sorted(d for d in days if low <= d <= high)


def is_no_faster(old: Plan, new: Plan, from_day: date) -> bool:
    """True when `new` is not faster than `old` from `from_day` on.

    Faster means: on some day on or after `from_day` the new plan's daily amount is below the old
    plan's (amount_on: the first step's amount before the start, 0 after the end), or the last dose
    day comes earlier, or the unit changed (amounts would not be comparable).
    """
    if new.unit != old.unit or new.end < old.end:
        return False
    last = max(old.first_free_day, new.first_free_day)
    return all(amount_on(new, d) >= amount_on(old, d) for d in _breakpoints((old, new), from_day, last))


def keeps_past(old: Plan, new: Plan, day: date) -> bool:
    """True when every day before `day` has the same planned amount in both plans."""
    first = min(old.start, new.start)
    if day <= first:
        return True
    days = _breakpoints((old, new), first, day - timedelta(days=1))
    return all(amount_on(old, d) == amount_on(new, d) for d in days)


def _checked(old: Plan, new: Plan, day: date) -> Plan:
    if not (is_no_faster(old, new, day) and keeps_past(old, new, day)):
        # Only possible when the plan itself goes up somewhere later: re-dating it could move a
        # lower amount earlier. Refuse rather than speed anything up.
        raise InvalidInput(msg.CANNOT_ADAPT, field="plan")
    return new


# --- building steps ---------------------------------------------------------------------------


def _per_day_units(step: Step) -> Decimal:
    per_day = sum((p.measure for p in step.portions), Decimal(0))
    if step.portions and per_day * step.days == step.units_needed:
        return per_day
    return step.units_needed / step.days


def _with_days(step: Step, start: date, days: int) -> Step:
    units = _per_day_units(step) * days
    return replace(step, start=start, days=days, units_needed=_tidy(units))


def _tidy(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()


def _redate(steps: list[Step], start: date) -> tuple[Step, ...]:
    out: list[Step] = []
    day = start
    for step in steps:
        out.append(replace(step, start=day))
        day += timedelta(days=step.days)
    return tuple(out)


def _record(
    plan: Plan, steps: tuple[Step, ...], entry: dict[str, Any], warnings: tuple[str, ...] = ()
) -> Plan:
    extra = dict(plan.extra)
    extra["adaptations"] = [*adaptations(plan), entry]
    all_warnings = plan.warnings + tuple(w for w in warnings if w not in plan.warnings)
    return replace(plan, steps=steps, extra=extra, warnings=all_warnings)


def _whole(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{name} must be a whole number of days from {low} to {high}.", field=name)
    return value


def _active_index(plan: Plan, day: date) -> int:
    index = step_index(plan, day)
    if index is None:
        raise InvalidInput(msg.PLAN_FINISHED.format(end=plan.end.isoformat()), field="day")
    return index


# --- transformations --------------------------------------------------------------------------


def apply_hold(plan: Plan, day: date, days: int, *, reason: str = "hold") -> Plan:
    """Stay on the current amount `days` more days before the next change; later steps move later.

    The extra days go after the last step on the current amount (a step of kind "hold", merged
    with one already there), so today's and every earlier day's amount stay as they were.
    """
    days = _whole(days, "days", 1, MAX_HOLD_DAYS)
    index = _active_index(plan, day)
    _, last = run_bounds(plan, index)
    steps = list(plan.steps)
    tail = steps[last]
    if tail.kind == "hold":
        steps[last] = _with_days(tail, tail.start, tail.days + days)
    else:
        hold = _with_days(tail, tail.end + timedelta(days=1), days)
        steps.insert(last + 1, replace(hold, kind="hold", cut_percent=Decimal(0)))
    new = _record(
        plan,
        _redate(steps, plan.start),
        {"kind": "hold", "day": day.isoformat(), "days": days, "reason": reason},
    )
    return _checked(plan, new, day)


def _stretch(days: int, factor: Decimal) -> int:
    """Longer by `factor`, rounded up, and always at least one day longer."""
    return max(math.ceil(Decimal(days) * factor), days + 1)


def apply_slowdown(plan: Plan, day: date, factor: Decimal = Decimal("1.5")) -> Plan:
    """Make the rest of the plan gentler: every remaining step lasts longer by `factor`.

    The days left in the current step after `day` and every later step are multiplied by `factor`,
    rounded up, and lengthened by at least one day. Amounts are unchanged, so every dose stays
    measurable; the next cut comes at least one day later and the plan ends later.
    """
    factor = Decimal(str(factor))
    if not MIN_SLOW_FACTOR <= factor <= MAX_SLOW_FACTOR:
        raise InvalidInput(
            f"The slow-down factor must be from {MIN_SLOW_FACTOR} to {MAX_SLOW_FACTOR}.", field="factor"
        )
    index = _active_index(plan, day)
    steps = list(plan.steps)
    current = steps[index]
    done = max(0, (day - current.start).days + 1)  # days of the current step up to and including `day`
    left = current.days - done
    steps[index] = _with_days(current, current.start, done + _stretch(left, factor))
    for i in range(index + 1, len(steps)):
        steps[i] = _with_days(steps[i], steps[i].start, _stretch(steps[i].days, factor))
    new = _record(
        plan,
        _redate(steps, plan.start),
        {"kind": "slow", "day": day.isoformat(), "factor": str(factor)},
    )
    return _checked(plan, new, day)


def _pct_change(old: Decimal, new: Decimal) -> Decimal:
    return ((old - new) / old * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def return_to_previous_step(plan: Plan, day: date, days: int | None = None) -> Plan:
    """Only when the person asks: from `day`, go back to the previous (higher) amount for `days`
    (default: that step's own length), then retry the current amount for at least a full step.

    Carries the tolerance caution in the plan's warnings: a higher amount after even a few days on a
    lower one can cause an overdose.
    """
    index = step_index(plan, day)
    if index is None or day < plan.start:
        raise InvalidInput(msg.RETURN_NOT_ACTIVE.format(start=plan.start, end=plan.end), field="day")
    first, last = run_bounds(plan, index)
    if first == 0:
        raise InvalidInput(msg.RETURN_NO_EARLIER_STEP, field="day")
    previous = plan.steps[first - 1]
    current = plan.steps[first]
    if previous.daily_amount <= current.daily_amount:
        raise InvalidInput(msg.RETURN_NOT_HIGHER, field="day")
    run_end = plan.steps[last].end
    if days is None:
        # The previous amount's own step length (its first step, before any hold), at most 4 weeks.
        days = min(plan.steps[run_bounds(plan, first - 1)[0]].days, MAX_RETURN_DAYS)
    days = _whole(days, "days", 1, MAX_RETURN_DAYS)
    remainder = (run_end - day).days + 1
    steps: list[Step] = list(plan.steps[:index])
    covering = plan.steps[index]
    if day > covering.start:
        steps.append(_with_days(covering, covering.start, (day - covering.start).days))
    back = _with_days(previous, day, days)
    steps.append(replace(back, kind="hold", cut_percent=_pct_change(current.daily_amount, back.daily_amount)))
    retry = _with_days(current, day, max(current.days, remainder))
    steps.append(replace(retry, cut_percent=_pct_change(back.daily_amount, retry.daily_amount)))
    steps.extend(plan.steps[last + 1 :])
    new = _record(
        plan,
        _redate(steps, plan.start),
        {
            "kind": "return",
            "day": day.isoformat(),
            "days": days,
            "amount": str(previous.daily_amount),
            "caution": msg.RETURN_CAUTION,
        },
        warnings=(msg.RETURN_CAUTION,),
    )
    return _checked(plan, new, day)
