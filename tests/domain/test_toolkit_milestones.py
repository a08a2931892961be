"""Milestones: what counts, that each is celebrated exactly once, and the money no longer spent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.plan import DoseForm, Plan, Step
from stepdown.domain.toolkit.milestones import (
    DAYS_FREE,
    days_since_last_dose,
    format_money,
    levels,
    money_not_spent,
    reached,
    to_celebrate,
)

FORM = DoseForm("tablet", "mg", (Decimal(15),), 4)


def plan_of(start: date, *runs: tuple[str, int, str]) -> Plan:
    steps, day = [], start
    for amount, days, kind in runs:
        steps.append(Step(day, days, Decimal(amount), "mg", (), None, Decimal(0), kind))
        day += timedelta(days=days)
    return Plan("short", FORM, 1, tuple(steps))


START = date(2026, 3, 1)
# 30 mg for 3 days, 22.5 for 3 (+1 hold day), 15 for 3, 7.5 for 3 -> last dose 2026-03-13
PLAN = plan_of(
    START,
    ("30", 3, "taper"),
    ("22.5", 3, "taper"),
    ("22.5", 1, "hold"),
    ("15", 3, "taper"),
    ("7.5", 3, "final"),
)


def test_levels_merge_a_hold_into_its_step() -> None:
    assert [(str(a), s.day, e.day) for a, s, e in levels(PLAN)] == [
        ("30", 1, 3),
        ("22.5", 4, 7),
        ("15", 8, 10),
        ("7.5", 11, 13),
    ]


def test_nothing_before_the_first_step_ends() -> None:
    assert reached(PLAN, today=date(2026, 3, 3)) == []


def test_steps_halfway_last_dose_and_days_free() -> None:
    found = reached(PLAN, today=date(2026, 3, 14))
    codes = [m.code for m in found]
    assert codes == [
        "step:30:mg",
        "step:22.5:mg",
        "halfway:2026-03-01",  # 13 days: halfway is day 7 (2026-03-07), the day the 22.5 level ends
        "step:15:mg",
        "last_dose:2026-03-13",
        "days_free:1:2026-03-13",
    ]
    assert found[1].text == "You completed the step at 22.5 mg a day."
    assert found[-1].text == "1 day since your last planned dose."


def test_days_free_follow_the_documented_ladder() -> None:
    found = reached(PLAN, today=date(2026, 3, 13) + timedelta(days=400))
    free = [m for m in found if m.kind == "days_free"]
    assert [m.data["days"] for m in free] == list(DAYS_FREE)
    assert free[2].achieved_on == date(2026, 3, 20)  # 7 days after the last dose
    assert days_since_last_dose(PLAN, today=date(2026, 3, 20)) == 7
    assert days_since_last_dose(PLAN, today=date(2026, 3, 13)) is None


def test_each_milestone_is_celebrated_exactly_once() -> None:
    celebrated: list[str] = []
    for offset in range(0, 60):
        fresh = to_celebrate(reached(PLAN, today=START + timedelta(days=offset)), celebrated)
        celebrated.extend(m.code for m in fresh)
    assert len(celebrated) == len(set(celebrated))
    assert set(celebrated) == {m.code for m in reached(PLAN, today=START + timedelta(days=59))}
    # asking again on the same day gives nothing new
    assert to_celebrate(reached(PLAN, today=START + timedelta(days=59)), celebrated) == []


def test_a_replan_after_a_lapse_keeps_old_milestones_and_adds_its_own() -> None:
    before = {m.code for m in reached(PLAN, today=date(2026, 3, 20))}
    replanned = plan_of(date(2026, 3, 21), ("15", 6, "stabilise"), ("7.5", 6, "final"))
    after = reached(replanned, today=date(2026, 4, 3))
    fresh = to_celebrate(after, before)
    assert "step:15:mg" not in {m.code for m in fresh}  # a level is celebrated once ever
    assert "last_dose:2026-04-01" in {m.code for m in fresh}
    assert before <= before | {m.code for m in after}  # nothing taken away


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["30", "20", "10", "5"]), st.integers(1, 10)), min_size=1, max_size=6),
    st.integers(0, 500),
)
def test_milestones_only_grow_as_days_pass(runs: list[tuple[str, int]], offset: int) -> None:
    plan = plan_of(START, *[(a, d, "taper") for a, d in runs])
    today = START + timedelta(days=offset)
    now = {m.code for m in reached(plan, today=today)}
    later = {m.code for m in reached(plan, today=today + timedelta(days=1))}
    assert now <= later
    assert all(m.achieved_on <= today for m in reached(plan, today=today))


def test_money_not_spent_uses_logs_then_plan_and_counts_lapses() -> None:
    # baseline 30 mg a day at $0.50/mg. Days 1-3 planned 30 (saves 0); day 4 logged 20 (saves 5);
    # days 5-6 planned 22.5 (saves 3.75 each). Today (day 7) not counted. A 10 mg lapse costs 5.
    money = money_not_spent(
        PLAN,
        baseline_daily=Decimal(30),
        cost_per_unit=Decimal("0.5"),
        today=date(2026, 3, 7),
        taken_by_day={date(2026, 3, 4): Decimal(20)},
        lapse_amounts=[Decimal(10)],
    )
    assert money.days == 6
    assert money.amount == Decimal("7.50")
    assert format_money(Decimal("1234.5")) == "$1,234.50"


def test_money_after_the_plan_ends_saves_the_whole_baseline() -> None:
    end = date(2026, 3, 13)
    a = money_not_spent(
        PLAN, baseline_daily=Decimal(30), cost_per_unit=Decimal(1), today=end + timedelta(days=1)
    )
    b = money_not_spent(
        PLAN, baseline_daily=Decimal(30), cost_per_unit=Decimal(1), today=end + timedelta(days=11)
    )
    assert b.amount - a.amount == Decimal(300)


def test_money_is_never_negative() -> None:
    m = money_not_spent(
        PLAN,
        baseline_daily=Decimal(30),
        cost_per_unit=Decimal(1),
        today=date(2026, 3, 2),
        lapse_amounts=[Decimal(500)],
    )
    assert m.amount == Decimal("0.00")


def test_a_return_is_not_a_completion_and_a_step_counts_once() -> None:
    # 30 -> 20, back to 30 for a while (a return), then 20 again and 10.
    plan = plan_of(START, ("30", 3, "taper"), ("20", 3, "taper"), ("30", 3, "return"), ("20", 3, "taper"),
                   ("10", 3, "final"))  # fmt: skip
    during_return = {m.code for m in reached(plan, today=START + timedelta(days=7))}
    assert "step:20:mg" not in during_return  # left 20 for a higher amount: not completed
    steps = [m.code for m in reached(plan, today=START + timedelta(days=20)) if m.kind == "step"]
    assert steps == ["step:30:mg", "step:20:mg"]  # each once, though 30 and 20 each ran twice


def test_a_plan_entered_with_a_past_start_celebrates_no_days_it_did_not_live() -> None:
    entered = START + timedelta(days=8)  # onboarding on day 9 with the plan starting on day 1
    found = reached(PLAN, today=entered, lived_from=entered)
    assert found == []  # neither 30 nor 22.5 was lived with stepdown, nor the halfway day
    later = reached(PLAN, today=START + timedelta(days=10), lived_from=entered)
    assert [m.code for m in later if m.kind == "step"] == ["step:15:mg"]


def test_entering_a_plan_on_its_calendar_middle_is_not_halfway() -> None:
    middle = START + timedelta(days=6)  # 13 days: the calendar's halfway day, as before the fix
    assert "halfway" in {m.kind for m in reached(PLAN, today=middle)}
    assert "halfway" not in {m.kind for m in reached(PLAN, today=middle, lived_from=middle)}
    # Half the plan's days lived (7 to 12 March) is halfway, on the last day; a day later, never.
    lived_six = reached(PLAN, today=PLAN.end, lived_from=middle)
    assert [m.achieved_on for m in lived_six if m.kind == "halfway"] == [PLAN.end]
    late = middle + timedelta(days=1)
    after = reached(PLAN, today=PLAN.end + timedelta(days=3), lived_from=late)
    assert "halfway" not in {m.kind for m in after}


def test_days_logged_later_count_as_lived() -> None:
    middle = START + timedelta(days=6)
    logged = [START + timedelta(days=n) for n in range(6)]  # doses logged for 1-6 March afterwards
    found = {m.code: m.achieved_on for m in reached(PLAN, today=middle, lived_from=middle, logged=logged)}
    assert found == {"step:30:mg": START + timedelta(days=2), "halfway:2026-03-01": middle}
    one_day = reached(PLAN, today=middle, lived_from=middle, logged=[START + timedelta(days=1)])
    assert [m.code for m in one_day] == ["step:30:mg"]  # a day lived on a level completes it
