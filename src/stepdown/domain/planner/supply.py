"""Supply on hand: when it runs out, and how much more is needed.

Supply loss is a real risk for people on 7-OH products now being scheduled (DEA notice of intent,
1 July 2026; clinical-facts.md section 3): running out mid-taper is a sudden stop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from stepdown.domain.plan import Step


@dataclass(frozen=True)
class SupplyCheck:
    needed: Decimal
    on_hand: Decimal
    runs_out_on: date | None  # first day the supply cannot cover in full; None if it lasts
    short_by: Decimal  # more units needed to finish the plan (0 when it lasts)

    @property
    def enough(self) -> bool:
        return self.runs_out_on is None


def per_day(step: Step) -> Decimal:
    """Measurable units taken a day on this step (what the portions add up to)."""
    return sum((p.measure for p in step.portions), Decimal(0))


def check_supply(steps: tuple[Step, ...], on_hand: Decimal) -> SupplyCheck:
    remaining = on_hand
    needed = sum((s.units_needed for s in steps), Decimal(0))
    runs_out: date | None = None
    for step in steps:
        daily = per_day(step)
        if daily == 0:
            continue
        full_days = int((remaining / daily).to_integral_value(rounding=ROUND_FLOOR))
        if full_days < step.days:
            runs_out = step.start + timedelta(days=full_days)
            break
        remaining -= daily * step.days
    return SupplyCheck(
        needed=needed,
        on_hand=on_hand,
        runs_out_on=runs_out,
        short_by=max(needed - on_hand, Decimal(0)),
    )
