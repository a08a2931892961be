"""Milestones worth celebrating, and the money no longer spent.

Milestones (each has a stable `code`; storage keeps one row per code, so each is celebrated once):
- `step:<amount>:<unit>`      a dose level completed (contiguous steps on one amount count as one level;
                              the final level is the last dose instead). Once ever per amount.
- `halfway:<plan start>`      half of the plan's days are behind the person.
- `last_dose:<day>`           the day of the last planned dose.
- `days_free:<n>:<last day>`  n days after the last planned dose, n in DAYS_FREE.
Codes that carry a day belong to one attempt: after a re-plan, the new attempt has its own. A lapse
never removes a milestone already reached; lapses are shown beside milestones, not subtracted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stepdown.domain.days import DayText, iso
from stepdown.domain.plan import Plan
from stepdown.domain.toolkit import _parse
from stepdown.messages import toolkit as msg

DAYS_FREE = (1, 3, 7, 14, 30, 60, 90, 180, 365)


@dataclass(frozen=True)
class Milestone:
    code: str
    kind: str  # step | halfway | last_dose | days_free
    achieved_on: date
    text: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "achieved_on": self.achieved_on.isoformat(),
            "text": self.text,
            "data": dict(self.data),
        }


def _amount(value: Decimal) -> str:
    return format(value.normalize(), "f")


def levels(plan: Plan) -> list[tuple[Decimal, date, date]]:
    """(daily amount, first day, last day) for each run of consecutive steps on one amount."""
    runs: list[tuple[Decimal, date, date]] = []
    for step in plan.steps:
        if runs and runs[-1][0] == step.daily_amount and runs[-1][2] + timedelta(days=1) == step.start:
            runs[-1] = (runs[-1][0], runs[-1][1], step.end)
        else:
            runs.append((step.daily_amount, step.start, step.end))
    return runs


def reached(
    plan: Plan,
    *,
    today: date,
    lived_from: date | None = None,
    logged: Collection[date] = (),
    day_text: DayText = iso,
) -> list[Milestone]:
    """Every milestone of `plan` reached on or before `today`, oldest first.

    Milestones are reached by days lived on the plan, not by the calendar alone. A day is lived
    when it is on or after `lived_from` (the day the person began using stepdown; None: every day)
    or is in `logged` (a dose logged for it, even later): a plan entered with a past start has
    lived none of its earlier days until the person logs them.
    - A level is completed by moving down from it after living a day of it; a level left for a
      higher one (a return to the previous step) is not completed.
    - Halfway: half of the plan's days lived, while the taper still runs (the calendar's middle
      alone is not halfway for someone who joined there)."""
    early = frozenset(d for d in logged if lived_from is not None and d < lived_from)

    def lived(day: date) -> bool:
        return lived_from is None or day >= lived_from or day in early

    def lived_any(first: date, last: date) -> bool:
        return lived_from is None or last >= lived_from or any(first <= d <= last for d in early)

    found: list[Milestone] = []
    runs = levels(plan)
    seen: set[Decimal] = set()
    for (amount, first, last), (following, _, _) in zip(runs[:-1], runs[1:], strict=True):
        if following > amount or amount in seen:
            continue  # a return is not a completion; a level counts once
        if not lived_any(first, last):
            continue
        if today > last:
            seen.add(amount)
            text = msg.MILESTONE_STEP.format(amount=_amount(amount), unit=plan.unit)
            found.append(
                Milestone(
                    f"step:{_amount(amount)}:{plan.unit}", "step", last, text, {"amount": _amount(amount)}
                )
            )
    halfway = _halfway(plan, lived_from, early)
    if halfway is not None and today >= halfway:
        found.append(
            Milestone(f"halfway:{plan.start.isoformat()}", "halfway", halfway, msg.MILESTONE_HALFWAY)
        )
    end = plan.end
    if today >= end and lived(end):
        found.append(
            Milestone(
                f"last_dose:{end.isoformat()}",
                "last_dose",
                end,
                msg.MILESTONE_LAST_DOSE.format(day=day_text(end)),
            )
        )
    for n in DAYS_FREE:
        day = end + timedelta(days=n)
        if today >= day and lived(day):
            text = msg.MILESTONE_DAYS_FREE.format(days=n, day_word="day" if n == 1 else "days")
            found.append(Milestone(f"days_free:{n}:{end.isoformat()}", "days_free", day, text, {"days": n}))
    found.sort(key=lambda m: (m.achieved_on, m.kind != "step"))
    return found


def _halfway(plan: Plan, lived_from: date | None, early: frozenset[date]) -> date | None:
    """The day after the person has lived half of the plan's days (the days logged before
    `lived_from`, then every day from it), or None if that falls after the last planned day."""
    half = ((plan.end - plan.start).days + 1) // 2
    if half < 1:
        return None
    before = sorted(d for d in early if plan.start <= d <= plan.end)
    if half <= len(before):
        last_lived = before[half - 1]
    else:
        from_day = plan.start if lived_from is None else max(lived_from, plan.start)
        last_lived = from_day + timedelta(days=half - len(before) - 1)
    day = last_lived + timedelta(days=1)
    return day if day <= plan.end else None


def to_celebrate(milestones: Sequence[Milestone], celebrated_codes: Iterable[str]) -> list[Milestone]:
    """The reached milestones not celebrated yet: each code is celebrated exactly once."""
    done = set(celebrated_codes)
    fresh: list[Milestone] = []
    for m in milestones:
        if m.code not in done:
            done.add(m.code)
            fresh.append(m)
    return fresh


def starting_amount(plan: Plan) -> Decimal:
    """The daily amount before the taper: the planner's `starting_amount`, else the first step's."""
    value = plan.extra.get("starting_amount")
    return Decimal(str(value)) if value is not None else plan.steps[0].daily_amount


def days_since_last_dose(plan: Plan, *, today: date) -> int | None:
    """Whole days since the last planned dose, or None while the taper is still running."""
    if today <= plan.end:
        return None
    return (today - plan.end).days


# --- money ----------------------------------------------------------------------------------------


def validate_cost(value: Any) -> Decimal:
    return _parse.decimal(value, "cost_per_unit", "The cost per unit", maximum=Decimal(1_000_000))


@dataclass(frozen=True)
class Money:
    amount: Decimal  # never below 0: "nothing yet", not a debt
    days: int
    baseline_daily: Decimal
    cost_per_unit: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": str(self.amount),
            "days": self.days,
            "baseline_daily": str(self.baseline_daily),
            "cost_per_unit": str(self.cost_per_unit),
        }


def money_not_spent(
    plan: Plan,
    *,
    baseline_daily: Decimal,
    cost_per_unit: Decimal,
    today: date,
    taken_by_day: Mapping[date, Decimal] | None = None,
    lapse_amounts: Iterable[Decimal] = (),
) -> Money:
    """Money not spent on each finished day since the plan started: (baseline - amount) x cost.

    A day's amount is what the person logged taking; on days without a log, the planned amount (after
    the plan ends, 0). Lapses count as money spent. `today` itself is not finished, so not counted.
    """
    taken = taken_by_day or {}
    saved = Decimal(0)
    days = 0
    day = plan.start
    while day < today:
        if day in taken:
            amount = taken[day]
        else:
            step = plan.step_on(day)
            amount = step.daily_amount if step is not None else Decimal(0)
        saved += (baseline_daily - amount) * cost_per_unit
        days += 1
        day += timedelta(days=1)
    saved -= sum((Decimal(a) for a in lapse_amounts), Decimal(0)) * cost_per_unit
    saved = max(Decimal(0), saved).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Money(saved, days, baseline_daily, cost_per_unit)


def format_money(amount: Decimal, currency: str = "$") -> str:
    return f"{currency}{amount:,.2f}"
