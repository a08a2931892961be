"""Issue 9: with the default --stabilise-days 0 the first step is already a cut, so strong symptoms
the day after it are judged against the pre-cut state (or the absolute levels) and lead to a hold."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from stepdown.domain.adapt import CheckinSummary, evaluate, first_cut_day
from stepdown.domain.planner import PlanRequest, make_form, make_plan

START = date(2026, 12, 1)


def _plan(stabilise: int = 0):
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    return make_plan(
        PlanRequest(daily_amount=Decimal(60), form=form, start=START, style="short", stabilise_days=stabilise)
    )


def test_the_first_step_is_the_first_cut_without_stabilise_days() -> None:
    plan = _plan()
    assert plan.steps[0].daily_amount < Decimal(60)
    assert first_cut_day(plan) == START
    assert first_cut_day(_plan(stabilise=2)) == START + timedelta(days=2)


def test_strong_symptoms_the_day_after_the_first_cut_lead_to_a_hold() -> None:
    plan = _plan()
    day = START + timedelta(days=1)
    checkin = CheckinSummary(day=day, scale_id="sows16", total=48, max_total=64)
    decision = evaluate(plan, [checkin], today=day)
    assert decision.kind == "hold"


def test_the_pre_cut_check_ins_are_the_baseline() -> None:
    plan = _plan()
    before = [CheckinSummary(day=START - timedelta(days=i), scale_id="sows16", total=4, max_total=64)
              for i in (1, 2, 3)]  # fmt: skip
    day = START + timedelta(days=1)
    # 16/64 is below the absolute level but a clear rise over the pre-cut baseline of 4/64
    decision = evaluate(
        plan, [*before, CheckinSummary(day=day, scale_id="sows16", total=16, max_total=64)], today=day
    )
    assert decision.kind == "hold"
    assert decision.trigger["baseline_checkins"] == 3 and "rise_over_baseline" in decision.trigger["rules"]
