"""The adaptive rules: what each kind of check-in history leads to, and why."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from stepdown.domain.adapt import (
    THRESHOLD_REASONS,
    CheckinSummary,
    PastProposal,
    Thresholds,
    apply_hold,
    evaluate,
    first_cut_day,
)
from stepdown.domain.checkin import validate_checkin
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import DoseForm, Plan, Portion, Step

START = date(2026, 12, 1)
FORM = DoseForm(kind="powder", unit="mg", resolution=D("0.5"))


def make_plan(amounts=(20, 16, 12, 8, 4), days=(3, 3, 3, 3, 3), start=START, stabilise=True):
    steps, day, prev = [], start, None
    for i, (amount, n) in enumerate(zip(amounts, days, strict=True)):
        a = D(amount)
        cut = None if prev is None else (prev - a) / prev * 100
        kind = "stabilise" if (i == 0 and stabilise) else "taper"
        portion = Portion(amount=a, measure=a, measure_unit="mg", label=f"{a} mg")
        steps.append(Step(day, n, a, "mg", (portion,), cut, a * n, kind))
        day += timedelta(days=n)
        prev = a
    return Plan(style="short", form=FORM, times_per_day=1, steps=tuple(steps))


PLAN = make_plan()
CUT = first_cut_day(PLAN)  # 2026-12-04: 16 mg from here


def c(day, total, max_total=64, **kw):
    return CheckinSummary(day=day, scale_id="sows16" if max_total == 64 else "sows10", total=total,
                          max_total=max_total, **kw)


def baseline(total=6, n=3):
    return [c(CUT - timedelta(days=i + 1), total) for i in range(n)]


def test_first_cut_is_the_first_lower_amount():
    assert date(2026, 12, 4) == CUT


# --- red flags ---------------------------------------------------------------------------------


@pytest.mark.parametrize("today", [START - timedelta(days=2), CUT, CUT + timedelta(days=5)])
def test_red_flag_today_always_means_seek_care(today):
    d = evaluate(PLAN, [c(today, 0, red_flags=("chest_pain",))], today=today)
    assert d.kind == "seek_care" and d.level == "emergency" and d.red_flags == ("chest_pain",)
    assert "chest pain" in d.explanation and "911" in d.explanation
    assert d.hold_days == Thresholds().hold_days  # no cut while waiting for care
    assert d.changes_plan


def test_red_flag_from_yesterday_still_counts_two_days_ago_does_not():
    yesterday = [c(CUT - timedelta(days=1), 0, red_flags=("self_harm",)), c(CUT, 2)]
    d = evaluate(PLAN, yesterday, today=CUT)
    assert d.kind == "seek_care" and d.level == "crisis" and "988" in d.explanation
    older = [c(CUT - timedelta(days=2), 0, red_flags=("self_harm",)), c(CUT, 2)]
    assert evaluate(PLAN, older, today=CUT).kind != "seek_care"


def test_red_flag_after_the_plan_ended_gives_care_but_no_hold():
    after = PLAN.end + timedelta(days=3)
    d = evaluate(PLAN, [c(after, 0, red_flags=("dehydration",))], today=after)
    assert d.kind == "seek_care" and d.level == "clinician_today" and d.hold_days is None


def test_the_most_urgent_level_wins():
    d = evaluate(PLAN, [c(CUT, 0, red_flags=("pregnancy", "seizure"))], today=CUT)
    assert d.level == "emergency" and d.red_flags == ("pregnancy", "seizure")


def test_checkin_input_is_accepted_directly():
    raw = {"day": CUT.isoformat(), "scale": "sows10", "answers": [0] * 10, "red_flags": ["vomiting"]}
    d = evaluate(PLAN, [validate_checkin(raw, today=CUT)], today=CUT)
    assert d.kind == "seek_care"


# --- phases ------------------------------------------------------------------------------------


def test_strong_symptoms_before_the_first_cut_build_the_baseline():
    d = evaluate(PLAN, [c(START, 50)], today=START)
    assert d.kind == "continue" and d.trigger["state"] == "baseline"
    assert not d.changes_plan


def test_after_the_end_it_is_finished_and_mentions_tolerance():
    after = PLAN.end + timedelta(days=1)
    d = evaluate(PLAN, [c(after, 60)], today=after)
    assert d.kind == "continue" and "tolerance" in d.explanation


def test_no_recent_checkin_changes_nothing():
    d = evaluate(PLAN, baseline() + [c(CUT, 60)], today=CUT + timedelta(days=2))
    assert d.kind == "continue" and d.trigger["state"] == "no_recent_checkin"
    future = [c(CUT + timedelta(days=1), 60)]  # never trusted, even if given
    assert evaluate(PLAN, future, today=CUT).trigger["state"] == "no_recent_checkin"


# --- strong symptoms ---------------------------------------------------------------------------


def test_absolute_level_without_baseline_leads_to_hold_with_dates():
    d = evaluate(PLAN, [c(CUT, 20)], today=CUT)  # 20/64 >= 0.30
    assert d.kind == "hold" and d.hold_days == 2
    assert d.trigger["rules"] == ["absolute"] and d.trigger["baseline_fraction"] is None
    assert "16 mg" in d.explanation and "2026-12-07" in d.explanation and "2026-12-09" in d.explanation
    assert evaluate(PLAN, [c(CUT, 19)], today=CUT).kind == "continue"  # 19/64 < 0.30


def test_judged_against_the_persons_own_baseline():
    # 14 of 64 is below the absolute level: strong only for someone whose usual is low.
    low = evaluate(PLAN, baseline(total=3) + [c(CUT, 14)], today=CUT)
    assert low.kind == "hold" and low.trigger["rules"] == ["rise_over_baseline"]
    assert "11 points above your usual" in low.explanation
    usual = evaluate(PLAN, baseline(total=10) + [c(CUT, 14)], today=CUT)
    assert usual.kind == "continue"


def test_one_baseline_checkin_is_not_enough():
    d = evaluate(PLAN, baseline(total=0, n=1) + [c(CUT, 14)], today=CUT)
    assert d.kind == "continue" and d.trigger["baseline_fraction"] is None


def test_both_scales_are_judged_on_the_same_share():
    assert evaluate(PLAN, [c(CUT, 9, 30)], today=CUT).kind == "hold"  # 0.30
    assert evaluate(PLAN, [c(CUT, 8, 30)], today=CUT).kind == "continue"  # 0.27


def test_high_craving_alone_leads_to_hold():
    d = evaluate(PLAN, [c(CUT, 2, craving=8)], today=CUT)
    assert d.kind == "hold" and d.trigger["rules"] == ["craving"] and "craving 8 of 10" in d.explanation
    assert evaluate(PLAN, [c(CUT, 2, craving=7)], today=CUT).kind == "continue"


def test_hold_then_holding_then_second_hold_then_slow_then_care():
    plan, history, kinds = PLAN, [], []
    day = CUT
    for _ in range(30):
        history.append(c(day, 40))
        d = evaluate(plan, history, today=day)
        kinds.append(d.kind)
        plan = d.apply(plan, day)
        day += timedelta(days=1)
    # Collapse runs: the escalation order is fixed.
    order = [k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]]
    assert order[:6] == ["hold", "continue", "hold", "continue", "slow", "seek_care"]
    assert kinds.count("slow") == 1  # one slow-down per amount, then a clinician
    assert plan.steps[1].daily_amount == D(16)
    assert all(s.daily_amount == D(16) for s in plan.steps if s.start <= day <= s.end)


def test_resume_after_a_hold_when_symptoms_settle_once():
    held = apply_hold(PLAN, CUT, 2)
    history = baseline(total=4) + [c(CUT, 30), c(CUT + timedelta(days=1), 5)]
    d = evaluate(held, history, today=CUT + timedelta(days=1))
    assert d.kind == "resume" and not d.changes_plan
    assert "2026-12-09" in d.explanation  # the next cut as now scheduled
    told = [PastProposal(CUT + timedelta(days=1), "resume", "accepted")]
    again = evaluate(held, history, today=CUT + timedelta(days=1), past_proposals=told)
    assert again.kind == "continue"


def test_no_resume_without_a_hold():
    assert evaluate(PLAN, baseline() + [c(CUT, 0)], today=CUT).kind == "continue"


def test_accepted_hold_proposals_count_even_if_the_plan_does_not_record_them():
    # Two accepted holds in this step, the plan's last day on 16 mg: propose slowing down.
    run_end = CUT + timedelta(days=2)
    past = [PastProposal(CUT, "hold", "accepted"), PastProposal(CUT + timedelta(days=1), "hold", "accepted")]
    d = evaluate(PLAN, [c(run_end, 40)], today=run_end, past_proposals=past)
    assert d.kind == "slow" and d.slow_factor == D("1.5")
    declined = [PastProposal(p.day, p.kind, "declined") for p in past]
    assert evaluate(PLAN, [c(run_end, 40)], today=run_end, past_proposals=declined).kind == "hold"


def test_decisions_are_json_safe():
    for history, today in [([c(CUT, 40)], CUT), ([c(CUT, 0, red_flags=("fainting",))], CUT)]:
        d = evaluate(PLAN, history, today=today)
        assert json.loads(json.dumps(d.to_dict()))["kind"] == d.kind


# --- thresholds --------------------------------------------------------------------------------


def test_every_threshold_has_its_reasoning():
    assert set(THRESHOLD_REASONS) == set(Thresholds().to_dict())


def test_overrides_change_the_rules_and_are_validated():
    strict = Thresholds.from_overrides({"high_fraction": "0.25", "hold_days": 1})
    d = evaluate(PLAN, [c(CUT, 16)], today=CUT, thresholds=strict)
    assert d.kind == "hold" and d.hold_days == 1
    with pytest.raises(InvalidInput, match="Unknown threshold") as err:
        Thresholds.from_overrides({"red_flags": False})
    assert err.value.field == "red_flags"
    with pytest.raises(InvalidInput, match="10% to 60%"):
        Thresholds.from_overrides({"high_fraction": 0.9})  # would switch holds off
    with pytest.raises(InvalidInput, match="Days in a hold") as err:
        Thresholds.from_overrides({"hold_days": 1.5})
    assert err.value.field == "hold_days"
    for not_a_number in ("nan", "Infinity", None, True):
        with pytest.raises(InvalidInput, match="Strong symptoms") as err:
            Thresholds.from_overrides({"high_fraction": not_a_number})
        assert err.value.field == "high_fraction" and "high_fraction" not in err.value.message
    with pytest.raises(InvalidInput, match="Settled symptoms"):
        Thresholds(settle_fraction=D("0.5"), high_fraction=D("0.3"))


def test_summary_refuses_impossible_totals():
    with pytest.raises(InvalidInput):
        CheckinSummary(CUT, "sows10", 31, 30)
