"""How a plan states itself: its parameters with their sources, and its numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from stepdown.domain.plan import Parameter
from stepdown.domain.planner.forms import Measure
from stepdown.domain.planner.request import OVERRIDE, PlanRequest, _Params
from stepdown.messages import planner as msg

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
            f"up, to the nearest measurable amount: {m.unit_text()}",
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
