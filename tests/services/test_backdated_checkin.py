"""A check-in filled in for an earlier day: saved for that day, and the plan rules judge today's
state (a proposal changes the plan from today on, never its past), so the earlier day decides only
when it is the newest check-in and still recent; the result says which check-in was judged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from stepdown.domain.scales import SOWS16
from stepdown.services import checkins, onboarding, person
from stepdown.storage import proposals as proposal_repo
from stepdown.storage.db import session_scope

START = date(2026, 1, 5)
TODAY = START + timedelta(days=4)  # the plan's first cut was yesterday (plan_factory: 3 days a step)
YESTERDAY = TODAY - timedelta(days=1)


def raw(day: date, rating: int) -> dict:
    return {"day": day.isoformat(), "scale": SOWS16.id, "answers": [rating] * len(SOWS16.items)}


@pytest.fixture
def me(engine, plan_factory):
    info = person.get_or_create_local_person(engine, timezone="UTC")
    onboarding.start_taper(engine, info.id, plan=plan_factory(START))
    return info


def pending(engine, person_id: int) -> list:
    with session_scope(engine) as s:
        return [p.kind for p in proposal_repo.proposals(s, person_id, status="pending")]


def test_a_strong_earlier_day_behind_a_milder_newer_checkin_proposes_nothing(engine, me) -> None:
    checkins.record_checkin(engine, me.id, raw(TODAY, 1), today=TODAY)  # 16 of 64: steady
    result = checkins.record_checkin(engine, me.id, raw(YESTERDAY, 3), today=TODAY)  # 48 of 64
    assert result.day == YESTERDAY and result.total == 48
    assert result.judged_day == TODAY  # today's own check-in speaks for today
    assert result.decision["kind"] == "continue" and result.proposal is None
    assert pending(engine, me.id) == []


def test_a_strong_earlier_day_with_nothing_newer_proposes_a_hold_today(engine, me) -> None:
    result = checkins.record_checkin(engine, me.id, raw(YESTERDAY, 3), today=TODAY)
    assert result.judged_day == YESTERDAY and result.to_dict()["judged_day"] == YESTERDAY.isoformat()
    assert result.decision["kind"] == "hold" and result.proposal["kind"] == "hold"
    assert result.decision["trigger"]["checkin"]["day"] == YESTERDAY.isoformat()
    assert pending(engine, me.id) == ["hold"]


def test_an_old_day_is_saved_but_too_old_to_judge_today(engine, me) -> None:
    result = checkins.record_checkin(engine, me.id, raw(TODAY - timedelta(days=3), 3), today=TODAY)
    assert result.judged_day is None and result.proposal is None
    assert result.decision["trigger"]["state"] == "no_recent_checkin"
