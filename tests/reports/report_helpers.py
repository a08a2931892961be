"""Helpers for the report tests (imported as `report_helpers`; pytest puts this folder on sys.path)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from stepdown.domain.plan import DoseForm, Plan, Portion, Step


def make_test_plan(
    start: date = date(2026, 10, 26),
    amounts: tuple[int, ...] = (20, 16, 12, 8),
    days: tuple[int, ...] = (4, 4, 4, 4),
    times_per_day: int = 2,
) -> Plan:
    """A tablet plan of 5 mg tablets split in quarters; each step's amount split evenly over the day."""
    form = DoseForm(kind="tablet", unit="mg", strengths=(Decimal(5),), pieces=4)
    steps = []
    day = start
    previous: int | None = None
    for amount, length in zip(amounts, days, strict=True):
        each = Decimal(amount) / times_per_day
        tablets = each / 5
        portions = tuple(
            Portion(
                amount=each,
                measure=tablets,
                measure_unit="tablet",
                label=f"{tablets:g} tablets ({each:g} mg)",
            )
            for _ in range(times_per_day)
        )
        cut = None if previous is None else Decimal(100 * (previous - amount)) / previous
        steps.append(
            Step(
                start=day,
                days=length,
                daily_amount=Decimal(amount),
                unit="mg",
                portions=portions,
                cut_percent=cut,
                units_needed=tablets * times_per_day * length,
                kind="stabilise" if previous is None else "taper",
            )
        )
        day += timedelta(days=length)
        previous = amount
    return Plan(style="short", form=form, times_per_day=times_per_day, steps=tuple(steps))
