"""Doses taken, as the dose chart draws them: recent days one by one, older weeks as averages, and
sums per step of the plan for its table. Pure: no I/O, no clock.

`taken_by_day` makes it from day totals (the PDF, the clinic, small histories); the Plan page has the
database make the same figures (services.views.plan_history), so years of doses cost what weeks do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from stepdown.domain.plan import Plan

CENTS = Decimal("0.01")


@dataclass(frozen=True)
class StepTaken:
    """The days logged within one step of the plan."""

    days: int = 0
    total: Decimal = Decimal(0)  # their day totals added up
    above: int = 0  # days above the step's daily amount


@dataclass(frozen=True)
class Taken:
    days: Mapping[date, Decimal]  # day totals drawn one by one (from `detail_from` on)
    weeks: tuple[tuple[date, Decimal], ...]  # before `detail_from`: (Monday, average of its days logged)
    detail_from: date | None  # None: every day is in `days`
    logged: int  # days with a dose logged, in all
    first: date | None  # the first and last day logged
    last: date | None
    per_step: tuple[StepTaken, ...]  # one per step of the plan


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def taken_by_day(plan: Plan, per_day: Mapping[date, Decimal], *, detail_from: date | None = None) -> Taken:
    """`Taken` from the day totals: days before `detail_from` averaged by week (Monday to Sunday)."""
    recent = {d: v for d, v in per_day.items() if detail_from is None or d >= detail_from}
    by_week: dict[date, list[Decimal]] = {}
    for d, v in sorted(per_day.items()):
        if detail_from is not None and d < detail_from:
            by_week.setdefault(monday(d), []).append(v)
    weeks = tuple((w, (sum(vs, Decimal(0)) / len(vs)).quantize(CENTS)) for w, vs in by_week.items())
    found: list[list[Decimal]] = [[] for _ in plan.steps]
    above = [0] * len(plan.steps)
    for d, v in per_day.items():  # one pass (Plan.step_index bisects): years of days x many steps add up
        i = plan.step_index(d)
        if i is not None:
            found[i].append(v)
            above[i] += v > plan.steps[i].daily_amount
    return Taken(
        days=recent,
        weeks=weeks,
        detail_from=detail_from,
        logged=len(per_day),
        first=min(per_day, default=None),
        last=max(per_day, default=None),
        per_step=tuple(
            StepTaken(len(vs), sum(vs, Decimal(0)), n) for vs, n in zip(found, above, strict=True)
        ),
    )


def weekly_means(points: Iterable[tuple[date, float]]) -> tuple[tuple[date, float], ...]:
    """(Monday, mean of the week's values) for each week with a value, oldest first."""
    by_week: dict[date, list[float]] = {}
    for d, v in points:
        by_week.setdefault(monday(d), []).append(v)
    return tuple((w, round(sum(vs) / len(vs), 2)) for w, vs in sorted(by_week.items()))
