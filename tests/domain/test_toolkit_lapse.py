"""Lapses: logged without judgement, bad input refused, and a re-plan that is always gentler."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import DoseForm, Parameter, Plan, Step
from stepdown.domain.toolkit.lapse import Pace, current_pace, gentler_pace, validate_lapse
from stepdown.messages import toolkit as msg

NOW = datetime(2026, 3, 10, 21, 0)


def test_valid_lapse_with_reflection() -> None:
    lapse = validate_lapse(
        {
            "amount": "15",
            "at": "2026-03-10T18:30",
            "led_to": "A hard day at work",
            "reflection": {"too_fast": "Yes", "unforeseen_trigger": "payday", "support": ""},
        },
        now=NOW,
        default_unit="mg",
    )
    assert lapse.amount == Decimal(15) and lapse.unit == "mg"
    assert lapse.at == datetime(2026, 3, 10, 18, 30)
    assert lapse.reflection == {"too_fast": "yes", "unforeseen_trigger": "payday"}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "lots"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "200000"}, "amount"),
        ({"amount": "5", "at": "2026-03-12T10:00"}, "at"),
        ({"amount": "5", "reflection": {"too_fast": "very"}}, "too_fast"),
        ({"amount": "5", "reflection": {"why": "x"}}, "reflection"),
        ({"amount": "5", "reflection": "x"}, "reflection"),
        ({"amount": "5", "led_to": "x" * 1001}, "led_to"),
    ],
)
def test_bad_lapse_input_is_refused(raw: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_lapse(raw, now=NOW, default_unit="mg")
    assert err.value.field == field


def test_prompts_include_the_seed_questions_and_no_judgemental_words() -> None:
    questions = " ".join(q for _, q in msg.REFLECTION_PROMPTS).lower()
    assert "too fast" in questions and "trigger" in questions
    wording = " ".join(str(v) for k, v in vars(msg).items() if k.isupper()).lower()
    for word in ("fail", "relapsed again", "weak", "should have", "shame", "reset", "start over", "clean"):
        if word == "reset":
            assert "not a reset" in wording  # only ever to say nothing is reset
            continue
        assert word not in wording, word


FORM = DoseForm("tablet", "mg", (Decimal(15),), 4)


def _plan(cut: str | None, every: int | None, steps: list[tuple[str, int, str | None]]) -> Plan:
    out, day = [], date(2026, 3, 1)
    for amount, days, step_cut in steps:
        out.append(
            Step(
                day,
                days,
                Decimal(amount),
                "mg",
                (),
                None if step_cut is None else Decimal(step_cut),
                Decimal(0),
            )
        )
        day += timedelta(days=days)
    params = []
    if cut is not None:
        params.append(Parameter("cut_percent", cut, "test"))
    if every is not None:
        params.append(Parameter("every_days", every, "test"))
    return Plan("short", FORM, 1, tuple(out), tuple(params))


def test_pace_comes_from_parameters_when_present_else_from_steps() -> None:
    steps = [("30", 3, None), ("24", 3, "20"), ("18", 2, "25"), ("15", 3, "16.7")]
    assert current_pace(_plan("20", 3, steps)) == Pace(Decimal(20), 3)
    assert current_pace(_plan(None, None, steps)) == Pace(Decimal("20"), 2)


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value="0.1", max_value="60", places=1), st.integers(1, 60))
def test_gentler_is_never_faster(cut: Decimal, every: int) -> None:
    before = Pace(cut, every)
    after = gentler_pace(before)
    assert 0 < after.cut_percent <= before.cut_percent
    assert after.every_days > before.every_days


def test_default_gentler_pace_halves_the_cut_and_lengthens_steps_by_half() -> None:
    assert gentler_pace(Pace(Decimal(20), 3)) == Pace(Decimal(10), 5)
    assert gentler_pace(Pace(Decimal(4), 7)) == Pace(Decimal("2.5"), 11)  # floor of 2.5%
    assert gentler_pace(Pace(Decimal(2), 7)) == Pace(Decimal(2), 11)  # already below the floor: kept


def _planned(style: str = "short", amount: str = "30") -> Plan:
    from stepdown.domain.planner import PlanRequest, make_form, make_plan

    # issue 9: quarters of 15 mg cannot taper 30 or 22.5 mg within the styles' step limits; a scale can
    form = make_form("powder", "mg", resolution=Decimal("0.25"))
    req = PlanRequest(daily_amount=Decimal(amount), form=form, start=date(2026, 3, 1), style=style)
    return make_plan(req)


@pytest.mark.parametrize("style", ["short", "gradual", "hyperbolic"])
def test_replan_starts_from_todays_amount_and_is_gentler_than_the_plan(style: str) -> None:
    from stepdown.domain.toolkit.lapse import replan_after_lapse

    old = _planned(style)
    result = replan_after_lapse(old, current_daily="22.5", today=date(2026, 3, 9))
    new = result.plan
    assert new.start == date(2026, 3, 9)
    assert new.steps[0].daily_amount == Decimal("22.5") and new.steps[0].kind == "stabilise"
    assert new.steps[0].days >= result.after.every_days  # a full new step before the first cut
    assert result.after.cut_percent < result.before.cut_percent
    assert result.after.every_days > result.before.every_days
    assert current_pace(new) == result.after  # the planner was asked for exactly this pace
    # the new plan never steps down by more than the old plan's fastest daily rate
    taper = [s for s in new.steps if s.kind == "taper"]
    assert all(s.days >= result.after.every_days for s in taper[:-1])
    assert new.extra["replanned_after"] == "lapse"
    assert "talk it over with your clinician" in result.explanation
    assert result.trigger()["reason"] == "lapse"


def test_replan_above_the_starting_amount_warns() -> None:
    from stepdown.domain.toolkit.lapse import replan_after_lapse

    result = replan_after_lapse(_planned(), current_daily="45", today=date(2026, 3, 9))
    assert msg.REPLAN_ABOVE_START in result.warnings


def test_replan_refuses_an_unmeasurable_or_missing_amount() -> None:
    from stepdown.domain.toolkit.lapse import replan_after_lapse

    for bad in ("", "0", "abc"):
        with pytest.raises(InvalidInput):
            replan_after_lapse(_planned(), current_daily=bad, today=date(2026, 3, 9))


def test_accepting_later_moves_the_new_plan_and_keeps_the_days_before() -> None:
    from stepdown.domain.toolkit.lapse import plan_from_trigger, replan_after_lapse

    old = _planned()
    result = replan_after_lapse(old, current_daily="22.5", today=date(2026, 3, 9))
    trigger = {**result.trigger(), "plan": result.plan.to_dict()}
    merged = plan_from_trigger(old, trigger, date(2026, 3, 11))
    assert merged.start == old.start  # history before the re-plan is kept
    for offset in range(10):  # every day before acceptance is planned as it was
        day = date(2026, 3, 1) + timedelta(days=offset)
        assert merged.step_on(day).daily_amount == old.step_on(day).daily_amount
    first_new = merged.step_on(date(2026, 3, 11))
    assert first_new.kind == "stabilise" and first_new.start == date(2026, 3, 11)
    assert first_new.daily_amount == Decimal("22.5")
    pairs = zip(merged.steps, merged.steps[1:], strict=False)
    assert all(b.start == a.end + timedelta(days=1) for a, b in pairs)  # no gaps, no overlaps
    assert merged.end - result.plan.end == timedelta(days=2)


@settings(max_examples=120, deadline=None)
@given(
    style=st.sampled_from(["short", "gradual", "slow", "hyperbolic"]),
    strength=st.sampled_from([5, 10, 15, 20, 30]),
    pieces=st.sampled_from([1, 2, 4]),
    start_units=st.integers(4, 40),
    data=st.data(),
)
def test_a_replan_is_never_faster_than_the_plan_it_replaces(
    style, strength, pieces, start_units, data
) -> None:
    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.domain.toolkit.lapse import replan_after_lapse
    from stepdown.domain.toolkit.milestones import levels

    form = make_form("tablet", "mg", strengths=(Decimal(strength),), pieces=pieces)
    unit = Decimal(strength) / pieces
    try:
        old = make_plan(
            PlanRequest(daily_amount=unit * start_units, form=form, start=date(2026, 1, 1), style=style)
        )
    except InvalidInput:
        return  # a plan the planner refuses is not ours to re-plan
    now_taking = unit * data.draw(st.integers(1, start_units))
    try:
        result = replan_after_lapse(old, current_daily=now_taking, today=date(2026, 1, 10))
    except InvalidInput as exc:
        assert "cannot make this a safe taper" in exc.message  # issue 9: a refusal, never a fast stop
        return
    new = result.plan
    assert new.steps[0].daily_amount == now_taking
    assert result.after.cut_percent <= result.before.cut_percent
    assert result.after.every_days > result.before.every_days
    assert new.steps[0].days >= result.after.every_days  # even the first cut waits a full new step
    old_held = {a: (last - first).days + 1 for a, first, last in levels(old)}
    for amount, first, last in levels(new):
        assert (last - first).days + 1 >= old_held.get(amount, 0), amount
    assert all(b.daily_amount <= a.daily_amount for a, b in zip(new.steps, new.steps[1:], strict=False))
