"""Lapses: unplanned use, written down without judgement, and a gentler plan from where the person is.

Rules:
- A lapse is history. It never resets a counter or removes a milestone; it is shown with its notes.
- The re-plan starts from the daily amount the person actually takes now and is gentler than the
  plan it replaces: a smaller cut (never larger) and strictly longer steps, after a few steady days.
  "If significant signs or symptoms emerge, the taper should be slowed or paused" (ASAM 2025
  benzodiazepine tapering guideline; clinical-facts.md section 4); a lapse is such a sign.
  Halving the cut and making steps half as long again are our own cautious defaults (`ReplanSettings`).
- The re-plan is only a proposal: the person accepts or declines it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from statistics import median
from typing import Any

from stepdown.domain import limits
from stepdown.domain.days import DayText, count, iso
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan, Step
from stepdown.domain.planner import STYLES, PlanRequest, make_plan  # the planner owns every dosing rule
from stepdown.domain.toolkit import _parse
from stepdown.domain.toolkit.milestones import levels
from stepdown.messages import toolkit as msg

PROMPT_IDS = tuple(pid for pid, _ in msg.REFLECTION_PROMPTS)


@dataclass(frozen=True)
class Lapse:
    amount: Decimal
    unit: str
    at: datetime
    led_to: str | None = None
    reflection: dict[str, str] = field(default_factory=dict)
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": str(self.amount),
            "unit": self.unit,
            "at": self.at.isoformat(),
            "led_to": self.led_to,
            "reflection": dict(self.reflection),
            "note": self.note,
        }


def validate_reflection(raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise InvalidInput("Reflection answers must be given per question.", field="reflection")
    answers: dict[str, str] = {}
    for key, value in raw.items():
        if key not in PROMPT_IDS:
            raise InvalidInput(
                f"Unknown reflection question '{key}'; accepted: {', '.join(PROMPT_IDS)}.", field="reflection"
            )
        if key == "too_fast":
            choice = value.strip().lower() if isinstance(value, str) else value
            if choice in ("", None):
                continue
            if choice not in msg.TOO_FAST_CHOICES:
                raise InvalidInput(
                    "'Did the taper feel too fast?' accepts yes, no or not sure.", field="too_fast"
                )
            answers[key] = choice
            continue
        answer = _parse.text(value, key, "A reflection answer", max_len=1000)
        if answer:
            answers[key] = answer
    return answers


def validate_lapse(
    raw: Mapping[str, Any], *, now: datetime, default_unit: str, tablet_strengths: tuple[Decimal, ...] = ()
) -> Lapse:
    """Check a logged lapse; raises InvalidInput (with the field) on the first problem.

    The amount obeys the shared plausibility limits (`stepdown.domain.limits`) in its unit, one of
    the units stepdown knows (not free text, so the limit means something)."""
    unit = (_parse.text(raw.get("unit"), "unit", "The unit", max_len=20) or default_unit).lower()
    if unit not in limits.UNITS:
        raise InvalidInput(f"The unit must be one of: {', '.join(limits.UNITS)}; got {unit!r}.", field="unit")
    strengths = tablet_strengths if unit == default_unit else ()
    amount = limits.parse_amount(
        raw.get("amount"), unit=unit, field="amount", what="The amount", tablet_strengths=strengths
    )
    return Lapse(
        amount=amount,
        unit=unit,
        at=_parse.moment(raw.get("at"), "at", "The time of the lapse", now=now),
        led_to=_parse.text(raw.get("led_to"), "led_to", "What led to it", max_len=1000),
        reflection=validate_reflection(raw.get("reflection")),
        note=_parse.text(raw.get("note"), "note", "The note", max_len=2000),
    )


# --- re-plan --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplanSettings:
    cut_factor: Decimal = Decimal("0.5")  # the new cut is half the old one ...
    min_cut_percent: Decimal = Decimal("2.5")  # ... but not below 2.5% unless the old cut already was
    length_factor: Decimal = Decimal("1.5")  # steps half as long again, and at least one day longer
    # steady days on the current amount before the first new cut; None: one full new step, so even
    # the first cut comes no sooner than the new (longer) step length
    stabilise_days: int | None = None


@dataclass(frozen=True)
class Pace:
    cut_percent: Decimal
    every_days: int


@dataclass(frozen=True)
class Replan:
    plan: Plan
    before: Pace
    after: Pace
    explanation: str
    warnings: tuple[str, ...] = ()
    clinician_agreement: Mapping[str, str] | None = None

    def trigger(self) -> dict[str, Any]:
        trigger: dict[str, Any] = {
            "reason": "lapse",
            "before": {"cut_percent": str(self.before.cut_percent), "every_days": self.before.every_days},
            "after": {"cut_percent": str(self.after.cut_percent), "every_days": self.after.every_days},
            "start_amount": str(self.plan.steps[0].daily_amount),
        }
        if self.clinician_agreement is not None:
            trigger["clinician_agreement"] = dict(self.clinician_agreement)
        return trigger


def current_pace(plan: Plan) -> Pace:
    """The plan's cut and step length: its parameters when given, else read from its taper steps."""
    params = {p.name: p.value for p in plan.parameters}
    cuts = [s.cut_percent for s in plan.steps if s.cut_percent is not None and s.cut_percent > 0]
    lengths = [s.days for s in plan.steps if s.kind == "taper"] or [s.days for s in plan.steps]
    cut = params.get("cut_percent")
    cut_value = (
        Decimal(str(cut)) if cut is not None else (Decimal(str(median(cuts))) if cuts else Decimal(10))
    )
    every = params.get("every_days")
    every_value = int(every) if every is not None else (min(lengths) if lengths else 7)
    return Pace(cut_value, max(1, every_value))


def gentler_pace(before: Pace, settings: ReplanSettings | None = None) -> Pace:
    """A smaller (never larger) cut and strictly longer steps."""
    s = settings or ReplanSettings()
    cut = max(before.cut_percent * s.cut_factor, min(s.min_cut_percent, before.cut_percent))
    cut = min(cut, before.cut_percent).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    if cut <= 0:
        cut = before.cut_percent
    every = max(before.every_days + 1, math.ceil(before.every_days * s.length_factor))
    return Pace(cut, every)


def at_least_as_slow(new: Plan, old: Plan) -> Plan:
    """`new` with every amount it shares with `old` held at least as many days as `old` held it.

    A smaller cut of a smaller starting amount can still move a style's phase switch, so a level
    that `old` stretched (units too coarse) could come sooner in `new`; this closes that gap."""
    held: dict[Decimal, int] = {}
    for amount, first, last in levels(old):
        held[amount] = max(held.get(amount, 0), (last - first).days + 1)
    steps: list[Step] = []
    day = new.start
    for step in new.steps:
        days = max(step.days, held.get(step.daily_amount, 0))
        units = step.units_needed if days == step.days else step.units_needed * days / step.days
        steps.append(replace(step, start=day, days=days, units_needed=units))
        day += timedelta(days=days)
    return replace(new, steps=tuple(steps))


def replan_after_lapse(
    plan: Plan,
    *,
    current_daily: Any,
    today: date,
    settings: ReplanSettings | None = None,
    start_ceiling: Decimal | None = None,
    clinician_agreement: Mapping[str, str] | None = None,
    day_text: DayText = iso,
) -> Replan:
    """A gentler plan starting today from `current_daily` (in the plan's unit), via the planner.

    `start_ceiling` is the plan's starting amount (default: this plan's own): a re-plan never starts
    above it unless `clinician_agreement` (trigger["clinician_agreement"]) is given. Checked before
    the planner, so a typo like 502.5 for 52.5 is named as such, never "rounded" to a nearby amount."""
    s = settings or ReplanSettings()
    what = "The daily amount you take now"
    amount = limits.parse_amount(
        current_daily,
        unit=plan.unit,
        field="current_daily",
        what=what,
        tablet_strengths=limits.form_strengths(plan.form),
    )
    ceiling = start_ceiling if start_ceiling is not None else starting_amount(plan)
    limits.check_not_above_start(
        amount,
        ceiling,
        unit=plan.unit,
        field="current_daily",
        what=what,
        clinician_agreed=clinician_agreement is not None,
    )
    before = current_pace(plan)
    style = plan.style if plan.style in ("short", "gradual", "slow", "hyperbolic") else "slow"
    # The preferred pace first; if the planner cannot build it (e.g. it would last over its limit),
    # the least change that is still gentler: the same cut, steps one day longer.
    paces = [gentler_pace(before, s), Pace(before.cut_percent, before.every_days + 1)]
    # never shorter steps than the style's own shortest (a custom plan re-planned as slow: issue 9)
    shortest = STYLES[style].min_every_days
    paces = [Pace(p.cut_percent, max(p.every_days, shortest)) for p in paces]
    start_amount = plan.extra.get("starting_amount")
    first = Decimal(str(start_amount)) if start_amount is not None else plan.steps[0].daily_amount
    error: InvalidInput | None = None
    for after in paces:
        stabilise = s.stabilise_days if s.stabilise_days is not None else after.every_days
        try:
            new = make_plan(
                PlanRequest(
                    daily_amount=amount,
                    form=plan.form,
                    start=today,
                    times_per_day=plan.times_per_day,
                    style=style,
                    cut_percent=after.cut_percent,
                    every_days=after.every_days,
                    stabilise_days=stabilise,
                    final_reference=first,  # the final-dose rule is a share of the taper's first dose
                    day_text=day_text,
                )
            )
            break
        except InvalidInput as exc:
            if exc.field in ("daily_amount", "amount"):
                raise InvalidInput(exc.message, field="current_daily") from exc
            error = exc
    else:
        assert error is not None
        raise error
    new = replace(at_least_as_slow(new, plan), extra={**new.extra, "replanned_after": "lapse"})
    warnings: list[str] = []
    if amount > ceiling:  # only with a recorded clinician agreement (checked above)
        warnings.append(msg.REPLAN_ABOVE_START)
    explanation = msg.REPLAN_EXPLANATION.format(
        amount=_fmt(amount),
        unit=plan.unit,
        stabilise=count(stabilise, "day", "days"),
        cut=_fmt(after.cut_percent),
        every=count(after.every_days, "day", "days"),
        old_cut=_fmt(before.cut_percent),
        old_every=count(before.every_days, "day", "days"),
        end=day_text(new.end),
    )
    return Replan(new, before, after, explanation, tuple(warnings), clinician_agreement)


def starting_amount(plan: Plan) -> Decimal:
    """The daily amount the plan started from (the planner's `starting_amount`, else step 1's)."""
    value = plan.extra.get("starting_amount")
    return Decimal(str(value)) if value is not None else plan.steps[0].daily_amount


def plan_start(revisions: Iterable[tuple[Plan, Mapping[str, Any] | None]]) -> Decimal | None:
    """"The plan's start", one definition for every place that names it (status's "started at",
    the dose log's lapse advice, the clinician PDF) and the ceiling no re-plan may start above: the
    first revision's starting amount, or a later revision's that recorded a clinician's agreement
    and starts higher (issue 9). `revisions` are (plan, trigger) pairs, oldest first."""
    start: Decimal | None = None
    for plan, trigger in revisions:
        amount = starting_amount(plan)
        if start is None or ((trigger or {}).get("clinician_agreement") and amount > start):
            start = amount
    return start


def _fmt(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize(), "f")
    return text


# --- accepting the re-plan ------------------------------------------------------------------------


def shift_plan(plan: Plan, start: date) -> Plan:
    """The same plan moved to begin on `start` (a proposal accepted a few days after it was made)."""
    offset = start - plan.start
    if not offset:
        return plan
    return replace(plan, steps=tuple(replace(s, start=s.start + offset) for s in plan.steps))


def splice(current: Plan, new: Plan) -> Plan:
    """`new` from its first day on, with `current`'s days before it kept as they were (history stays)."""
    kept: list[Step] = []
    for step in current.steps:
        if step.start >= new.start:
            break
        if step.end < new.start:
            kept.append(step)
        else:
            days = (new.start - step.start).days
            units = (step.units_needed * days / step.days).quantize(Decimal("0.0001"))
            kept.append(replace(step, days=days, units_needed=units))
    return replace(new, steps=(*kept, *new.steps))


def plan_from_trigger(
    current: Plan, trigger: Mapping[str, Any], day: date, *, start_ceiling: Decimal | None = None
) -> Plan:
    """The plan to write when a lapse re-plan proposal is accepted on `day`.

    Refuses a proposal (e.g. one stored before the ceiling existed) that starts above the plan's
    starting amount without a recorded clinician agreement."""
    proposed = Plan.from_dict(trigger["plan"])
    limits.check_not_above_start(
        proposed.steps[0].daily_amount,
        start_ceiling if start_ceiling is not None else starting_amount(current),
        unit=proposed.unit,
        field="id",
        what="This re-plan's daily amount",
        clinician_agreed=bool(trigger.get("clinician_agreement")),
    )
    if day > proposed.start:
        proposed = shift_plan(proposed, day)
    return splice(current, proposed)
