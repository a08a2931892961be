"""Issue 9, daily loop: a pause the person asks for; waiting proposals never tell a person to stay on
a dose the plan has left; going back a step never goes above the start. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from service_helpers import at, counts
from sqlalchemy import func, select

from stepdown.domain.adapt.transform import amount_on, is_no_faster, keeps_past
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.domain.scales import SOWS16
from stepdown.services import checkins, onboarding, proposals
from stepdown.services.today import today_view
from stepdown.storage import plans as plan_store
from stepdown.storage.db import session_scope
from stepdown.storage.models import Plan, PlanRevision, Proposal

START = date(2026, 3, 2)


def strong(day: date) -> dict:
    return {"day": day.isoformat(), "scale": SOWS16.id, "answers": [3] * 16, "red_flags": []}


@pytest.fixture
def planned(engine, me):
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=START, style="short"))
    onboarding.start_taper(engine, me.id, plan=plan, now=at(START, 8))
    return plan


def test_a_pause_the_person_asks_for_is_a_revision_and_never_faster(engine, me, planned) -> None:
    day = START + timedelta(days=1)
    out = proposals.pause(engine, me.id, days="2", reason="a hard week at work", day=day, now=at(day))
    rev = out["revision"]
    assert rev["kind"] == "pause" and rev["reason"] == "a hard week at work"
    assert rev["trigger"]["requested_by"] == "person" and rev["trigger"]["days"] == 2
    with session_scope(engine) as s:
        new = PlanData.from_dict(
            s.scalars(select(PlanRevision).order_by(PlanRevision.number.desc())).first().plan
        )
        assert s.scalar(select(func.count()).select_from(Proposal)) == 0  # no proposal needed
    assert is_no_faster(planned, new, day) and keeps_past(planned, new, day)
    assert new.end == planned.end + timedelta(days=2)
    assert "nothing is cut sooner" in out["message"].lower()


def test_after_a_pause_until_is_the_day_before_the_next_change_everywhere(engine, me, planned) -> None:
    """Status, Today and the step table agree: "until" is the day before the next change of amount,
    not the end of the step a pause split (the tester's "until 3 Dec, next change from 7 Dec")."""
    from stepdown.services.status import status_view

    day = planned.steps[1].start  # the first day of a cut step
    proposals.pause(engine, me.id, days="2", reason="x", day=day, now=at(day))
    today = today_view(engine, me.id, day).plan
    status = status_view(engine, me.id, day=day).plan
    change = date.fromisoformat(today["next_change"]["day"])
    assert today["step_ends"] == status["step_ends"] == (change - timedelta(days=1)).isoformat()
    assert change == planned.steps[2].start + timedelta(days=2)


def test_a_pause_is_1_to_3_days_with_a_reason_while_the_taper_runs(engine, me, planned) -> None:
    before = counts(engine)
    day = START + timedelta(days=1)
    for days, reason, when in (
        ("4", "x", day),
        ("0", "x", day),
        ("two", "x", day),
        ("2", " ", day),
        ("2", "x", planned.end + timedelta(days=1)),
        ("2", "x", START - timedelta(days=1)),
    ):
        with pytest.raises(InvalidInput):
            proposals.pause(engine, me.id, days=days, reason=reason, day=when)
    assert counts(engine) == before


def test_a_waiting_hold_for_an_old_dose_is_superseded_when_the_plan_moves(engine, me, planned) -> None:
    first_day = START + timedelta(days=1)
    first = checkins.record_checkin(engine, me.id, strong(first_day), today=first_day, now=at(first_day))
    assert first.proposal is not None and first.proposal["kind"] == "hold"
    old_amount = amount_on(planned, first_day)
    later = next(s.start for s in planned.steps if s.daily_amount < old_amount) + timedelta(days=1)
    assert amount_on(planned, later) < old_amount
    # Today no longer shows the old "stay on" proposal, and status does not count it as waiting
    assert today_view(engine, me.id, later).proposals == []
    from stepdown.services.status import status_view

    assert status_view(engine, me.id, day=first_day).counts["pending_proposals"] == 1
    assert status_view(engine, me.id, day=later).counts["pending_proposals"] == 0
    with pytest.raises(InvalidInput) as err:
        proposals.accept(engine, me.id, first.proposal["id"], day=later)
    assert "no longer fits" in err.value.message
    with session_scope(engine) as s:
        assert s.get(Proposal, first.proposal["id"]).status == "superseded"
        assert s.scalar(select(func.count()).select_from(PlanRevision)) == 1
    # a new strong check-in on the new dose makes a new proposal for it
    second = checkins.record_checkin(engine, me.id, strong(later), today=later, now=at(later))
    assert second.proposal is not None and second.proposal["id"] != first.proposal["id"]
    assert Decimal(second.proposal["trigger"]["amount"]) == amount_on(planned, later)
    view = today_view(engine, me.id, later)
    assert [p["id"] for p in view.proposals] == [second.proposal["id"]]
    result = proposals.accept(engine, me.id, second.proposal["id"], day=later)
    new = PlanData.from_dict(result["revision"] and _latest(engine))
    assert amount_on(new, later) == amount_on(planned, later)


def _latest(engine) -> dict:
    with session_scope(engine) as s:
        return s.scalars(select(PlanRevision).order_by(PlanRevision.number.desc())).first().plan


def test_a_seek_care_notice_from_an_earlier_day_says_its_date(engine, me, planned) -> None:
    from stepdown.services.today import seek_care_reasons

    notice = {"day": "2026-03-03", "explanation": "Stay on 52.5 mg a day for 2 more days.", "guidance": []}
    [line] = seek_care_reasons([notice], date(2026, 3, 6))
    assert line.startswith("From your check-in on Tue 3 Mar") and "that day's plan" in line
    assert seek_care_reasons([notice], date(2026, 3, 3)) == [notice["explanation"]]


def test_going_back_a_step_never_goes_above_the_plans_start(engine, me) -> None:
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    first = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=START, style="short"))
    onboarding.start_taper(engine, me.id, plan=first, now=at(START, 8))
    # a later revision (e.g. stored by an older version) whose first step is above the start
    high = make_plan(PlanRequest(daily_amount=Decimal(120), form=form, start=START, style="short"))
    with session_scope(engine) as s:
        row = s.scalars(select(Plan)).one()
        plan_store.add_revision(s, row, data=high, kind="replan", reason="old data", trigger={},
                                accepted_by="person", now=at(START, 9))  # fmt: skip
    day = high.steps[1].start
    before = counts(engine)
    with pytest.raises(InvalidInput) as err:
        proposals.return_to_previous(engine, me.id, reason="too hard", day=day)
    assert "above the 60 mg a day your plan started from" in err.value.message
    assert counts(engine) == before
