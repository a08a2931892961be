"""The clinician's "needs attention" list: who is on it, why, in which order, and for whom."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from clinic_helpers import PASSWORD

from stepdown.services.accounts import create_account
from stepdown.services.attention import needs_attention
from stepdown.storage import plans
from stepdown.storage.db import session_scope
from stepdown.storage.models import Checkin, Proposal
from stepdown.storage.models.toolkit import Lapse

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
AGAINST = {"recommended_style": "gradual", "chosen_style": "short", "reason": "I want it over"}


def _person(engine, name: str) -> int:
    return create_account(engine, username=name, password=PASSWORD, role="person", now=NOW).person_id


def _checkins(engine, person_id: int, totals: dict[int, int], red: set[int] = frozenset()) -> None:
    """totals: {days before today: symptom total}"""
    with session_scope(engine) as s:
        for ago, total in totals.items():
            s.add(
                Checkin(
                    person_id=person_id,
                    day=TODAY - timedelta(days=ago),
                    created_at=NOW,
                    updated_at=NOW,
                    scale="SOWS16",
                    answers={},
                    total=total,
                    self_care={},
                    red_flags=["chest_pain"] if ago in red else [],
                    data={},
                )
            )


def _plan(engine, person_id: int, plan_factory, trigger: dict) -> int:
    with session_scope(engine) as s:
        plan = plans.add_plan(s, person_id, now=NOW)
        plans.add_revision(
            s,
            plan,
            data=plan_factory(),
            kind="initial",
            reason="start",
            trigger=trigger,
            accepted_by="person",
            now=NOW,
        )
        return plan.id


def _link(engine, person_id: int, clinician_id: int) -> None:
    from sqlalchemy import insert

    from stepdown.storage.models.accounts import care_link

    with session_scope(engine) as s:
        s.execute(insert(care_link).values(person_id=person_id, clinician_id=clinician_id, created_at=NOW))


def test_each_reason_in_plain_words_most_urgent_first(engine, plan_factory) -> None:
    steady = {i: 10 for i in range(0, 10)}
    fine = _person(engine, "fine")
    _checkins(engine, fine, steady)
    quiet = _person(engine, "quiet")
    _checkins(engine, quiet, {i: 10 for i in range(3, 10)})
    _person(engine, "never")
    flagged = _person(engine, "flagged")
    _checkins(engine, flagged, steady, red={1})
    old_flag = _person(engine, "oldflag")
    _checkins(engine, old_flag, steady, red={3})  # 3 days ago: outside "the last 2 days"
    rising = _person(engine, "rising")
    _checkins(engine, rising, {**{i: 10 for i in range(2, 10)}, 0: 25, 1: 24})
    waiting = _person(engine, "waiting")
    _checkins(engine, waiting, steady)
    plan_id = _plan(engine, waiting, plan_factory, {})
    with session_scope(engine) as s:
        s.add(
            Proposal(
                person_id=waiting,
                plan_id=plan_id,
                created_at=NOW,
                day=TODAY,
                kind="hold",
                explanation="x",
                trigger={},
                status="pending",
            )
        )
    lapsed = _person(engine, "lapsed")
    _checkins(engine, lapsed, steady)
    with session_scope(engine) as s:
        s.add(
            Lapse(
                person_id=lapsed,
                at=NOW - timedelta(days=1),
                amount=Decimal(5),
                unit="mg",
                reflection={},
                created_at=NOW,
            )
        )
    against = _person(engine, "against")
    _checkins(engine, against, steady)
    _plan(engine, against, plan_factory, {"against_advice": AGAINST})

    rows = needs_attention(engine, clinician_id=None, today=TODAY)
    order = [r.name for r in rows]
    assert order[:5] == ["flagged", "rising", "lapsed", "against", "waiting"]
    assert set(order[5:]) == {"quiet", "never"}
    assert "fine" not in order and "oldflag" not in order
    why = {r.name: [text for _, text in r.reasons] for r in rows}
    assert why["flagged"] == ["Red-flag answer on Mon 30 Nov: urgent-care guidance was shown."]
    assert why["rising"] == ["Symptoms have risen: average 24.5 over the last 2 days against 10.0 before."]
    assert why["lapsed"] == ["Used outside the plan on Mon 30 Nov."]
    assert why["against"] == ["Plan saved against the suggested style (short instead of gradual)."]
    assert why["waiting"] == ["A plan change (hold) is waiting for the person's decision."]
    assert why["quiet"] == ["No check-in since Sat 28 Nov."]
    assert why["never"] == ["No check-in yet."]
    # Over everyone the figures run only for the pre-filtered candidates; over a clinician's people
    # they run for each. Both must give the same list.
    lee = create_account(engine, username="lee", password=PASSWORD, role="clinician", now=NOW)
    for pid in (fine, quiet, flagged, old_flag, rising, waiting, lapsed, against):
        _link(engine, pid, lee.id)
    _link(engine, _person_id(engine, "never"), lee.id)
    mine = needs_attention(engine, clinician_id=lee.id, today=TODAY)
    assert [(r.name, r.reasons) for r in mine] == [(r.name, r.reasons) for r in rows]


def _person_id(engine, name: str) -> int:
    from stepdown.services.accounts import find_account

    return find_account(engine, name).person_id


def test_a_supply_running_out_is_a_reason_with_todays_words(engine, monkeypatch) -> None:
    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import onboarding

    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    start = TODAY - timedelta(days=2)
    steady = {i: 10 for i in range(0, 10)}
    people = {}
    for name, on_hand in (("short", 8), ("plenty", 2000), ("untracked", None)):
        pid = _person(engine, name)
        _checkins(engine, pid, steady)
        plan = make_plan(
            PlanRequest(daily_amount=Decimal(60), form=form, start=start, style="short", on_hand=on_hand)
        )
        onboarding.start_taper(engine, pid, plan=plan, now=datetime.combine(start, datetime.min.time(), UTC))
        people[name] = pid
    rows = needs_attention(engine, clinician_id=None, today=TODAY)
    assert [r.name for r in rows] == ["short"]
    ((kind, sentence),) = rows[0].reasons
    assert kind == "supply" and sentence.startswith(
        "Supply running out. Supply: 8 tablets left, enough until"
    )
    # The threshold is the refill warning days setting: 0 days ahead, and 8 tablets still last today.
    monkeypatch.setenv("STEPDOWN_REFILL_WARNING_DAYS", "0")
    assert needs_attention(engine, clinician_id=None, today=TODAY) == []


def test_a_clinician_sees_only_linked_people_and_agreement_clears_against_advice(
    engine, plan_factory
) -> None:
    from stepdown.services.clinic import record_agreement

    lee = create_account(engine, username="lee", password=PASSWORD, role="clinician", now=NOW)
    mine = _person(engine, "mine")
    other = _person(engine, "other")
    _link(engine, mine, lee.id)
    for pid in (mine, other):
        _checkins(engine, pid, {i: 10 for i in range(10)})
        _plan(engine, pid, plan_factory, {"against_advice": AGAINST})
    assert [r.name for r in needs_attention(engine, clinician_id=lee.id, today=TODAY)] == ["mine"]
    assert {r.name for r in needs_attention(engine, clinician_id=None, today=TODAY)} == {"mine", "other"}
    record_agreement(engine, mine, lee, "Discussed; fine with me.", now=NOW)
    assert needs_attention(engine, clinician_id=lee.id, today=TODAY) == []
    with session_scope(engine) as s:
        revision = plans.current_revision(s, plans.active_plan(s, mine).id)
        assert revision.kind == "agreement" and revision.accepted_by == "clinician:lee"
        assert revision.trigger["clinician_agreement"]["by"] == "clinician:lee"
        assert revision.trigger["against_advice"] == AGAINST  # still on record
