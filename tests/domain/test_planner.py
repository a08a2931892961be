"""Worked examples for the planner: each expected value is computed by hand from the style's source rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.domain.planner import STYLES, PlanRequest, make_form, make_plan

D = Decimal
START = date(2026, 12, 1)
QUARTERS = make_form("tablet", "mg", strengths=(D(15),), pieces=4)
MG_SCALE = make_form("powder", "mg", resolution=D(1))


def amounts(plan: Plan) -> list[Decimal]:
    return [s.daily_amount for s in plan.steps]


def test_short_cuts_15_percent_of_the_starting_dose_every_2_days_rounded_up_to_quarter_tablets() -> None:
    plan = make_plan(PlanRequest(D(60), QUARTERS, START, times_per_day=2))
    # 15% of 60 mg = 9 mg; 60-9 = 51 rounds UP to 52.5 (14 quarters), 52.5-9 = 43.5 -> 45, ...
    # From 37.5 mg a 9 mg cut would be 24% of the dose before, more than the short style's 20% limit,
    # so the low end cuts 20% of the current dose (issue 9; before, it went 30 -> 22.5 -> 15 -> 7.5 ->
    # off: cuts of 25%, 33%, 50% and 100% of the dose before), and stops from 15 mg (25% of the start).
    assert amounts(plan) == [D("52.5"), D(45), D("37.5"), D(30), D("26.25"), D("22.5"), D("18.75"), D(15)]
    assert [s.days for s in plan.steps] == [2] * 8
    # the bar: a typical short plan ends in about two weeks
    assert plan.end == date(2026, 12, 16) and plan.first_free_day == date(2026, 12, 17)
    assert plan.steps[0].cut_percent == D("12.5")  # against the 60 mg taken today
    assert max(s.cut_percent for s in plan.steps) == D(20)
    assert plan.steps[1].portions[0].label == "1½ tablets = 22.5 mg"
    assert plan.steps[4].portions[0].label == "¾ tablet = 11.25 mg"
    assert plan.units_needed == D(33)  # (14+12+10+8+7+6+5+4) quarters x 2 days / 4
    assert plan.warnings == ()


def test_gradual_follows_cdc_10_percent_of_original_then_10_percent_of_remaining() -> None:
    plan = make_plan(PlanRequest(D(100), MG_SCALE, START, style="gradual"))
    # 10 mg a week to 30 mg, then 10% of what remains (rounded up to whole mg), off from <=10 mg
    assert amounts(plan) == [
        D(x) for x in (90, 80, 70, 60, 50, 40, 30, 27, 25, 23, 21, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10)
    ]
    assert all(s.days == 7 for s in plan.steps)
    assert plan.warnings == ()


def test_slow_cuts_every_four_weeks() -> None:
    plan = make_plan(PlanRequest(D(100), MG_SCALE, START, style="slow"))
    # 40 -> 30 would cut 25% of the dose before, more than the slow style's 20% (VA/DoD 2022): 32
    assert amounts(plan)[:9] == [D(x) for x in (90, 80, 70, 60, 50, 40, 32, 26, 24)]
    assert {s.days for s in plan.steps} == {28}
    assert any("CDC 2022" in s for s in plan.sources)


def test_hyperbolic_cuts_a_share_of_the_current_dose_so_steps_shrink() -> None:
    plan = make_plan(PlanRequest(D(100), MG_SCALE, START, style="hyperbolic"))
    a = [D(100)] + amounts(plan)
    assert a[:5] == [D(100), D(90), D(81), D(73), D(66)]  # 72.9 -> 73, 65.7 -> 66
    cuts = [x - y for x, y in zip(a, a[1:], strict=False)]
    assert cuts[0] == 10 and cuts[-1] == 1 and cuts == sorted(cuts, reverse=True)
    assert a[-1] == D(5)  # off from 5% of the start (stop_percent), the smallest planned dose
    # below 10 mg, 10% is less than the scale's 1 mg: the plan says so, from the first such cut
    first_coarse = next(s for s in plan.steps if s.daily_amount < 9)
    assert [w for w in plan.warnings if "larger cut" in w] == [
        w
        for w in plan.warnings
        if w.startswith(f"From step {plan.steps.index(first_coarse) + 1} ({first_coarse.start.isoformat()})")
        and "0.1 mg" in w
    ]
    assert len(plan.warnings) == 1


def test_where_units_make_the_rule_impossible_the_plan_is_refused_with_the_fix() -> None:
    # issue 9: one quarter of a 15 mg tablet is a 25% cut, more than hyperbolic's 20% limit
    with pytest.raises(InvalidInput) as exc:
        make_plan(PlanRequest(D(15), QUARTERS, START, style="hyperbolic"))
    text = exc.value.message
    assert "cannot make this a safe taper" in text and "lower-strength tablet" in text
    assert "clinician" in text and "abrupt stop" in text


def test_with_a_clinicians_agreement_coarse_units_warn_and_stretch_the_step() -> None:
    # 10% of one quarter tablet cannot be measured: the smallest cut is a whole quarter (25% of 1 tablet)
    plan = make_plan(PlanRequest(D(15), QUARTERS, START, style="hyperbolic", clinician_agreed=True))
    assert amounts(plan) == [D("11.25"), D("7.5"), D("3.75")]
    # cuts of 3.75 mg where 10% of the current dose is allowed: 15 mg -> 1.5 allowed -> 3 weeks, and so on
    assert [s.days for s in plan.steps] == [7 * 3, 7 * 4, 7 * 5]
    text = " ".join(plan.warnings)
    assert "A clinician agreed" in text and "lower-strength tablet" in text
    assert "last step off is from 3.75 mg" in text
    assert len(plan.extra["clinician_exceptions"]) == 2


def test_powder_refusal_suggests_a_finer_scale() -> None:
    with pytest.raises(InvalidInput, match="0.01 g"):
        make_plan(
            PlanRequest(D("0.5"), make_form("powder", "g", resolution=D("0.1")), START, style="gradual")
        )


def test_liquid_portions_are_measured_in_ml() -> None:
    liquid = make_form("liquid", "mg", concentration=D(2), resolution=D("0.5"))
    plan = make_plan(PlanRequest(D(20), liquid, START, times_per_day=3))
    first = plan.steps[0]  # 20 - 3 = 17 mg, already a whole 1 mg (0.5 ml) step
    assert first.daily_amount == D(17)
    assert [p.amount for p in first.portions] == [D(5), D(6), D(6)]  # larger portions last
    assert [p.label for p in first.portions] == ["2.5 ml = 5 mg", "3 ml = 6 mg", "3 ml = 6 mg"]
    assert first.units_needed == D("8.5") * first.days  # ml for the step


def test_multi_strength_tablets_combine_pieces() -> None:
    form = make_form("tablet", "mg", strengths=(D(10), D(15)), pieces=2)
    assert form.strengths == (D(15), D(10))
    plan = make_plan(PlanRequest(D(45), form, START, times_per_day=2))
    first = plan.steps[0]
    assert first.daily_amount == D(40)  # 45 - 6.75 = 38.25 -> 40 (steps of 2.5 mg)
    assert [p.amount for p in first.portions] == [D(20), D(20)]
    assert first.portions[0].label == "1 × 15 mg + ½ × 10 mg = 20 mg"


def test_portions_put_the_larger_share_in_the_evening_and_may_be_empty_when_too_small() -> None:
    plan = make_plan(
        PlanRequest(D("3.75"), QUARTERS, START, times_per_day=2, style="short", clinician_agreed=True)
    )
    step = plan.steps[-1]
    assert [p.amount for p in step.portions] == [D(0), D("3.75")]
    assert step.portions[0].label == "nothing (0 mg)"
    assert any("too small to split" in w for w in plan.warnings)


def test_holds_before_the_first_cut_and_on_the_last_dose() -> None:
    plan = make_plan(PlanRequest(D(60), QUARTERS, START, every_days=3, stabilise_days=4, final_hold_days=5))
    assert (
        plan.steps[0].kind == "stabilise" and plan.steps[0].daily_amount == D(60) and plan.steps[0].days == 4
    )
    assert plan.steps[0].cut_percent is None
    assert plan.steps[1].start == date(2026, 12, 5)
    assert plan.steps[-1].kind == "hold" and plan.steps[-1].days == 5
    assert plan.steps[-1].daily_amount == plan.steps[-2].daily_amount == D(15)
    assert plan.end == date(2027, 1, 2)  # 4 stabilise + 8 steps x 3 days + 5 hold = 33 days


def test_overrides_are_recorded_with_their_source() -> None:
    plan = make_plan(PlanRequest(D(60), QUARTERS, START, cut_percent=D(20), every_days=2))
    params = {p.name: p for p in plan.parameters}
    assert params["cut_percent"].value == D(20) and "clinician" in params["cut_percent"].source
    assert params["every_days"].value == 2
    assert "Online article" in params["style"].source
    default = {p.name: p for p in make_plan(PlanRequest(D(60), QUARTERS, START)).parameters}
    assert default["cut_percent"].source == STYLES["short"].source


def test_custom_steps() -> None:
    plan = make_plan(
        PlanRequest(D(60), QUARTERS, START, style="custom", custom_steps=((D(45), 5), (D(30), 7), (D(15), 7)))
    )
    assert [(s.daily_amount, s.days) for s in plan.steps] == [(D(45), 5), (D(30), 7), (D(15), 7)]
    assert plan.end == date(2026, 12, 19)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (((D(45), 5), (D(52.5), 3)), "higher than the dose before"),
        (((D(15), 5),), "more than 50%"),
        (((D(45), 0),), "whole number of days"),
        (((D(44), 3),), "cannot be measured exactly"),
    ],
)
def test_bad_custom_steps_are_refused(steps: tuple, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        make_plan(PlanRequest(D(60), QUARTERS, START, style="custom", custom_steps=steps))


def test_supply_runs_out_is_reported_with_the_date() -> None:
    plan = make_plan(PlanRequest(D(60), QUARTERS, START, times_per_day=2, every_days=3, on_hand=D(40)))
    # needs 49.5 tablets (66 quarters x 3 days / 4); day by day:
    # days 1-3 use 3.5/day (10.5), 4-6: 3 (19.5), 7-9: 2.5 (27), 10-12: 2 (33), 13-15: 1.75 (38.25);
    # 16-18: 1.5 a day -> day 16: 39.75, day 17 needs 1.5 but only 0.25 is left.
    assert plan.extra["supply"]["runs_out_on"] == "2026-12-17"
    assert plan.extra["supply"]["short_by"] == D("9.5")
    assert any("runs out on 2026-12-17" in w for w in plan.warnings)


def test_fit_to_supply_stays_within_the_style_and_says_what_changed() -> None:
    plan = make_plan(
        PlanRequest(
            D(60),
            QUARTERS,
            START,
            times_per_day=2,
            every_days=3,
            on_hand=D(40),
            fit_to_supply=True,
            stabilise_days=3,
        )
    )
    assert plan.units_needed <= 40
    fitted = plan.extra["fitted"]
    assert "drops the 3 stabilisation days" in fitted["changes"]
    assert any("To fit your supply of 40 tablets" in w for w in plan.warnings)


def test_fit_to_supply_refuses_to_go_faster_than_the_style() -> None:
    req = PlanRequest(D(100), MG_SCALE, START, style="gradual", on_hand=D(10), fit_to_supply=True)
    plan = make_plan(req)
    asked = make_plan(PlanRequest(D(100), MG_SCALE, START, style="gradual"))
    assert amounts(plan) == amounts(asked) and [s.days for s in plan.steps] == [s.days for s in asked.steps]
    assert any(
        "not enough for a safe taper at the gradual style" in w and "clinician" in w for w in plan.warnings
    )


def test_fit_to_supply_needs_a_supply() -> None:
    with pytest.raises(InvalidInput, match="supply on hand"):
        make_plan(PlanRequest(D(60), QUARTERS, START, fit_to_supply=True))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"kind": "tablet", "unit": "mg", "strengths": (D(15),), "pieces": 3},
            "1 \\(whole\\), 2 \\(halves\\) or 4",
        ),
        ({"kind": "powder", "unit": "g", "resolution": D("0.1"), "pieces": 2}, "Only tablets can be split"),
        ({"kind": "tablet", "unit": "kg", "strengths": (D(15),)}, "Unknown unit 'kg'"),
        ({"kind": "pill", "unit": "mg"}, "Unknown form"),
        ({"kind": "tablet", "unit": "mg"}, "need a strength"),
        ({"kind": "tablet", "unit": "mg", "strengths": (D(-5),)}, "more than 0"),
        ({"kind": "liquid", "unit": "mg", "resolution": D("0.5")}, "concentration"),
        (
            {"kind": "liquid", "unit": "mg", "resolution": D(50), "concentration": D(2)},
            "between 0.01 and 10 ml",
        ),
        ({"kind": "powder", "unit": "g"}, "smallest step you can measure"),
    ],
)
def test_make_form_refuses_bad_forms(kwargs: dict, message: str) -> None:
    kind, unit = kwargs.pop("kind"), kwargs.pop("unit")
    with pytest.raises(InvalidInput, match=message):
        make_form(kind, unit, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"daily_amount": D(0)}, "more than 0"),
        ({"daily_amount": D(61)}, "nearest measurable amounts are 60 mg or 63.75 mg"),
        ({"daily_amount": D(1500)}, "more than 60 tablets"),
        ({"cut_percent": D(60)}, "between 1% and 50%"),
        ({"cut_percent": D("0.5")}, "between 1% and 50%"),
        ({"every_days": 0}, "from 1 to 90"),
        ({"times_per_day": 7}, "from 1 to 6"),
        ({"style": "fast"}, "Unknown taper style"),
        ({"start": date(1990, 1, 1)}, "start date"),
        ({"stabilise_days": -1}, "stabilise"),
        ({"custom_steps": ((D(45), 3),)}, "only used with the custom style"),
    ],
)
def test_make_plan_refuses_bad_requests(kwargs: dict, message: str) -> None:
    base = {"daily_amount": D(60), "form": QUARTERS, "start": START}
    with pytest.raises(InvalidInput, match=message):
        make_plan(PlanRequest(**{**base, **kwargs}))


def test_absurd_powder_amount_is_refused() -> None:
    with pytest.raises(InvalidInput, match="above the 100 g a day"):
        make_plan(PlanRequest(D(250), make_form("powder", "g", resolution=D("0.1")), START))


def test_stop_percent_zero_tapers_down_to_the_smallest_measurable_dose() -> None:
    default = make_plan(PlanRequest(D(100), MG_SCALE, START, style="hyperbolic"))
    lower = make_plan(PlanRequest(D(100), MG_SCALE, START, style="hyperbolic", stop_percent=D(0)))
    # off from 4 mg: 4 -> 3 mg would cut 25% of the dose before, more than hyperbolic's 20% limit
    assert amounts(default)[-1] == D(5) and amounts(lower)[-1] == D(4)
    assert amounts(lower)[: len(default.steps)] == amounts(default)
    params = {p.name: p for p in lower.parameters}
    assert params["stop_percent"].value == 0 and "clinician" in params["stop_percent"].source


def test_stop_percent_is_refused_where_it_means_nothing() -> None:
    with pytest.raises(InvalidInput, match="not short"):
        make_plan(PlanRequest(D(60), QUARTERS, START, stop_percent=D(5)))
    with pytest.raises(InvalidInput, match="between 0% and 10%"):
        make_plan(PlanRequest(D(60), QUARTERS, START, style="gradual", stop_percent=D(40)))
