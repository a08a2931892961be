"""Fit a plan to the supply on hand, never beyond the style's own range."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from math import ceil

from stepdown.domain.days import count
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.domain.planner import styles as st
from stepdown.domain.planner.assemble import _build
from stepdown.domain.planner.forms import fmt, measure, parse_decimal, validate_amount
from stepdown.domain.planner.request import PlanRequest, _Params, _params
from stepdown.domain.planner.taper import _raws, _units
from stepdown.domain.planner.wording import _json_num, to_dec

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
        f"(cuts of {fmt(to_dec(max_cut))}% every {count(min_every, 'day', 'days')}, no holds) needs "
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
        changes.append(f"drops the {count(req.stabilise_days, 'stabilisation day', 'stabilisation days')}")
    if every != p.every:
        changes.append(f"cuts every {count(every, 'day', 'days')} instead of {p.every}")
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
