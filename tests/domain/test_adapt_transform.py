"""Plan transformations: hold, slow down, return to the previous step, and the "no faster" checker."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.adapt import (
    amount_on,
    apply_hold,
    apply_slowdown,
    is_no_faster,
    keeps_past,
    return_to_previous_step,
)
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import DoseForm, Plan, Portion, Step
from stepdown.messages.safety import TOLERANCE_WARNING

START = date(2026, 12, 1)
FORM = DoseForm(kind="tablet", unit="mg", strengths=(D(10),), pieces=4)


def make_plan(amounts, days, start=START):
    steps, day, prev = [], start, None
    for amount, n in zip(amounts, days, strict=True):
        a = D(str(amount))
        tablets = a / 10
        portion = Portion(amount=a, measure=tablets, measure_unit="tablet", label=f"{tablets} tablets")
        cut = None if prev is None else (prev - a) / prev * 100
        steps.append(Step(day, n, a, "mg", (portion,), cut, tablets * n, "taper"))
        day += timedelta(days=n)
        prev = a
    return Plan(style="gradual", form=FORM, times_per_day=1, steps=tuple(steps), extra={"planner": "x"})


PLAN = make_plan([40, 30, 20, 10], [4, 4, 4, 4])  # 1-4 Dec 40, 5-8 30, 9-12 20, 13-16 10


def schedule(plan):
    d, out = plan.start, []
    while d <= plan.end:
        out.append(amount_on(plan, d))
        d += timedelta(days=1)
    return out


# --- the checker itself ------------------------------------------------------------------------


def test_checker_catches_every_kind_of_speed_up():
    day = date(2026, 12, 6)
    assert is_no_faster(PLAN, PLAN, day)
    shorter = replace(PLAN, steps=(replace(PLAN.steps[0], days=3),) + tuple(
        replace(s, start=s.start - timedelta(days=1)) for s in PLAN.steps[1:]))
    assert not is_no_faster(PLAN, shorter, START)  # a cut one day early
    lower = replace(PLAN, steps=PLAN.steps[:3] + (replace(PLAN.steps[3], daily_amount=D(5)),))
    assert not is_no_faster(PLAN, lower, day)  # a smaller amount on the same days
    assert not is_no_faster(PLAN, replace(PLAN, steps=PLAN.steps[:3]), day)  # ends early
    other_unit = replace(PLAN, form=replace(FORM, unit="g"))
    assert not is_no_faster(PLAN, other_unit, day)
    assert not is_no_faster(PLAN, shorter, date(2026, 12, 16))  # still ends a day early
    assert not keeps_past(PLAN, shorter, date(2026, 12, 10))
    assert keeps_past(PLAN, shorter, date(2026, 12, 4))  # the first difference is on 4 Dec


# --- hold --------------------------------------------------------------------------------------


def test_hold_moves_the_next_cut_and_keeps_today_and_the_past():
    day = date(2026, 12, 6)  # day 2 of the 30 mg step
    held = apply_hold(PLAN, day, 2)
    assert schedule(held) == [D(40)] * 4 + [D(30)] * 6 + [D(20)] * 4 + [D(10)] * 4
    hold = held.steps[2]
    assert (hold.kind, hold.start, hold.days, hold.units_needed) == ("hold", date(2026, 12, 9), 2, D(6))
    assert held.end == PLAN.end + timedelta(days=2)
    assert held.extra["planner"] == "x"
    assert held.extra["adaptations"] == [{"kind": "hold", "day": "2026-12-06", "days": 2, "reason": "hold"}]
    assert PLAN.extra == {"planner": "x"}  # the input is never changed


def test_second_hold_on_the_same_amount_extends_the_hold_step():
    day = date(2026, 12, 6)
    twice = apply_hold(apply_hold(PLAN, day, 2), date(2026, 12, 10), 1)
    assert [s.kind for s in twice.steps].count("hold") == 1
    assert twice.steps[2].days == 3 and len(twice.extra["adaptations"]) == 2


def test_hold_refuses_bad_days_and_a_finished_plan():
    with pytest.raises(InvalidInput, match="1 to 14"):
        apply_hold(PLAN, START, 0)
    with pytest.raises(InvalidInput, match="ended"):
        apply_hold(PLAN, PLAN.end + timedelta(days=1), 2)


def test_hold_on_a_plan_that_goes_up_later_is_refused_rather_than_faster():
    bumpy = make_plan([40, 20, 30, 10], [3, 3, 3, 3])
    with pytest.raises(InvalidInput, match="re-plan"):
        apply_hold(bumpy, START, 2)


# --- slow-down ---------------------------------------------------------------------------------


def test_slowdown_stretches_every_remaining_step_and_keeps_amounts():
    day = date(2026, 12, 6)  # 2 days of the 30 mg step left after today
    slow = apply_slowdown(PLAN, day, D("1.5"))
    assert [s.daily_amount for s in slow.steps] == [s.daily_amount for s in PLAN.steps]
    assert [s.days for s in slow.steps] == [4, 2 + 3, 6, 6]
    assert [s.units_needed for s in slow.steps] == [D(16), D(15), D(12), D(6)]
    assert schedule(slow)[:6] == schedule(PLAN)[:6]  # up to and including today unchanged
    assert slow.extra["adaptations"][-1] == {"kind": "slow", "day": "2026-12-06", "factor": "1.5"}


def test_slowdown_on_the_last_day_of_a_step_still_delays_the_cut():
    slow = apply_slowdown(PLAN, date(2026, 12, 8), D("1.1"))
    assert amount_on(slow, date(2026, 12, 9)) == D(30)
    assert [s.days for s in slow.steps] == [4, 5, 5, 5]  # ceil(4 * 1.1) = 5


def test_slowdown_factor_is_bounded():
    with pytest.raises(InvalidInput, match="factor"):
        apply_slowdown(PLAN, START, D("1.0"))


# --- return to the previous step (only on request) ---------------------------------------------


def test_return_goes_back_up_then_retries_a_full_step_with_the_caution():
    day = date(2026, 12, 10)  # day 2 of 20 mg
    back = return_to_previous_step(PLAN, day)
    assert amount_on(back, day - timedelta(days=1)) == D(20)
    assert schedule(back)[9:9 + 4] == [D(30)] * 4  # the previous step's own length
    assert schedule(back)[13:13 + 4] == [D(20)] * 4  # then the full 20 mg step again
    assert back.warnings[-1].startswith("You went back to a higher amount.")
    assert TOLERANCE_WARNING in back.warnings[-1]
    assert back.extra["adaptations"][-1]["kind"] == "return"
    assert is_no_faster(PLAN, back, day) and keeps_past(PLAN, back, day)


def test_return_is_refused_on_the_first_amount_and_outside_the_plan():
    with pytest.raises(InvalidInput, match="first amount"):
        return_to_previous_step(PLAN, START)
    with pytest.raises(InvalidInput, match="only possible while the plan runs"):
        return_to_previous_step(PLAN, PLAN.end + timedelta(days=1))


# --- properties over many plans ----------------------------------------------------------------


@st.composite
def plans_and_days(draw):
    n = draw(st.integers(1, 7))
    amounts = sorted(draw(st.lists(st.integers(1, 80), min_size=n, max_size=n)), reverse=True)
    days = draw(st.lists(st.integers(1, 10), min_size=n, max_size=n))
    plan = make_plan([a * D("2.5") for a in amounts], days)
    day = plan.start + timedelta(days=draw(st.integers(-3, sum(days) - 1)))
    return plan, day


@settings(max_examples=300, deadline=None)
@given(plans_and_days(), st.sampled_from(["hold", "slow", "return"]), st.integers(1, 7),
       st.sampled_from([D("1.1"), D("1.5"), D("2"), D("3")]))
def test_no_transformation_is_ever_faster(data, kind, days, factor):
    plan, day = data
    try:
        if kind == "hold":
            new = apply_hold(plan, day, days)
        elif kind == "slow":
            new = apply_slowdown(plan, day, factor)
        else:
            new = return_to_previous_step(plan, day, days)
    except InvalidInput as err:
        # Only the documented refusals: nothing earlier to return to, or before the start.
        assert kind == "return" and ("first amount" in err.message or "while the plan runs" in err.message)
        return
    assert is_no_faster(plan, new, day) and keeps_past(plan, new, day)
    assert new.end > plan.end  # every change gives at least one more day
    assert new.start == plan.start
    # Steps are contiguous and every amount is one the plan already had (still measurable).
    for a, b in zip(new.steps, new.steps[1:], strict=False):
        assert b.start == a.end + timedelta(days=1)
    assert {s.daily_amount for s in new.steps} <= {s.daily_amount for s in plan.steps}
    if kind == "slow":
        growth = [(b.days, a.days) for a, b in zip(plan.steps, new.steps, strict=True) if a.start > day]
        assert all(nb >= max(math.ceil(na * factor), na + 1) for nb, na in growth)


def test_going_back_twice_is_refused_plainly():
    once = return_to_previous_step(PLAN, date(2026, 12, 10), 2)  # 30 mg on 10-11 Dec
    with pytest.raises(InvalidInput, match="not a higher amount"):
        return_to_previous_step(once, date(2026, 12, 11))


def test_plans_from_the_real_planner_stay_measurable():
    planner = pytest.importorskip("stepdown.domain.planner")
    form = planner.make_form("tablet", "mg", strengths=(D(15),), pieces=4)
    plan = planner.make_plan(
        planner.PlanRequest(daily_amount=D(60), form=form, start=START, times_per_day=2, stabilise_days=3)
    )
    day = plan.steps[2].start
    for new in (apply_hold(plan, day, 2), apply_slowdown(plan, day), return_to_previous_step(plan, day)):
        assert is_no_faster(plan, new, day) and keeps_past(plan, new, day)
        known = {s.daily_amount: s.portions for s in plan.steps}
        for step in new.steps:
            assert step.portions == known[step.daily_amount]  # same measurable portions
            assert step.units_needed == sum(p.measure for p in step.portions) * step.days


def test_until_is_the_day_before_the_next_change_of_amount_after_a_hold():
    """A hold splits a step on the same amount; "until" must not end at the split (a person going
    by it would cut early) but the day before the amount changes."""
    day = date(2026, 12, 6)
    held = apply_hold(PLAN, day, 2)  # 30 mg from 5 Dec, the 30 mg step then a 30 mg hold to 10 Dec
    assert held.step_on(day).end == date(2026, 12, 8)  # the split the old "until" showed
    assert held.amount_until(day) == date(2026, 12, 10)
    assert held.next_change(day).start == date(2026, 12, 11)
    assert held.next_change(day).daily_amount == D(20)
    assert held.amount_until(held.end) == held.end and held.next_change(held.end) is None
    assert held.amount_until(START - timedelta(days=1)) is None  # outside the plan
    assert held.next_change(START - timedelta(days=1)).start == START
