"""make_plan: a taper whose every daily amount and every portion can be measured exactly.

The planner works in whole quanta (see forms.py). The rules that shape every step (styles.py):
- no step cuts more than the style's limit against the dose BEFORE it (short 20%, gradual 25%,
  slow 20%, hyperbolic 20%, custom 50%), whatever the style's default, an override or a re-plan asks;
- the last step, to zero, is from a dose no larger than the style's smallest final dose (a share of
  the starting dose); a planned amount is rounded UP to the nearest measurable amount, so rounding
  never makes a cut larger;
- where the units cannot meet both rules (tablets that cannot be split, a coarse scale) the planner
  refuses with the fix (InvalidInput), unless the person says a clinician agreed (`clinician_agreed`):
  then it takes the smallest measurable cut, stays on each dose longer so the average pace is the
  style's, and records every exception in `plan.extra["clinician_exceptions"]`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import ceil

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import DoseForm, Parameter, Plan, Step
from stepdown.domain.planner import styles as st
from stepdown.domain.planner.forms import FORMS, Measure, clean, fmt, measure, parse_decimal, validate_amount
from stepdown.domain.planner.supply import check_supply
from stepdown.messages import planner as msg

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


@dataclass(frozen=True)
class _Raw:
    n: int  # quanta a day
    days: int
    kind: str
    over: bool = False  # a cut larger than the style allows (units too coarse), stretched in time


def make_plan(req: PlanRequest) -> Plan:
    """Build a Plan from a request; raises InvalidInput with one plain sentence on bad input."""
    _check_request(req)
    if req.fit_to_supply:
        return _fit_to_supply(req)
    return _build(req)


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
            f"The {req.style} style waits at least {style.min_every_days} days between cuts "
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


# -------------------------------------------------------------------------------------- building


def _taper(n0: int, m: Measure, p: _Params, agreed: bool) -> list[_Raw]:
    """The taper steps after the current dose (the step to zero is not a step: it ends the plan).

    Each step cuts the style's share (of the starting dose in the first phase, of the current dose
    later) but never more than the style's limit against the dose before. Integer arithmetic
    throughout (percentages as exact numerator/denominator pairs): fast and exact.
    """
    style = p.style
    steps: list[_Raw] = []
    n = n0
    first_phase = style.basis == "original"
    switch = Fraction(style.switch_at_percent) if style.switch_at_percent is not None else None
    cut_a, cut_b = p.cut.numerator, p.cut.denominator * 100  # allowed share = cut_a / cut_b
    later = p.later_cut if p.later_cut is not None else p.cut
    later_a, later_b = later.numerator, later.denominator * 100
    lim_a, lim_b = p.limit.numerator, p.limit.denominator * 100
    stop_a, stop_b = p.stop.numerator, p.stop.denominator
    total = 0
    while True:
        if first_phase and switch is not None and n * 100 * switch.denominator <= switch.numerator * n0:
            first_phase = False
        if n * 100 * stop_b <= stop_a * n0:
            break  # low enough: the next step is off
        # allowed cut, in quanta, = num / den: the style's share, capped at the limit of the dose before
        num, den = (cut_a * n0, cut_b) if first_phase else (later_a * n, later_b)
        if num * lim_b > lim_a * n * den:
            num, den = lim_a * n, lim_b
        target = n - num // den  # the ideal next amount, rounded UP to a whole quantum
        nxt = m.ceil(target, n - 1)
        over = False
        days = p.every
        if nxt is None:
            # even the smallest measurable cut is larger than the style's share: take it (staying on
            # the new dose longer so the average pace is the style's) if it is within the limit
            nxt = m.below(n)
            if nxt == 0 or (n - nxt) * lim_b > lim_a * n:
                if _within_final(n, n0, p):
                    break  # small enough: the next step is off
                if not agreed:
                    raise _units_refusal(n, n0, nxt, m, p)
                if nxt == 0:
                    break  # a clinician agreed: off from here (the plan lists it)
            over = True
            days = p.every * -(-(n - nxt) * den // num)  # ceil(cut / allowed) intervals
        total += days
        if total > st.MAX_PLAN_DAYS:
            raise InvalidInput(
                "With these units and this pace the plan would last more than 5 years; choose a larger cut, "
                "shorter steps, or a finer measuring unit.",
                field="cut",
            )
        steps.append(_Raw(n=nxt, days=days, kind="taper", over=over))
        n = nxt
    if not agreed and not _within_final(n, n0, p):
        raise _units_refusal(n, n0, 0, m, p)
    return steps


def _within_final(n: int, n0: int, p: _Params) -> bool:
    """True when stopping from n quanta is within the style's smallest final dose."""
    return n * 100 * p.final.denominator <= p.final.numerator * _base(n0, p)


def _base(n0: int, p: _Params) -> Fraction:
    """The starting dose the final-dose rule is a share of, in quanta."""
    return max(Fraction(n0), p.final_base or Fraction(0))


def _units_refusal(n: int, n0: int, nxt: int, m: Measure, p: _Params) -> InvalidInput:
    unit = m.form.unit
    here = f"{fmt(m.amount(n))} {unit}"
    if nxt:
        why = (
            f"from {here} a day the smallest step your units can measure ({m.unit_text()}) cuts "
            f"{_pct(n - nxt, n)}% of the dose before it, more than the {fmt(to_dec(p.limit))}% the "
            f"{p.style.name} style allows in one step"
        )
    else:
        why = f"your units cannot measure a dose below {here} a day"
    return InvalidInput(
        msg.UNITS_REFUSAL.format(
            why=why,
            final=fmt(to_dec(p.final)),
            final_amount=f"{fmt(clean(to_dec(p.final * _base(n0, p) * m.quantum / 100)))} {unit}",
            style=p.style.name,
            fix=m.finer_unit_hint(),
        ),
        field="units",
    )


def _custom(req: PlanRequest, n0: int, p: _Params) -> list[_Raw]:
    form = req.form
    raws: list[_Raw] = []
    prev = n0
    for i, (amount, days) in enumerate(req.custom_steps, start=1):
        what = f"Custom step {i}'s amount"
        amt = parse_decimal(amount, "step", what)
        n = validate_amount(amt, form, field="step", what=what)
        if not isinstance(days, int) or not 1 <= days <= st.MAX_CUSTOM_STEP_DAYS:
            raise InvalidInput(
                f"Custom step {i} must last a whole number of days from 1 to {st.MAX_CUSTOM_STEP_DAYS}; "
                f"got {days}.",
                field="step",
            )
        if n > prev:
            raise InvalidInput(
                f"Custom step {i} ({fmt(amt)} {form.unit}) is higher than the dose before it; a taper never "
                "goes up.",
                field="step",
            )
        if (prev - n) * 100 > st.MAX_CUT_PERCENT * prev:
            raise InvalidInput(
                f"Custom step {i} cuts more than {st.MAX_CUT_PERCENT}% of the dose before it; "
                f"use smaller steps.",
                field="step",
            )
        raws.append(_Raw(n=n, days=days, kind="taper"))
        prev = n
    if not req.clinician_agreed and not _within_final(prev, n0, p):
        raise InvalidInput(
            msg.CUSTOM_FINAL_REFUSAL.format(
                amount=f"{fmt(measure(req.form).amount(prev))} {form.unit}",
                pct=_pct(prev, n0),
                final=fmt(to_dec(p.final)),
            ),
            field="step",
        )
    return raws


def _raws(req: PlanRequest, m: Measure, n0: int, p: _Params) -> tuple[list[_Raw], list[str]]:
    """The plan's steps in quanta, before dates, portions and wording."""
    warnings: list[str] = []
    raws: list[_Raw] = []
    if req.stabilise_days:
        raws.append(_Raw(n=n0, days=req.stabilise_days, kind="stabilise"))
    taper = _custom(req, n0, p) if req.style == "custom" else _taper(n0, m, p, req.clinician_agreed)
    if not taper:
        # only with a clinician's agreement: the current dose is already as small as this form measures
        taper = [_Raw(n=n0, days=p.every, kind="taper")]
        warnings.append(
            f"Your daily amount is already the smallest step this plan makes ({m.unit_text()}), so the plan "
            f"keeps it for {p.every} days and then stops. {_finer(m)}"
        )
    raws.extend(taper)
    if req.final_hold_days:
        raws.append(_Raw(n=raws[-1].n, days=req.final_hold_days, kind="hold"))
    return raws, warnings


def _units(raws: list[_Raw], m: Measure, times: int) -> Decimal:
    """Measurable units the whole plan needs (what the portions add up to, day by day)."""
    total = Decimal(0)
    for raw in raws:
        total += sum((m.portion(x).measure for x in m.split(raw.n, times)), Decimal(0)) * raw.days
    return total


def _build(req: PlanRequest) -> Plan:
    form = req.form
    m = measure(form)
    n0 = validate_amount(parse_decimal(req.daily_amount, "amount", "The daily amount"), form)
    p = _params(req)
    raws, warnings = _raws(req, m, n0, p)

    steps: list[Step] = []
    day = req.start
    prev_n = n0
    split_warned = False
    for raw in raws:
        parts = m.split(raw.n, req.times_per_day)
        if 0 in parts and not split_warned:
            split_warned = True
            warnings.append(
                f"From {day.isoformat()} the daily amount ({fmt(m.amount(raw.n))} {form.unit}) "
                f"is too small to "
                f"split into {req.times_per_day} measurable portions, so some times of day have nothing; "
                "take what is planned at the later times."
            )
        portions = tuple(m.portion(x) for x in parts)
        per_day = sum((x.measure for x in portions), Decimal(0))
        cut = None if raw.kind == "stabilise" else _pct(prev_n - raw.n, prev_n)
        steps.append(
            Step(
                start=day,
                days=raw.days,
                daily_amount=m.amount(raw.n),
                unit=form.unit,
                portions=portions,
                cut_percent=cut,
                units_needed=clean(per_day * raw.days),
                kind=raw.kind,
            )
        )
        day += timedelta(days=raw.days)
        prev_n = raw.n

    over = [i for i, r in enumerate(raws) if r.over]
    exceptions: list[str] = []
    limit_pct = to_dec(p.limit)
    beyond = [i for i in over if (steps[i].cut_percent or Decimal(0)) > limit_pct]
    within = [i for i in over if i not in beyond]
    if within:
        first = steps[within[0]]
        largest = max(steps[i].cut_percent or Decimal(0) for i in within)
        warnings.append(
            msg.STRETCHED.format(
                day=first.start.isoformat(),
                unit_text=m.unit_text(),
                largest=largest,
                limit=fmt(limit_pct),
                finer=_finer(m),
            )
        )
    if beyond:
        first = steps[beyond[0]]
        largest = max(steps[i].cut_percent or Decimal(0) for i in beyond)
        exceptions.append(
            msg.AGREED_OVER.format(
                day=first.start.isoformat(), unit_text=m.unit_text(), largest=largest, finer=_finer(m)
            )
        )
    last_n = raws[-1].n
    if not _within_final(last_n, n0, p):  # only with a clinician's agreement (else refused above)
        exceptions.append(
            msg.AGREED_FINAL.format(
                amount=f"{fmt(m.amount(last_n))} {form.unit}",
                pct=_pct(last_n, n0),
                final=fmt(to_dec(p.final)),
                finer=_finer(m) if req.style != "custom" else "",
            ).strip()
        )
    style = p.style
    if req.style != "custom" and req.every_days is not None and req.every_days < style.min_every_days:
        exceptions.append(
            msg.AGREED_EVERY.format(every=req.every_days, style=req.style, min_every=style.min_every_days)
        )
    if req.cut_percent is not None and p.cut > p.limit:
        warnings.append(
            msg.CUT_CAPPED.format(
                cut=fmt(to_dec(p.cut)),
                style=req.style,
                limit=fmt(to_dec(p.limit)),
                source=style.limit_source.split(":")[0],
            )
        )
    warnings.extend(exceptions)

    plan = Plan(
        style=req.style,
        form=form,
        times_per_day=req.times_per_day,
        steps=tuple(steps),
        parameters=_parameters(req, p, m),
        warnings=tuple(warnings),
        sources=_sources(p),
        on_hand=None if req.on_hand is None else parse_decimal(req.on_hand, "on_hand", "The supply on hand"),
        extra={
            "starting_amount": _json_num(m.amount(n0)),
            "smallest_step": m.unit_text(),
            "over_limit_steps": over,
            "final_step_to_zero_from": _json_num(m.amount(last_n)),
            "step_limit_percent": _json_num(to_dec(p.limit)),
            "final_dose_percent": _json_num(to_dec(p.final)),
            **({"clinician_exceptions": exceptions} if exceptions else {}),
        },
    )
    if plan.on_hand is not None:
        plan = _with_supply(plan)
    return plan


def _with_supply(plan: Plan) -> Plan:
    assert plan.on_hand is not None
    check = check_supply(plan.steps, plan.on_hand)
    unit = plan.steps[0].portions[0].measure_unit
    units = f"{unit}s" if unit == "tablet" else unit
    extra = dict(plan.extra)
    extra["supply"] = {
        "on_hand": _json_num(check.on_hand),
        "needed": _json_num(check.needed),
        "short_by": _json_num(check.short_by),
        "runs_out_on": check.runs_out_on.isoformat() if check.runs_out_on else None,
        "unit": units,
    }
    warnings = list(plan.warnings)
    if check.runs_out_on is not None:
        days_early = (plan.end - check.runs_out_on).days + 1
        warnings.append(
            f"Your supply of {fmt(check.on_hand)} {units} runs out on {check.runs_out_on.isoformat()}, "
            f"{days_early} days before the plan ends on {plan.end.isoformat()}: the plan needs "
            f"{fmt(check.needed)} {units} ({fmt(check.short_by)} more). Running out means a sudden stop; "
            "get enough before you start, or talk to a clinician."
        )
    if plan.form.kind == "tablet" and len(plan.form.strengths) > 1:
        warnings.append("The supply check counts tablets of all strengths together.")
    return replace(plan, warnings=tuple(warnings), extra=extra)


# ------------------------------------------------------------------------------- fit to supply


def _fit_to_supply(req: PlanRequest) -> Plan:
    """The slowest plan within the style's own range that the supply on hand covers.

    Order of changes, gentlest first: drop the final hold, then the stabilisation days, then step
    up the pace within the style's source range (shorter steps down to its shortest, larger cuts up
    to its largest), slowest pace first. Nothing beyond the style's range is ever tried: if even its
    fastest version needs more than the supply, the plan as asked is returned with a warning.
    """
    base = _build(replace(req, fit_to_supply=False))
    on_hand = base.on_hand
    assert on_hand is not None
    if base.units_needed <= on_hand:
        return _note(base, "Your supply covers this plan; nothing had to change to fit it.")
    if req.style == "custom":
        return _note(
            base,
            "Custom steps are never changed to fit a supply; talk to your clinician about the shortfall.",
        )
    style = st.STYLES[req.style]
    p = _params(req)
    m = measure(req.form)
    n0 = validate_amount(parse_decimal(req.daily_amount, "amount", "The daily amount"), req.form)
    holds = list(dict.fromkeys([(req.final_hold_days, req.stabilise_days), (0, req.stabilise_days), (0, 0)]))
    max_cut = max(Fraction(style.max_cut_percent), p.cut)
    min_every = min(style.min_every_days, p.every)
    cuts = sorted({p.cut, *(Fraction(c) for c in range(ceil(p.cut), int(max_cut) + 1))})
    # (pace rank, hold rank, cut, every, final_hold, stabilise): first the asked pace with holds
    # dropped one by one, then faster paces (cut % a day) with no holds, slowest first.
    records: list[tuple[Fraction, int, Fraction, int, int, int]] = [
        (Fraction(0), h, p.cut, p.every, fh, sd) for h, (fh, sd) in enumerate(holds)
    ]
    for every in range(p.every, min_every - 1, -1):
        for cut in cuts:
            if (cut, every) != (p.cut, p.every):
                records.append((cut / every, len(holds), cut, every, 0, 0))
    records.sort(key=lambda r: (r[0], r[1], r[2]))
    for _pace, _h, cut, every, final_hold, stabilise in records:
        trial = replace(
            req,
            fit_to_supply=False,
            cut_percent=req.cut_percent if cut == p.cut else to_dec(cut),
            every_days=req.every_days if every == p.every else every,
            final_hold_days=final_hold,
            stabilise_days=stabilise,
        )
        try:
            raws, _ = _raws(trial, m, n0, _params(trial))
        except InvalidInput:
            continue
        if _units(raws, m, req.times_per_day) <= on_hand:  # cheap check first; build only the winner
            return _fitted(req, p, _build(trial), cut, every, final_hold, stabilise, on_hand)
    try:
        fastest = _build(
            replace(
                req,
                fit_to_supply=False,
                cut_percent=to_dec(max_cut),
                every_days=min_every,
                final_hold_days=0,
                stabilise_days=0,
            )
        ).units_needed
    except InvalidInput:
        fastest = base.units_needed
    unit = base.extra["supply"]["unit"]
    return _note(
        base,
        f"Your supply is not enough for a safe taper at the {req.style} style: even its fastest version "
        f"(cuts of {fmt(to_dec(max_cut))}% every {min_every} days, no holds) needs "
        f"{fmt(fastest)} "
        f"{unit} and you have {fmt(on_hand)}. The plan was not made faster than the style "
        f"allows. Please talk "
        "to a clinician or pharmacist about your supply before you start.",
    )


def _fitted(
    req: PlanRequest,
    p: _Params,
    plan: Plan,
    cut: Fraction,
    every: int,
    final_hold: int,
    stabilise: int,
    on_hand: Decimal,
) -> Plan:
    changes = []
    if final_hold != req.final_hold_days:
        changes.append(f"drops the {req.final_hold_days}-day hold on the last dose")
    if stabilise != req.stabilise_days:
        changes.append(f"drops the {req.stabilise_days} stabilisation days")
    if every != p.every:
        changes.append(f"cuts every {every} days instead of {p.every}")
    if cut != p.cut:
        changes.append(f"cuts {fmt(to_dec(cut))}% instead of {fmt(to_dec(p.cut))}%")
    unit = plan.extra["supply"]["unit"]
    text = (
        f"To fit your supply of {fmt(on_hand)} {unit} the plan {', '.join(changes)}; it now needs "
        f"{fmt(plan.units_needed)} {unit}. This stays within the {req.style} style's range"
        f" ({st.STYLES[req.style].source.split(':')[0]}) but is faster than the plan you asked for; if "
        "withdrawal is hard, slow down and talk to a clinician about getting more supply."
    )
    extra = dict(plan.extra)
    extra["fitted"] = {
        "changes": changes,
        "cut_percent": _json_num(to_dec(cut)),
        "every_days": every,
        "stabilise_days": stabilise,
        "final_hold_days": final_hold,
    }
    style = st.STYLES[req.style]
    fitted_source = f"Fitted to your supply, within the {req.style} style's range ({style.source})"
    moved = {"cut_percent": cut != p.cut, "every_days": every != p.every}
    params = tuple(replace(x, source=fitted_source) if moved.get(x.name) else x for x in plan.parameters)
    return replace(plan, warnings=(*plan.warnings, text), extra=extra, parameters=params)


def _note(plan: Plan, text: str) -> Plan:
    return replace(plan, warnings=(*plan.warnings, text))


# ------------------------------------------------------------------------------------- helpers


def _parameters(req: PlanRequest, p: _Params, m: Measure) -> tuple[Parameter, ...]:
    style = p.style
    params = [Parameter("style", req.style, style.source)]
    if req.style != "custom":
        basis = style.basis  # "original": a share of the starting dose; "current": of the dose before
        params += [
            Parameter("cut_percent", to_dec(p.cut), p.cut_source),
            Parameter("cut_basis", basis, style.source),
            Parameter("every_days", p.every, p.every_source),
        ]
        if style.switch_at_percent is not None and p.later_cut is not None:
            params += [
                Parameter("switch_at_percent", style.switch_at_percent, style.source),
                Parameter("later_cut_percent", to_dec(p.later_cut), style.source),
            ]
        params.append(Parameter("stop_percent", to_dec(p.stop), p.stop_source))
    params += [
        Parameter("step_limit_percent", to_dec(p.limit), style.limit_source),
        Parameter("final_dose_percent", to_dec(p.final), style.stop_source),
    ]
    params += [
        Parameter("times_per_day", req.times_per_day, OVERRIDE),
        Parameter(
            "portion_order",
            "smaller first, larger last (evening)",
            "stepdown's choice: symptoms build in the longest gap, overnight, and poor sleep is a common "
            "withdrawal complaint (Singh 2014)",
        ),
        Parameter(
            "rounding",
            f"up, to the nearest measurable amount ({m.unit_text()})",
            "stepdown's rule: rounding never makes a cut larger than the style allows",
        ),
        Parameter("stabilise_days", req.stabilise_days, OVERRIDE),
        Parameter("final_hold_days", req.final_hold_days, OVERRIDE),
    ]
    return tuple(params)


def _sources(p: _Params) -> tuple[str, ...]:
    out = [p.style.source, p.style.limit_source, p.style.stop_source]
    return tuple(dict.fromkeys(x for x in out if x))


def _finer(m: Measure) -> str:
    return msg.FINER.format(hint=m.finer_unit_hint())


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def to_dec(value: Fraction | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return value
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()


def _json_num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
