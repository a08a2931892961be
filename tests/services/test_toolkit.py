"""Toolkit use cases on real SQLite and PostgreSQL: stored once, refused cleanly, never reset."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from service_helpers import at, counts
from sqlalchemy import select

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.messages.safety import TOLERANCE_WARNING
from stepdown.services import checkins, doses, onboarding, proposals
from stepdown.services import toolkit as svc
from stepdown.storage.db import session_scope
from stepdown.storage.models import PlanRevision

START = date(2026, 3, 2)


@pytest.fixture
def planned(engine, me):
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    # 60 mg: from 30 mg, quarters of 15 mg cannot taper within the short style's limit (issue 9)
    plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=START, style="short"))
    onboarding.start_taper(engine, me.id, plan=plan, now=at(START, 8))
    return plan


def test_craving_logged_listed_and_bad_input_stores_nothing(engine, me) -> None:
    now = at(START, 21)
    out = svc.log_craving(
        engine, me.id, {"intensity": 7, "triggers": ["Stress"], "outcome": "passed"}, now=now
    )
    assert out["craving"]["triggers"] == ["stress"]
    before = counts(engine)
    for raw in (
        {"intensity": 12, "outcome": "passed"},
        {"intensity": 3, "outcome": "?"},
        {"intensity": 3, "outcome": "used", "at": "2026-03-05T10:00"},
    ):
        with pytest.raises(InvalidInput):
            svc.log_craving(engine, me.id, raw, now=now)
    assert counts(engine) == before
    rows = svc.list_cravings(engine, me.id)
    assert [r["intensity"] for r in rows] == [7]
    assert rows[0]["at"].startswith("2026-03-02T21:00")
    assert "stress" in svc.known_triggers(engine, me.id)


def test_patterns_join_urges_with_check_in_sleep(engine, me) -> None:
    for i in range(6):
        day = START + timedelta(days=i)
        short = i % 2 == 0
        checkins.record_checkin(
            engine,
            me.id,
            {
                "day": day.isoformat(),
                "scale": "sows10",
                "answers": [1] * 10,
                "sleep_hours": 4 if short else 8,
            },
            today=day,
            now=at(day, 9),
        )
        svc.log_craving(
            engine,
            me.id,
            {"intensity": 8 if short else 2, "outcome": "passed", "at": f"{day.isoformat()}T20:00"},
            now=at(day, 21),
        )
    result = svc.craving_patterns(engine, me.id, now=at(START + timedelta(days=6)))
    sleep = next(f for f in result["findings"] if f["code"] == "sleep")
    assert sleep["text"].startswith("Urges were stronger after nights under 6 hours")
    assert result["periods"] == [{"period": "evening", "count": 6, "mean_intensity": 5.0}]


def test_lapse_warns_proposes_gentler_plan_and_accepting_writes_a_revision(engine, me, planned) -> None:
    day = START + timedelta(days=7)
    out = svc.log_lapse(
        engine,
        me.id,
        {"amount": "15", "led_to": "Payday and an old friend", "reflection": {"too_fast": "yes"}},
        current_daily="22.5",
        now=at(day, 20),
    )
    assert out["tolerance_warning"] == TOLERANCE_WARNING
    prop = out["proposal"]
    assert prop["kind"] == "replan" and prop["start"] == day.isoformat()
    assert prop["steps"][0]["daily_amount"] == "22.5"
    pending = proposals.list_proposals(engine, me.id, status="pending")
    assert [p["id"] for p in pending] == [prop["id"]]

    result = proposals.accept(engine, me.id, prop["id"], day=day + timedelta(days=1), now=at(day, 21))
    assert result["revision"]["kind"] == "replan" and result["revision"]["number"] == 2
    with session_scope(engine) as s:
        revs = s.scalars(select(PlanRevision).order_by(PlanRevision.number)).all()
        assert len(revs) == 2  # the old revision is kept
        new = PlanData.from_dict(revs[1].plan)
    assert new.start == planned.start  # days before the re-plan are kept as they were
    assert new.step_on(day + timedelta(days=1)).daily_amount == Decimal("22.5")
    assert new.end > planned.end  # gentler: the taper now ends later
    history = svc.list_lapses(engine, me.id)
    assert history[0]["led_to"] == "Payday and an old friend"
    assert history[0]["reflection"] == {"too_fast": "yes"}


def test_bad_lapse_stores_nothing_not_even_an_event_or_proposal(engine, me, planned) -> None:
    before = counts(engine)
    for raw, current in (
        ({"amount": "-1"}, None),
        ({"amount": "5", "reflection": {"too_fast": "perhaps"}}, None),
        ({"amount": "5"}, "lots"),
    ):
        with pytest.raises(InvalidInput):
            svc.log_lapse(engine, me.id, raw, current_daily=current, now=at(START + timedelta(days=3)))
    assert counts(engine) == before


def test_lapse_without_a_plan_is_still_recorded(engine, me) -> None:
    out = svc.log_lapse(engine, me.id, {"amount": "2", "unit": "tablets"}, now=at(START))
    assert out["proposal"] is None and out["lapse"]["unit"] == "tablets"


def test_support_network_and_card(engine, me, planned) -> None:
    sam = svc.add_contact(engine, me.id, {"name": "Sam", "phone": "555 0100", "relation": "sister"})
    svc.add_contact(engine, me.id, {"name": "Dr Lee", "phone": "555 0199", "is_therapist": True})
    svc.add_group(engine, me.id, {"name": "Tuesday circle", "details": "Library, 7 pm"})
    svc.add_distraction(engine, me.id, "Walk the dog")
    before = counts(engine)
    with pytest.raises(InvalidInput):
        svc.add_contact(engine, me.id, {"name": "X", "phone": "call me"})
    with pytest.raises(InvalidInput):
        svc.remove(engine, me.id, "contact", 9999)
    assert counts(engine) == before
    view = svc.support_view(engine, me.id)
    assert [g["name"] for g in view["groups"]] == ["Narcotics Anonymous", "SMART Recovery", "Tuesday circle"]
    assert [h["phone"] for h in view["helplines"]][1:] == ["988", "1-800-662-4357", "1-800-222-1222"]
    assert view["distractions"] == [{"id": view["distractions"][0]["id"], "text": "Walk the dog"}]
    assert view["suggested_distractions"] == []
    card = svc.emergency_card(engine, me.id, now=at(START)).to_text()
    assert "Sam (sister): 555 0100" in card and "Dr Lee: 555 0199" in card
    today_amount = planned.step_on(START).daily_amount
    assert f"My planned daily amount now: {today_amount.normalize():f} mg." in card
    svc.remove(engine, me.id, "contact", sam["id"])
    assert [c["name"] for c in svc.support_view(engine, me.id)["contacts"]] == ["Dr Lee"]


def test_milestones_are_celebrated_exactly_once_and_a_lapse_removes_none(engine, me, planned) -> None:
    after_end = planned.end + timedelta(days=8)
    first = svc.milestones_view(engine, me.id, now=at(after_end))
    codes = [m["code"] for m in first["celebrate"]]
    assert (
        f"last_dose:{planned.end.isoformat()}" in codes and f"days_free:7:{planned.end.isoformat()}" in codes
    )
    assert len(codes) == len(set(codes)) == len(first["milestones"])
    import stepdown.services.milestones as milestones_service

    def no_write(*args, **kwargs):
        raise AssertionError("a look with nothing new to celebrate took a write transaction")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(milestones_service, "session_scope", no_write)
        again = svc.milestones_view(engine, me.id, now=at(after_end, 18))
    assert again["celebrate"] == []
    assert again["milestones"] == first["milestones"]
    svc.log_lapse(engine, me.id, {"amount": "5"}, now=at(after_end, 19))
    later = svc.milestones_view(engine, me.id, now=at(after_end + timedelta(days=7)))
    assert {m["code"] for m in first["milestones"]} <= {m["code"] for m in later["milestones"]}
    assert [m["code"] for m in later["celebrate"]] == [f"days_free:14:{planned.end.isoformat()}"]
    assert later["days_since_last_dose"] == 15 and len(later["lapses"]) == 1


def test_money_not_spent_from_the_cost_per_unit(engine, me, planned) -> None:
    assert "Enter what one mg costs" in svc.milestones_view(engine, me.id, now=at(START))["money_text"]
    with pytest.raises(InvalidInput):
        svc.set_cost(engine, me.id, "free")
    svc.set_cost(engine, me.id, "0.50")
    doses.take_dose(engine, me.id, amount="15", day=START, today=START, taken_at=at(START, 9))
    view = svc.milestones_view(engine, me.id, now=at(START + timedelta(days=2)))
    # baseline 60 mg/day (the amount before the taper). Day 1: 45 mg logged, so 45 mg x $0.50 not spent;
    # day 2: nothing logged, so the planned amount counts.
    day2 = planned.step_on(START + timedelta(days=1)).daily_amount
    expected = ((Decimal(45) + (60 - day2)) * Decimal("0.5")).quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    )
    assert Decimal(view["money"]["amount"]) == expected
    assert view["money_text"] == f"Money no longer spent: ${expected:.2f}."


def test_selfcare_weeks_and_bedtime(engine, me) -> None:
    today = START + timedelta(days=13)
    for i in range(14):
        day = START + timedelta(days=i)
        good = i % 2 == 0
        checkins.record_checkin(
            engine,
            me.id,
            {
                "day": day.isoformat(),
                "scale": "sows10",
                "answers": [1 if good else 2] * 10,
                "craving": 2 if good else 6,
                "self_care": ["water", "balanced_meals", "exercise"] if good else ["water"],
            },
            today=day,
            now=at(day, 9),
        )
    with pytest.raises(InvalidInput):
        svc.set_bedtime(engine, me.id, "25:00")
    assert svc.set_bedtime(engine, me.id, "22:30") == "22:30"
    view = svc.selfcare_view(engine, me.id, weeks=2, now=at(today))
    assert view["bedtime"] == "22:30"
    assert [w["checkin_days"] for w in view["weeks"]] == [7, 7]
    assert view["weeks"][0]["self_care_days"] == 4 and view["weeks"][0]["item_days"]["water"] == 7
    texts = [f["text"] for f in view["findings"]]
    assert any("cravings averaged 2/10, against 6/10" in t for t in texts)
    with pytest.raises(InvalidInput):
        svc.selfcare_view(engine, me.id, weeks=0)


def test_a_lapse_is_saved_even_when_no_gentler_plan_can_be_made(engine, me) -> None:
    from stepdown.domain.planner.styles import MAX_EVERY_DAYS

    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    # steps already as long as the planner allows: no longer (gentler) step can be planned
    # (60 mg short: a slow plan with 90-day steps would now last over 5 years within its limits)
    plan = make_plan(
        PlanRequest(
            daily_amount=Decimal(60), form=form, start=START, style="short", every_days=MAX_EVERY_DAYS
        )
    )
    onboarding.start_taper(engine, me.id, plan=plan, now=at(START, 8))
    out = svc.log_lapse(engine, me.id, {"amount": "5", "note": "kept"}, now=at(START + timedelta(days=2)))
    assert out["proposal"] is None
    assert out["replan_problem"].startswith("A gentler plan could not be made automatically")
    assert [lapse["note"] for lapse in svc.list_lapses(engine, me.id)] == ["kept"]


def test_two_front_ends_looking_at_once_celebrate_each_milestone_once(engine, me, planned) -> None:
    from concurrent.futures import ThreadPoolExecutor

    when = at(planned.end + timedelta(days=3))
    with ThreadPoolExecutor(max_workers=2) as pool:
        views = list(pool.map(lambda _: svc.milestones_view(engine, me.id, now=when), range(2)))
    celebrated = [m["code"] for v in views for m in v["celebrate"]]
    assert len(celebrated) == len(set(celebrated))
    assert set(celebrated) == {m["code"] for m in views[0]["milestones"]}
    assert any(v["celebrate"] == [] for v in views)
