"""Issue 9, daily loop: a lapse re-plan never starts above the plan's start without a recorded
clinician agreement; after the taper ended no dose is guessed. Real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from service_helpers import at, counts
from sqlalchemy import func, select

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.services import onboarding, proposals
from stepdown.services import toolkit as svc
from stepdown.storage.db import session_scope
from stepdown.storage.models import PlanRevision

START = date(2026, 3, 2)


@pytest.fixture
def planned(engine, me):
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=START, style="short"))
    onboarding.start_taper(engine, me.id, plan=plan, now=at(START, 8))
    return plan


def test_a_typo_now_taking_above_the_start_is_refused_and_nothing_is_stored(engine, me, planned) -> None:
    before = counts(engine)
    with pytest.raises(InvalidInput) as err:
        svc.log_lapse(
            engine, me.id, {"amount": "15"}, current_daily="502.5", now=at(START + timedelta(days=3))
        )
    assert err.value.field == "current_daily"
    assert "above the 60 mg a day your plan started from" in err.value.message
    assert "nearest measurable" not in err.value.message
    assert counts(engine) == before


def test_an_absurd_unmeasurable_now_taking_never_gets_a_nearest_measurable_hint(engine, me, planned) -> None:
    with pytest.raises(InvalidInput) as err:
        svc.log_lapse(
            engine, me.id, {"amount": "15"}, current_daily="5021", now=at(START + timedelta(days=3))
        )
    assert "nearest measurable" not in err.value.message


def test_above_the_start_with_a_clinician_agreement_is_recorded_on_the_revision(engine, me, planned) -> None:
    day = START + timedelta(days=3)
    out = svc.log_lapse(
        engine,
        me.id,
        {"amount": "15"},
        current_daily="67.5",
        clinician_agreement="Dr Lee agreed on the phone today",
        now=at(day),
    )
    prop = out["proposal"]
    assert prop["steps"][0]["daily_amount"] == "67.5"
    result = proposals.accept(engine, me.id, prop["id"], day=day, now=at(day, 13))
    agreement = result["revision"]["trigger"]["clinician_agreement"]
    assert agreement["note"] == "Dr Lee agreed on the phone today"
    assert agreement["by"] == "person (says a clinician agreed)" and agreement["recorded_at"]


def test_a_stored_proposal_above_the_start_without_agreement_cannot_be_accepted(engine, me, planned) -> None:
    """A proposal saved before the ceiling existed (or edited in the database) is still refused."""
    from stepdown.storage import proposals as prop_store

    day = START + timedelta(days=3)
    out = svc.log_lapse(engine, me.id, {"amount": "15"}, current_daily="52.5", now=at(day))
    form = planned.form
    big = make_plan(PlanRequest(daily_amount=Decimal("502.5"), form=form, start=day, style="short"))
    with session_scope(engine) as s:
        row = prop_store.get_proposal(s, me.id, out["proposal"]["id"])
        row.trigger = {**row.trigger, "plan": big.to_dict()}
    with pytest.raises(InvalidInput):
        proposals.accept(engine, me.id, out["proposal"]["id"], day=day)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(PlanRevision)) == 1


def test_lapse_after_the_taper_ended_guesses_no_dose(engine, me, planned) -> None:
    after = planned.end + timedelta(days=5)
    out = svc.log_lapse(engine, me.id, {"amount": "7.5"}, now=at(after))
    assert out["proposal"] is None
    assert "does not guess a dose" in out["replan_problem"]
    assert out["tolerance_warning"]
    # with the amount the person says they take now, a gentle plan from it
    out = svc.log_lapse(engine, me.id, {"amount": "7.5"}, current_daily="15", now=at(after, 14))
    assert out["proposal"]["steps"][0]["daily_amount"] == "15"


def test_lapse_unit_is_a_known_unit_and_amount_obeys_the_shared_limits(engine, me, planned) -> None:
    before = counts(engine)
    for raw in ({"amount": "15", "unit": "handfuls"}, {"amount": "4000"}, {"amount": ""}):
        with pytest.raises(InvalidInput):
            svc.log_lapse(engine, me.id, raw, now=at(START + timedelta(days=3)))
    assert counts(engine) == before
    # the plan's tablets: 60 of 15 mg a day is the cap (900 mg), the same as the planner's
    with pytest.raises(InvalidInput) as err:
        svc.log_lapse(engine, me.id, {"amount": "901"}, now=at(START + timedelta(days=3)))
    assert "900 mg a day" in err.value.message


def test_replan_revision_starts_where_the_person_is(engine, me, planned) -> None:
    day = START + timedelta(days=3)
    out = svc.log_lapse(engine, me.id, {"amount": "15"}, current_daily="52.5", now=at(day))
    proposals.accept(engine, me.id, out["proposal"]["id"], day=day)
    with session_scope(engine) as s:
        rev = s.scalars(select(PlanRevision).order_by(PlanRevision.number.desc())).first()
        assert PlanData.from_dict(rev.plan).step_on(day).daily_amount == Decimal("52.5")
