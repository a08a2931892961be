"""Supply on hand: when it runs out, and how much more is needed.

Supply loss is a real risk for people on 7-OH products now being scheduled (DEA notice of intent,
1 July 2026; clinical-facts.md section 3): running out mid-taper is a sudden stop.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from stepdown.domain.plan import Plan, Step


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


# --- what is left, after doses and refills, against the plan as it stands -------------------------


@dataclass(frozen=True)
class SupplyLeft:
    """The supply as of `day`: what the person started with, refilled and used, what is left, and
    what the plan (the active revision) still needs from `day` on. All in measurable units."""

    day: date
    unit: str  # "tablets", "g", "mg" or "ml"
    started_with: Decimal
    refilled: Decimal
    used: Decimal  # doses logged against this plan, in measurable units
    left: Decimal  # never below 0 (more logged than recorded means the count is off, not a debt)
    needed: Decimal  # units the plan needs from `day` on (today's doses not yet logged included)
    short_by: Decimal
    runs_out_on: date | None  # first day the supply cannot cover in full; None if it lasts
    plan_end: date

    @property
    def enough(self) -> bool:
        return self.runs_out_on is None

    def refill_due(self, warn_days: int) -> bool:
        """True when the supply runs out within `warn_days` days of `day` (today included)."""
        return self.runs_out_on is not None and (self.runs_out_on - self.day).days <= warn_days

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.day.isoformat(),
            "unit": self.unit,
            "started_with": _json(self.started_with),
            "refilled": _json(self.refilled),
            "used": _json(self.used),
            "left": _json(self.left),
            "on_hand": _json(self.left),  # the planner's key: what the check counted against
            "needed": _json(self.needed),
            "short_by": _json(self.short_by),
            "runs_out_on": self.runs_out_on.isoformat() if self.runs_out_on else None,
        }


def measure_unit(plan: Plan) -> str:
    """The plural the person counts their supply in: "tablets", "g", "mg" or "ml"."""
    for step in plan.steps:
        for portion in step.portions:
            return f"{portion.measure_unit}s" if portion.measure_unit == "tablet" else portion.measure_unit
    return plan.form.unit


def units_for(plan: Plan, day: date, amount: Decimal) -> Decimal:
    """Measurable units for `amount` (in the plan's unit) taken on `day`.

    The ratio comes from the step on that day (the nearest step outside the plan), so a plan that
    mixes tablet strengths counts each day's tablets; amounts between whole tablets stay exact."""
    steps = plan.steps
    if not steps:
        return amount
    here = plan.step_on(day) or (steps[0] if day < steps[0].start else steps[-1])
    for step in (here, *steps):
        for portion in step.portions:
            if portion.amount > 0:
                return amount * portion.measure / portion.amount
    return amount


def supply_left(
    plan: Plan,
    day: date,
    *,
    started_with: Decimal,
    refilled: Decimal = Decimal(0),
    used: Decimal = Decimal(0),
    used_today: Decimal = Decimal(0),
) -> SupplyLeft:
    """What is left (started_with + refilled - used) against what `plan` needs from `day` on.

    `used` counts every dose logged for this plan (today's included); `used_today` is the part of it
    logged on `day`, which comes off today's planned units so today is not counted twice."""
    left = max(started_with + refilled - used, Decimal(0))
    segments = _segments_from(plan, day, used_today)
    needed = sum((daily * days for _, days, daily in segments), Decimal(0))
    remaining = left
    runs_out: date | None = None
    for start, days, daily in segments:
        if daily <= 0:
            continue
        full_days = int((remaining / daily).to_integral_value(rounding=ROUND_FLOOR))
        if full_days < days:
            runs_out = start + timedelta(days=full_days)
            break
        remaining -= daily * days
    return SupplyLeft(
        day=day,
        unit=measure_unit(plan),
        started_with=started_with,
        refilled=refilled,
        used=used,
        left=left,
        needed=_tidy(needed),
        short_by=_tidy(max(needed - left, Decimal(0))),
        runs_out_on=runs_out,
        plan_end=plan.end,
    )


def _segments_from(plan: Plan, day: date, used_today: Decimal) -> list[tuple[date, int, Decimal]]:
    """(start, days, units a day) for every planned day from `day` on; today less what is logged."""
    out: list[tuple[date, int, Decimal]] = []
    for step in plan.steps:
        daily = per_day(step) if step.portions else step.units_needed / step.days
        if step.end < day:
            continue
        if step.start > day:
            out.append((step.start, step.days, daily))
            continue
        out.append((day, 1, max(daily - used_today, Decimal(0))))  # today, the part not yet taken
        if step.end > day:
            out.append((day + timedelta(days=1), (step.end - day).days, daily))
    return out


def with_supply_left(plan: Plan, status: SupplyLeft, warning: str | None) -> Plan:
    """`plan` with its supply figures (extra["supply"]) and run-out warning replaced by `status`'s.

    The stale warning (the one stored with the old figures) is removed, so a revision never carries
    "runs out on" figures of an earlier version. `warning` is the worded run-out warning, if any."""
    old = dict(plan.extra.get("supply") or {})
    stale = old.get("warning")
    old_style = stale is None  # stored before the figures carried their warning's text
    warnings = [
        w for w in plan.warnings if w != stale and not (old_style and w.startswith(_PLANNER_WARNING_START))
    ]
    if warning:
        warnings.append(warning)
    extra = dict(plan.extra)
    extra["supply"] = {**status.to_dict(), "warning": warning}
    return replace(plan, warnings=tuple(warnings), extra=extra, on_hand=status.started_with)


# The planner's own run-out warning (stored before supply figures carried their warning's text).
_PLANNER_WARNING_START = "Your supply of "


def _tidy(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.001")).normalize()


def _json(value: Decimal) -> float | int:
    value = _tidy(value)
    return int(value) if value == value.to_integral_value() else float(value)
