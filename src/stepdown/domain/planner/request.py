"""PlanRequest, its checks and the parameters a style and its overrides give (the rules: build.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from stepdown.domain.days import DayText, count, iso
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import DoseForm
from stepdown.domain.planner import styles as st
from stepdown.domain.planner.forms import FORMS, fmt, measure, parse_decimal, validate_amount

MIN_START = date(2000, 1, 1)
MAX_START = date(2099, 12, 31)
OVERRIDE = "Set by you or your clinician"


@dataclass(frozen=True)
class PlanRequest:
    daily_amount: Decimal  # current daily amount, in form.unit
    form: DoseForm  # stepdown.domain.plan.DoseForm (use make_form to build a valid one)
    start: date
    times_per_day: int = 1
    style: str = "short"  # short | gradual | slow | hyperbolic | custom
    cut_percent: Decimal | None = None  # overrides the style's default cut
    every_days: int | None = None  # overrides the style's default step length
    stabilise_days: int = 0  # days on the current dose before the first cut
    final_hold_days: int = 0  # extra days on the last (smallest) dose
    on_hand: Decimal | None = None  # measurable units on hand (tablets, g, mg or ml)
    fit_to_supply: bool = False
    custom_steps: tuple[tuple[Decimal, int], ...] = ()  # (daily amount, days) for style "custom"
    # overrides the style's stopping point (gradual, slow, hyperbolic): % of the starting dose at or
    # below which the next step is off; 0 = taper down to the smallest measurable dose
    stop_percent: Decimal | None = None
    # the person says a clinician agreed to a plan the units or overrides take outside the style's
    # rules; the plan is then built and every exception is listed (never a silent exception)
    clinician_agreed: bool = False
    # a re-plan's taper started higher: the smallest final dose is a share of that first starting
    # dose (the larger of the two), so a re-plan from a lower amount is not refused for units that
    # the original taper could use
    final_reference: Decimal | None = None
    # how the plan's warnings write a day (front ends pass stepdown.formatting.day; no Babel here)
    day_text: DayText = field(default=iso, compare=False, repr=False)


@dataclass(frozen=True)
class _Params:
    style: st.StyleDefaults
    cut: Fraction  # percent
    every: int
    later_cut: Fraction | None
    cut_source: str
    every_source: str
    stop: Fraction = Fraction(0)  # percent of the starting dose
    stop_source: str = ""
    limit: Fraction = Fraction(20)  # percent of the dose before: the largest cut of any step
    final: Fraction = Fraction(25)  # percent of the starting dose: the step to zero is from at most this
    final_base: Fraction | None = None  # the re-plan's reference amount, in quanta


# ---------------------------------------------------------------------------------------- checks


def _check_request(req: PlanRequest) -> None:
    form = req.form
    if not isinstance(form, DoseForm) or form.kind not in FORMS:
        raise InvalidInput("The dose form must be a tablet, powder or liquid.", field="form")
    if req.style not in st.STYLES:
        raise InvalidInput(
            f"Unknown taper style {req.style!r}; use one of: {', '.join(st.STYLES)}.", field="style"
        )
    if not isinstance(req.start, date) or not (MIN_START <= req.start <= MAX_START):
        raise InvalidInput(
            f"The start date must be between {MIN_START.isoformat()} and {MAX_START.isoformat()}.",
            field="start",
        )
    if not isinstance(req.times_per_day, int) or not 1 <= req.times_per_day <= st.MAX_TIMES_PER_DAY:
        raise InvalidInput(
            f"Times a day must be a whole number from 1 to {st.MAX_TIMES_PER_DAY}; got {req.times_per_day}.",
            field="times",
        )
    validate_amount(parse_decimal(req.daily_amount, "amount", "The daily amount"), form)
    if req.cut_percent is not None:
        cut = parse_decimal(req.cut_percent, "cut", "The cut")
        if not st.MIN_CUT_PERCENT <= cut <= st.MAX_CUT_PERCENT:
            raise InvalidInput(
                f"The cut must be between {st.MIN_CUT_PERCENT}% and {st.MAX_CUT_PERCENT}% of the dose; "
                f"got {fmt(cut)}%.",
                field="cut",
            )
    if req.every_days is not None and (
        not isinstance(req.every_days, int) or not st.MIN_EVERY_DAYS <= req.every_days <= st.MAX_EVERY_DAYS
    ):
        raise InvalidInput(
            f"Days between cuts must be a whole number from {st.MIN_EVERY_DAYS} to {st.MAX_EVERY_DAYS}; "
            f"got {req.every_days}.",
            field="every",
        )
    for name, value in (("stabilise", req.stabilise_days), ("final hold", req.final_hold_days)):
        if not isinstance(value, int) or not 0 <= value <= st.MAX_HOLD_DAYS:
            raise InvalidInput(
                f"The {name} days must be a whole number from 0 to {st.MAX_HOLD_DAYS}; got {value}.",
                field=name.replace(" ", "_") + "_days",
            )
    if req.stop_percent is not None:
        stop = parse_decimal(req.stop_percent, "stop_percent", "The stopping point")
        if req.style not in ("gradual", "slow", "hyperbolic"):
            raise InvalidInput(
                f"A stopping point is used by the gradual, slow and hyperbolic styles, not {req.style}.",
                field="stop_percent",
            )
        final = st.STYLES[req.style].stop_percent
        if not 0 <= stop <= final:
            raise InvalidInput(
                f"The stopping point must be between 0% and {fmt(final)}% of the starting dose for the "
                f"{req.style} style (stopping from more would be an abrupt stop); got {fmt(stop)}%.",
                field="stop_percent",
            )
    if req.on_hand is not None:
        on_hand = parse_decimal(req.on_hand, "on_hand", "The supply on hand")
        if on_hand < 0 or on_hand > 10_000_000:
            raise InvalidInput(
                f"The supply on hand must be between 0 and 10000000 units; got {fmt(on_hand)}.",
                field="on_hand",
            )
    style = st.STYLES[req.style]
    days_word = "day" if req.every_days == 1 else "days"
    if (
        req.style != "custom"
        and req.every_days is not None
        and req.every_days < style.min_every_days
        and not req.clinician_agreed
    ):
        raise InvalidInput(
            f"The {req.style} style waits at least {count(style.min_every_days, 'day', 'days')} between cuts "
            f"({style.source.split(':')[0]}); cutting every {req.every_days} {days_word} would make it "
            "a faster taper than the style is. Choose a faster style on purpose, or ask your clinician for a "
            "custom plan.",
            field="every",
        )
    if req.fit_to_supply and req.on_hand is None:
        raise InvalidInput("Fitting the plan to your supply needs the supply on hand.", field="on_hand")
    if req.style == "custom":
        if not req.custom_steps:
            raise InvalidInput(
                "The custom style needs its steps, each an amount a day and a number of days.", field="step"
            )
        if req.cut_percent is not None or req.every_days is not None:
            raise InvalidInput(
                "The custom style takes its cuts from its steps; leave out the cut and days between cuts.",
                field="step",
            )
        if len(req.custom_steps) > st.MAX_CUSTOM_STEPS:
            raise InvalidInput(f"Give at most {st.MAX_CUSTOM_STEPS} custom steps.", field="step")
    elif req.custom_steps:
        raise InvalidInput("Your own steps are only used with the custom style.", field="step")


def _params(req: PlanRequest) -> _Params:
    style = st.STYLES[req.style]
    if req.cut_percent is not None:
        cut = Fraction(parse_decimal(req.cut_percent, "cut", "The cut"))
        cut_source = OVERRIDE
    else:
        cut, cut_source = Fraction(style.cut_percent), style.source
    later: Fraction | None = None
    if style.basis == "current":
        later = cut
    elif style.later_cut_percent is not None:
        # an override never makes the low end faster than the source's 10% of the remaining dose
        later = min(Fraction(style.later_cut_percent), cut)
    every = req.every_days if req.every_days is not None else style.every_days
    every_source = OVERRIDE if req.every_days is not None else style.source
    if req.stop_percent is not None:
        stop, stop_source = Fraction(parse_decimal(req.stop_percent, "stop_percent", "The stop")), OVERRIDE
    else:
        stop, stop_source = Fraction(style.stop_percent), style.stop_source
    return _Params(
        style=style,
        cut=cut,
        every=every,
        later_cut=later,
        cut_source=cut_source,
        every_source=every_source,
        stop=stop,
        stop_source=stop_source,
        limit=Fraction(style.step_limit_percent),
        final=Fraction(style.stop_percent),
        final_base=None
        if req.final_reference is None
        else measure(req.form).quanta(parse_decimal(req.final_reference, "final_reference", "The first")),
    )
