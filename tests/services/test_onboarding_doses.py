"""Starting a taper, logging doses and magnesium, red-flag acknowledgement, today and status."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.services import doses, onboarding, person, red_flags, status, today
from stepdown.storage import events
from stepdown.storage.db import session_scope
from stepdown.storage.models import Base, Intake, MagnesiumPlan, Plan, PlanRevision

START = date(2026, 1, 5)
MAGNESIUM = {
    "daily_elemental_mg": 300,
    "servings": [
        {"meal": "breakfast", "elemental_mg": 150, "compound_mg": 1064},
        {"meal": "dinner", "elemental_mg": 150, "compound_mg": 1064},
    ],
    "warnings": [],
}


def row_counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {
            name: s.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }


@pytest.fixture
def started(engine, plan_factory):
    me = person.get_or_create_local_person(engine, timezone="UTC")
    result = onboarding.start_taper(
        engine,
        me.id,
        plan=plan_factory(START),
        intake={"substance": "7-oh", "daily_amount": 20},
        assessment={"style": "short"},
        magnesium=MAGNESIUM,
    )
    return me, result


def test_local_person_is_created_once(engine) -> None:
    first = person.get_or_create_local_person(engine, timezone="Europe/London")
    again = person.get_or_create_local_person(engine, timezone="UTC")
    assert first.id == again.id
    assert again.timezone == "Europe/London"


def test_start_taper_stores_intake_revision_one_and_magnesium(engine, started, plan_factory) -> None:
    me, result = started
    assert result.revision_number == 1
    with session_scope(engine) as s:
        rev = s.get(PlanRevision, result.revision_id)
        assert (rev.kind, rev.accepted_by, rev.number) == ("initial", "person", 1)
        assert rev.reason
        assert PlanData.from_dict(rev.plan) == plan_factory(START)
        assert s.get(Intake, result.intake_id).assessment == {"style": "short"}
        assert s.get(MagnesiumPlan, result.magnesium_plan_id).plan == MAGNESIUM


def test_a_second_plan_is_refused_unless_replacing_and_the_old_one_is_kept(engine, started, plan_factory):
    me, first = started
    before = row_counts(engine)
    with pytest.raises(InvalidInput):
        onboarding.start_taper(engine, me.id, plan=plan_factory(START))
    assert row_counts(engine) == before
    second = onboarding.start_taper(engine, me.id, plan=plan_factory(START + timedelta(days=7)), replace=True)
    assert second.replaced_plan_id == first.plan_id
    with session_scope(engine) as s:
        assert s.get(Plan, first.plan_id).status == "replaced"
        assert s.scalar(select(func.count()).select_from(PlanRevision)) == 2


def test_a_crash_half_way_through_start_taper_leaves_nothing(engine, plan_factory, monkeypatch) -> None:
    me = person.get_or_create_local_person(engine)
    before = row_counts(engine)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    # The magnesium plan is written last: by then intake, plan and revision 1 were flushed.
    monkeypatch.setattr(onboarding.plans, "add_magnesium_plan", boom)
    with pytest.raises(RuntimeError):
        onboarding.start_taper(engine, me.id, plan=plan_factory(START), intake={"a": 1}, magnesium=MAGNESIUM)
    assert row_counts(engine) == before


def test_take_dose_logs_planned_portions_in_order_and_flags_going_above_plan(engine, started) -> None:
    me, _ = started
    day = START + timedelta(days=3)  # step 2: 16 mg a day, two portions of 8 mg
    first = doses.take_dose(engine, me.id, day=day, today=day)
    assert (first.planned, first.actual, first.planned_today) == (Decimal(8), Decimal(8), Decimal(16))
    second = doses.take_dose(engine, me.id, day=day, today=day, amount="6.5")
    assert (second.planned, second.actual, second.taken_today) == (
        Decimal(8),
        Decimal("6.5"),
        Decimal("14.5"),
    )
    assert not second.above_plan
    extra = doses.take_dose(engine, me.id, day=day, today=day, amount="4")
    assert extra.planned is None and extra.above_plan
    with pytest.raises(InvalidInput):  # no planned portion left and no amount given
        doses.take_dose(engine, me.id, day=day, today=day)


@pytest.mark.parametrize("amount", ["-1", "abc", "1.00001", "10000", "nan"])
def test_bad_dose_amounts_are_refused_and_store_nothing(engine, started, amount) -> None:
    me, _ = started
    before = row_counts(engine)
    with pytest.raises(InvalidInput):
        doses.take_dose(engine, me.id, day=START, today=START, amount=amount)
    assert row_counts(engine) == before


def test_doses_and_magnesium_cannot_be_logged_for_a_future_day(engine, started) -> None:
    me, _ = started
    before = row_counts(engine)
    with pytest.raises(InvalidInput):
        doses.take_dose(engine, me.id, day=START + timedelta(days=1), today=START)
    with pytest.raises(InvalidInput):
        doses.take_magnesium(engine, me.id, day=START + timedelta(days=1), today=START)
    assert row_counts(engine) == before


def test_magnesium_defaults_to_the_next_planned_serving_and_watches_the_upper_limit(engine, started):
    me, _ = started
    first = doses.take_magnesium(engine, me.id, day=START, today=START)
    assert (first.meal, first.elemental_mg) == ("breakfast", Decimal(150))
    second = doses.take_magnesium(engine, me.id, day=START, today=START)
    assert (second.meal, second.taken_today_mg, second.above_upper_limit) == ("dinner", Decimal(300), False)
    extra = doses.take_magnesium(engine, me.id, day=START, today=START, elemental_mg=100, meal="snack")
    assert extra.above_upper_limit  # 400 mg > 350 mg supplemental UL
    with pytest.raises(InvalidInput):
        doses.take_magnesium(engine, me.id, day=START, today=START, elemental_mg=500)


def test_today_shows_portions_magnesium_and_the_checkin_still_due(engine, started) -> None:
    me, _ = started
    doses.take_dose(engine, me.id, day=START, today=START)
    view = today.today_view(engine, me.id, START)
    assert view.plan["day_number"] == 1 and view.plan["daily_amount"] == 20
    assert [(d["time"], d["amount"], d["taken"]) for d in view.doses] == [
        ("morning", 10, True),
        ("evening", 10, False),
    ]
    assert [m["meal"] for m in view.magnesium] == ["breakfast", "dinner"]
    assert view.checkin_done is False
    assert view.red_flags == [] and view.urgent_guidance == []
    assert view.plan["next_change"] == {"day": (START + timedelta(days=3)).isoformat(), "daily_amount": 16}
    assert view.to_dict()["disclaimer"]


def test_red_flags_stay_in_today_until_acknowledged(engine, started) -> None:
    me, _ = started
    with session_scope(engine) as s:
        events.add_event(
            s,
            me.id,
            kind="red_flag",
            day=START,
            data={"flags": ["chest_pain"], "urgent": True},
            now=__import__("datetime").datetime(2026, 1, 5, tzinfo=__import__("datetime").UTC),
        )
    for day in (START, START + timedelta(days=2)):  # still there days later
        view = today.today_view(engine, me.id, day)
        assert [f["flags"] for f in view.red_flags] == [["chest_pain"]]
        assert any("911" in line for line in view.urgent_guidance)
        assert any("988" in line for line in view.urgent_guidance)
    with pytest.raises(InvalidInput):
        red_flags.acknowledge(engine, me.id, event_ids=[9999], day=START)
    assert red_flags.acknowledge(engine, me.id, day=START) == 1
    assert today.today_view(engine, me.id, START).red_flags == []
    with session_scope(engine) as s:
        assert [e.kind for e in events.events(s, me.id)] == ["red_flag", "acknowledged"]


def test_status_counts_days_and_follows_doses(engine, started) -> None:
    me, _ = started
    day = START + timedelta(days=4)
    doses.take_dose(engine, me.id, day=day, today=day, amount=8)
    view = status.status_view(engine, me.id, day=day)
    assert view.plan["day_number"] == 5 and view.plan["total_days"] == 15
    assert view.plan["step_number"] == 2 and view.plan["daily_amount"] == 16
    assert [d["planned"] for d in view.dose_trend] == [20, 20, 20, 16, 16]
    assert [d["taken"] for d in view.dose_trend] == [None, None, None, None, 8]
    assert view.revision["number"] == 1


def test_a_faster_style_than_advised_is_refused_by_the_service_itself(engine, plan_factory) -> None:
    """Every front end goes through start_taper: without the recorded choice nothing is saved."""
    me = person.get_or_create_local_person(engine, timezone="UTC")
    plan = plan_factory(START)  # a short-style plan
    before = row_counts(engine)
    with pytest.raises(InvalidInput) as refused:
        onboarding.start_taper(engine, me.id, plan=plan, assessment={"style": "slow", "reasons": []})
    assert refused.value.field == "against_advice" and "faster than the slow style" in refused.value.message
    with pytest.raises(InvalidInput) as refused:
        onboarding.start_taper(
            engine, me.id, plan=plan, assessment={"style": "short", "clinician_route": ["pregnancy"],
                                                  "route": "See a clinician first."},
        )  # fmt: skip
    assert refused.value.field == "clinician_agreed" and refused.value.message == "See a clinician first."
    assert row_counts(engine) == before
    chosen = {"against_advice": {"recommended_style": "slow", "chosen_style": plan.style, "reason": "x"}}
    onboarding.start_taper(engine, me.id, plan=plan, assessment={"style": "slow"}, trigger=chosen)
