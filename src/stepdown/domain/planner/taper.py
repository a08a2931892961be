"""The taper steps in whole quanta: the style's cuts within its limits, or custom steps (rules: build.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from stepdown.domain.days import count
from stepdown.domain.errors import InvalidInput
from stepdown.domain.planner import styles as st
from stepdown.domain.planner.forms import Measure, clean, fmt, measure, parse_decimal, validate_amount
from stepdown.domain.planner.request import PlanRequest, _Params
from stepdown.domain.planner.wording import _finer, _pct, to_dec
from stepdown.messages import planner as msg


@dataclass(frozen=True)
class _Raw:
    n: int  # quanta a day
    days: int
    kind: str
    over: bool = False  # a cut larger than the style allows (units too coarse), stretched in time


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
            f"from {here} a day the smallest step your units can measure, {m.unit_text()}, cuts "
            f"{fmt(_pct(n - nxt, n))}% of the dose before it, more than the {fmt(to_dec(p.limit))}% the "
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
                pct=fmt(_pct(prev, n0)),
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
            f"Your daily amount is already the smallest step this plan makes, {m.unit_text()}, so the plan "
            f"keeps it for {count(p.every, 'day', 'days')} and then stops. {_finer(m)}"
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
