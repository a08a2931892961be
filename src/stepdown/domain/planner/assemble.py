"""From taper steps to a Plan: dates, portions, warnings, exceptions and the supply check."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from stepdown.domain.days import DayText, count
from stepdown.domain.plan import Plan, Step
from stepdown.domain.planner.forms import clean, fmt, measure, parse_decimal, validate_amount
from stepdown.domain.planner.request import PlanRequest, _params
from stepdown.domain.planner.supply import check_supply
from stepdown.domain.planner.taper import _raws, _within_final
from stepdown.domain.planner.wording import _finer, _json_num, _parameters, _pct, _sources, to_dec
from stepdown.messages import planner as msg


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
                f"From {req.day_text(day)} the daily amount ({fmt(m.amount(raw.n))} {form.unit}) "
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
                number=within[0] + 1,
                day=req.day_text(first.start),
                unit_text=m.unit_text(),
                largest=fmt(largest),
                limit=fmt(limit_pct),
                finer=_finer(m),
            )
        )
    if beyond:
        first = steps[beyond[0]]
        largest = max(steps[i].cut_percent or Decimal(0) for i in beyond)
        exceptions.append(
            msg.AGREED_OVER.format(
                number=beyond[0] + 1,
                day=req.day_text(first.start),
                unit_text=m.unit_text(),
                largest=fmt(largest),
                finer=_finer(m),
            )
        )
    last_n = raws[-1].n
    if not _within_final(last_n, n0, p):  # only with a clinician's agreement (else refused above)
        exceptions.append(
            msg.AGREED_FINAL.format(
                amount=f"{fmt(m.amount(last_n))} {form.unit}",
                pct=fmt(_pct(last_n, n0)),
                final=fmt(to_dec(p.final)),
                finer=_finer(m) if req.style != "custom" else "",
            ).strip()
        )
    style = p.style
    if req.style != "custom" and req.every_days is not None and req.every_days < style.min_every_days:
        exceptions.append(
            msg.AGREED_EVERY.format(
                every=count(req.every_days, "day", "days"),
                style=req.style,
                min_every=count(style.min_every_days, "day", "days"),
            )
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
        plan = _with_supply(plan, req.day_text)
    return plan


def _with_supply(plan: Plan, day_text: DayText) -> Plan:
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
            f"Your supply of {fmt(check.on_hand)} {units} runs out on {day_text(check.runs_out_on)}, "
            f"{days_early} {'day' if days_early == 1 else 'days'} before the plan ends on "
            f"{day_text(plan.end)}: the plan needs "
            f"{fmt(check.needed)} {units} ({fmt(check.short_by)} more). Running out means a sudden stop; "
            "get enough before you start, or talk to a clinician."
        )
    if plan.form.kind == "tablet" and len(plan.form.strengths) > 1:
        warnings.append("The supply check counts tablets of all strengths together.")
    return replace(plan, warnings=tuple(warnings), extra=extra)
