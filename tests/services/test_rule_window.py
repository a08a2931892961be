"""The adaptive rules get only a window of the history (storage.checkins.rule_rows, cost flat in
history); their decision must be exactly the one the full history gives. Generated histories, plans
with holds and slow-downs, past proposals and thresholds, on both back ends."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepdown.domain.adapt import (
    CheckinSummary,
    PastProposal,
    Thresholds,
    apply_hold,
    apply_slowdown,
    evaluate,
)
from stepdown.domain.adapt.window import history_window
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.domain.triage import RED_FLAG_IDS
from stepdown.services.checkins import rule_inputs
from stepdown.storage import people, plans
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import Checkin, Proposal

START = date(2026, 3, 2)
NOW = datetime(2026, 3, 1, 12, 0)


@st.composite
def plans_(draw: Any) -> tuple[Any, ...]:
    """(amounts, days per step, [(hold or slow, day offset)]): a plan_factory plan, then adapted."""
    amounts = sorted(draw(st.lists(st.sampled_from([40, 32, 24, 20, 16, 12, 8, 4]), min_size=1, max_size=6)))
    changes = draw(st.lists(st.tuples(st.sampled_from(["hold", "slow"]), st.integers(0, 20)), max_size=2))
    return tuple(amounts[::-1]), draw(st.integers(1, 4)), changes


def _plan(plan_factory: Any, spec: tuple[Any, ...]) -> Plan:
    amounts, days, changes = spec
    plan = plan_factory(START, amounts=amounts, days=days)
    for change, offset in changes:
        day = START + timedelta(days=offset)
        if day > plan.end:
            continue
        try:
            plan = apply_hold(plan, day, 2) if change == "hold" else apply_slowdown(plan, day, Decimal("1.5"))
        except InvalidInput:
            continue
    return plan


def _near(days: list[date | None]) -> Any:
    """Days spread over the plan, and more of them right around the days the window turns on."""
    anchors = [d for d in days if d is not None]
    return st.one_of(
        st.integers(-12, 40).map(lambda o: START + timedelta(days=o)),
        st.sampled_from(anchors).flatmap(lambda d: st.integers(-3, 1).map(lambda o: d + timedelta(days=o))),
    )


def _checkin_st(days: Any) -> Any:
    return st.tuples(
        days,
        st.booleans(),
        st.integers(0, 100),
        st.none() | st.integers(0, 10),
        st.none() | st.integers(0, 24).map(lambda h: h / 2),
        st.just([]) | st.lists(st.sampled_from(RED_FLAG_IDS), min_size=1, max_size=2, unique=True),
    )


def _proposal_st(days: Any) -> Any:
    return st.builds(
        PastProposal,
        days,
        st.sampled_from(["hold", "slow", "resume"]),
        st.sampled_from(["pending", "accepted", "declined", "superseded"]),
    )


thresholds_st = st.builds(
    Thresholds,
    min_baseline_checkins=st.integers(1, 5),
    baseline_window=st.integers(1, 10),
    recent_days=st.integers(1, 7),
    holds_before_slowdown=st.integers(1, 3),
)


def _summaries(raw: list[tuple[Any, ...]]) -> list[CheckinSummary]:
    days: dict[date, CheckinSummary] = {}
    for day, sows16, share, craving, sleep, flags in raw:
        top = 64 if sows16 else 30
        days[day] = CheckinSummary(
            day=day,
            scale_id="sows16" if sows16 else "sows10",
            total=top * share // 100,
            max_total=top,
            craving=craving,
            sleep_hours=sleep,
            sleep_quality=None,
            red_flags=tuple(flags),
        )
    return sorted(days.values(), key=lambda c: c.day)


def _draw(data: Any, plan: Plan, th: Thresholds, today_offset: int) -> Any:
    today = START + timedelta(days=today_offset)
    w = history_window(plan, today, th)
    days = _near([today, w.baseline_before, w.proposals_from])
    history = _summaries(data.draw(st.lists(_checkin_st(days), max_size=30)))
    past = data.draw(st.lists(_proposal_st(days), max_size=8))
    return today, history, past


def _outcome(plan: Plan, history: list[Any], today: date, th: Thresholds, past: list[Any]) -> Any:
    try:
        return evaluate(plan, history, today=today, thresholds=th, past_proposals=past).to_dict()
    except InvalidInput as exc:
        return ("refused", exc.message)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans_(), th=thresholds_st, today_offset=st.integers(-5, 45), data=st.data())
def test_the_window_from_storage_gives_the_full_history_decision(
    engine: Any, plan_factory: Any, plan: Any, th: Thresholds, today_offset: int, data: Any
) -> None:
    plan = _plan(plan_factory, plan)
    today, history, past = _draw(data, plan, th, today_offset)
    with session_scope(engine) as s:  # a fresh person per example
        pid = people.create_person(s, pseudonym="w", timezone="UTC", now=NOW).id
        plan_id = plans.add_plan(s, pid, now=NOW).id
        for c in history:
            s.add(
                Checkin(
                    person_id=pid,
                    day=c.day,
                    created_at=NOW,
                    updated_at=NOW,
                    version=1,
                    scale=c.scale_id,
                    answers={},
                    total=c.total,
                    craving=c.craving,
                    sleep_hours=None if c.sleep_hours is None else Decimal(str(c.sleep_hours)),
                    sleep_quality=None,
                    mood=None,
                    self_care={},
                    note=None,
                    red_flags=list(c.red_flags),
                    data={"max_total": c.max_total, "phq2": None},
                )
            )
        for p in past:
            s.add(
                Proposal(
                    person_id=pid,
                    plan_id=plan_id,
                    created_at=NOW,
                    day=p.day,
                    kind=p.kind,
                    explanation="",
                    trigger={},
                    status=p.status,
                )
            )
    with read_scope(engine) as s:
        windowed, windowed_past = rule_inputs(s, pid, plan, today, th)
    window = history_window(plan, today, th)
    assert windowed == window.checkins(history)  # storage returns exactly the domain's window
    assert len(windowed) <= window.recent_count + window.baseline_count
    assert _outcome(plan, windowed, today, th, windowed_past) == _outcome(plan, history, today, th, past)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans_(), th=thresholds_st, today_offset=st.integers(-5, 45), data=st.data())
def test_the_window_gives_the_full_history_decision(
    plan_factory: Any, plan: Any, th: Thresholds, today_offset: int, data: Any
) -> None:
    plan = _plan(plan_factory, plan)
    today, history, past = _draw(data, plan, th, today_offset)
    window = history_window(plan, today, th)
    windowed = _outcome(plan, window.checkins(history), today, th, window.proposals(past))
    assert windowed == _outcome(plan, history, today, th, past)
