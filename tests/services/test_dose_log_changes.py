"""Issue 9, daily loop: each "Taken" logs its own portion, one set of plausibility limits for every
typed amount, and a logged dose can be corrected or removed with the change kept in the history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from service_helpers import at, counts
from sqlalchemy import select

from stepdown.domain.errors import InvalidInput
from stepdown.domain.intake import make_intake
from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.services import dose_changes, doses, onboarding
from stepdown.services.today import today_view
from stepdown.storage.db import session_scope
from stepdown.storage.models import DoseLog, Event

START = date(2026, 3, 2)


@pytest.fixture
def unequal(engine, me):
    """The issue's plan: 56.25 mg in two unequal portions on the first (stabilise) day."""
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(
        PlanRequest(
            daily_amount=Decimal("56.25"),
            form=form,
            start=START,
            times_per_day=2,
            style="short",
            stabilise_days=1,
            clinician_agreed=True,
        )
    )
    agreed = {"recorded_at": "2026-03-01T09:00:00+00:00", "by": "clinician:test", "note": "agreed"}
    onboarding.start_taper(
        engine, me.id, plan=plan, now=at(START, 8), trigger={"clinician_agreement": agreed}
    )
    return plan


def test_taken_beside_the_evening_portion_logs_the_evening_amount(engine, me, unequal) -> None:
    morning, evening = unequal.steps[0].portions
    assert morning.amount != evening.amount  # 26.25 and 30
    result = doses.take_dose(engine, me.id, day=START, today=START, portion=1)
    assert result.planned == evening.amount and result.actual == evening.amount
    view = today_view(engine, me.id, START)
    assert [d["taken"] for d in view.doses] == [False, True]
    # the morning's button still logs the morning's amount; a second tap on one is refused
    assert doses.take_dose(engine, me.id, day=START, today=START, portion=0).actual == morning.amount
    before = counts(engine)
    with pytest.raises(InvalidInput):
        doses.take_dose(engine, me.id, day=START, today=START, portion=1)
    assert counts(engine) == before


def test_one_set_of_limits_for_every_typed_amount(engine, me, unequal) -> None:
    """60 tablets of 15 mg a day (900 mg) is the cap for the dose log, the lapse and the planner."""
    before = counts(engine)
    for bad in ("901", "", "ten", "-1", "0"):
        with pytest.raises(InvalidInput):
            doses.take_dose(engine, me.id, day=START, today=START, amount=bad)
    assert counts(engine) == before
    assert doses.take_dose(engine, me.id, day=START, today=START, amount="900").above_start
    with pytest.raises(InvalidInput):
        make_plan(PlanRequest(daily_amount=Decimal(915), form=unequal.form, start=START))
    # assess: the same per-unit limits (100 g a day, 60 tablets)
    for unit, bad, ok in (("mg", 100_001, 6000), ("tablets", 61, 60), ("g", 101, 100)):
        with pytest.raises(InvalidInput):
            make_intake(substance="7-oh", daily_amount=bad, unit=unit, duration_days=30)
        make_intake(substance="7-oh", daily_amount=ok, unit=unit, duration_days=30)


def test_a_dose_above_the_start_is_flagged_for_the_lapse_flow(engine, me, unequal) -> None:
    day = START + timedelta(days=3)
    result = doses.take_dose(engine, me.id, day=day, today=day, amount="60")
    assert result.above_plan and result.above_start and result.start_amount == Decimal("56.25")
    small = doses.take_dose(engine, me.id, day=day + timedelta(days=1), today=day + timedelta(days=1))
    assert not small.above_start


def test_a_logged_dose_can_be_corrected_and_removed_and_the_history_keeps_both(engine, me, unequal) -> None:
    typo = doses.take_dose(engine, me.id, day=START, today=START, amount="262.5")
    out = dose_changes.correct_dose(engine, me.id, typo.id, amount="26.25", reason="typo", today=START)
    assert out["before"]["actual"] == 262.5 and out["dose"]["actual"] == 26.25
    with session_scope(engine) as s:
        assert s.get(DoseLog, typo.id).actual_amount == Decimal("26.25")
    extra = doses.take_dose(engine, me.id, day=START, today=START, amount="15")
    dose_changes.remove_dose(engine, me.id, extra.id, reason="logged twice", today=START)
    with session_scope(engine) as s:
        assert s.get(DoseLog, extra.id) is None
        kinds = [e.kind for e in s.scalars(select(Event).order_by(Event.id))]
    assert kinds[-2:] == ["dose_corrected", "dose_removed"]
    history = dose_changes.dose_history(engine, me.id)
    assert history[0]["before"]["actual"] == 262.5 and history[0]["reason"] == "typo"
    assert history[1]["before"]["actual"] == 15 and history[1]["reason"] == "logged twice"


def test_bad_corrections_change_nothing(engine, me, unequal) -> None:
    dose = doses.take_dose(engine, me.id, day=START, today=START, portion=0)
    before = counts(engine)
    for dose_id, amount in ((dose.id, "9000"), (dose.id, ""), (dose.id + 99, "10"), ("x", "10")):
        with pytest.raises(InvalidInput):
            dose_changes.correct_dose(engine, me.id, dose_id, amount=amount, today=START)
    with pytest.raises(InvalidInput):
        dose_changes.remove_dose(engine, me.id, dose.id + 99, today=START)
    assert counts(engine) == before
