"""Check-ins (one per day, history kept, concurrency), red flags, and proposal decisions."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.domain.scales import SOWS10, SOWS16
from stepdown.services import checkins, onboarding, person, proposals, today
from stepdown.storage import proposals as proposal_repo
from stepdown.storage.db import session_scope
from stepdown.storage.models import Base, Checkin, CheckinHistory, Event, PlanRevision

START = date(2026, 1, 5)
TODAY = START + timedelta(days=4)


def row_counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {n: s.scalar(select(func.count()).select_from(t)) for n, t in Base.metadata.tables.items()}


def raw(day: date, rating: int = 1, *, quick: bool = False, **extra):
    scale = SOWS10 if quick else SOWS16
    return {"day": day.isoformat(), "scale": scale.id, "answers": [rating] * len(scale.items), **extra}


@pytest.fixture
def me(engine, plan_factory):
    info = person.get_or_create_local_person(engine, timezone="UTC")
    onboarding.start_taper(engine, info.id, plan=plan_factory(START))
    return info


def test_a_checkin_is_stored_and_answering_again_keeps_the_earlier_version(engine, me) -> None:
    first = checkins.record_checkin(engine, me.id, raw(TODAY, 1, craving=3, note="rough"), today=TODAY)
    assert (first.total, first.max_total, first.replaced, first.version) == (16, 64, False, 1)
    second = checkins.record_checkin(engine, me.id, raw(TODAY, 2, quick=True), today=TODAY)
    assert (second.total, second.max_total, second.replaced, second.version) == (20, 30, True, 2)
    assert second.checkin_id == first.checkin_id
    with session_scope(engine) as s:
        row = s.scalars(select(Checkin)).one()
        assert (row.scale, row.total, row.craving) == ("sows10", 20, None)
        old = s.scalars(select(CheckinHistory)).one()
        assert (old.version, old.snapshot["total"], old.snapshot["craving"], old.snapshot["note"]) == (
            1,
            16,
            3,
            "rough",
        )
    assert today.today_view(engine, me.id, TODAY).checkin_done


def test_a_day_can_be_filled_in_later_but_never_in_the_future(engine, me) -> None:
    assert checkins.record_checkin(engine, me.id, raw(TODAY - timedelta(days=3)), today=TODAY).version == 1
    before = row_counts(engine)
    with pytest.raises(InvalidInput):
        checkins.record_checkin(engine, me.id, raw(TODAY + timedelta(days=1)), today=TODAY)
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    "bad",
    [
        {"answers": [9] * 16},
        {"answers": [1] * 15},
        {"craving": 11},
        {"sleep_hours": "lots"},
        {"red_flags": ["not_a_flag"]},
        {"scale": "cows"},
    ],
)
def test_bad_checkins_are_refused_and_store_nothing(engine, me, bad) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidInput):
        checkins.record_checkin(engine, me.id, {**raw(TODAY), **bad}, today=TODAY)
    assert row_counts(engine) == before


def test_red_flags_record_one_open_event_and_urgent_guidance(engine, me) -> None:
    result = checkins.record_checkin(engine, me.id, raw(TODAY, red_flags=["chest_pain"]), today=TODAY)
    assert result.triage["urgent"] and result.red_flag_event_id is not None
    assert any("911" in line for line in result.triage["guidance"])
    again = checkins.record_checkin(engine, me.id, raw(TODAY, red_flags=["chest_pain"]), today=TODAY)
    assert again.red_flag_event_id == result.red_flag_event_id  # same flags, same day: one event
    other = checkins.record_checkin(engine, me.id, raw(TODAY, red_flags=["self_harm"]), today=TODAY)
    assert other.red_flag_event_id != result.red_flag_event_id
    view = today.today_view(engine, me.id, TODAY + timedelta(days=1))
    assert [f["id"] for f in view.red_flags] == [result.red_flag_event_id, other.red_flag_event_id]
    assert any("988" in line for line in view.urgent_guidance)
    # Answering "no" later the same day does not close the earlier red flags: only acknowledging does.
    checkins.record_checkin(engine, me.id, raw(TODAY), today=TODAY)
    assert len(today.today_view(engine, me.id, TODAY).red_flags) == 2


def test_a_crash_after_the_checkin_is_written_leaves_nothing(engine, me, monkeypatch) -> None:
    before = row_counts(engine)

    def boom(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(checkins, "current_plan", boom)  # runs after the check-in and red flag rows
    with pytest.raises(RuntimeError):
        checkins.record_checkin(engine, me.id, raw(TODAY, red_flags=["seizure"]), today=TODAY)
    assert row_counts(engine) == before


def test_two_checkins_for_the_same_day_at_once_leave_one(engine, me) -> None:
    for round_ in range(4):
        day = TODAY - timedelta(days=round_)
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def worker(rating, day=day, barrier=barrier, errors=errors) -> None:
            try:
                barrier.wait()
                checkins.record_checkin(engine, me.id, raw(day, rating), today=TODAY)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(r,)) for r in (1, 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        with session_scope(engine) as s:
            rows = s.scalars(select(Checkin).where(Checkin.day == day)).all()
            assert len(rows) == 1 and rows[0].version == 2
            kept = s.scalars(select(CheckinHistory).where(CheckinHistory.day == day)).all()
            assert len(kept) == 1
            assert {kept[0].snapshot["total"], rows[0].total} == {16, 32}


def _pending(engine, me, kind: str, trigger: dict) -> int:
    with session_scope(engine) as s:
        plan_id = s.scalar(select(PlanRevision.plan_id))
        row = proposal_repo.add_proposal(
            s,
            me.id,
            plan_id=plan_id,
            day=TODAY,
            kind=kind,
            explanation=f"Symptoms are high: {kind}.",
            trigger=trigger,
            now=datetime(2026, 1, 9, tzinfo=UTC),
        )
        return row.id


def _plan(engine, number: int) -> PlanData:
    with session_scope(engine) as s:
        return PlanData.from_dict(
            s.scalars(select(PlanRevision).where(PlanRevision.number == number)).one().plan
        )


def test_accepting_a_hold_writes_revision_two_and_keeps_revision_one(engine, me) -> None:
    proposal_id = _pending(engine, me, "hold", {"hold_days": 2, "total": 40})
    result = proposals.accept(engine, me.id, proposal_id, day=TODAY)
    assert result["revision"]["number"] == 2
    assert result["revision"]["kind"] == "hold" and result["revision"]["accepted_by"] == "person"
    assert result["revision"]["reason"] == "Symptoms are high: hold."
    assert result["revision"]["trigger"]["total"] == 40
    old, new = _plan(engine, 1), _plan(engine, 2)
    assert new.end == old.end + timedelta(days=2)
    for offset in range((old.end - old.start).days + 1):  # never faster: no day has less
        day = old.start + timedelta(days=offset)
        new_step = new.step_on(day)
        assert new_step is not None and new_step.daily_amount >= old.step_on(day).daily_amount
    assert proposals.list_proposals(engine, me.id, status="pending") == []
    with pytest.raises(InvalidInput):  # already decided
        proposals.accept(engine, me.id, proposal_id, day=TODAY)
    with session_scope(engine) as s:
        assert s.scalars(select(Event.kind)).all() == ["hold"]


def test_accepting_a_slowdown_stretches_the_rest_of_the_plan(engine, me) -> None:
    proposal_id = _pending(engine, me, "slow", {"slow_factor": "1.5"})
    proposals.accept(engine, me.id, proposal_id, day=TODAY)
    old, new = _plan(engine, 1), _plan(engine, 2)
    assert new.end > old.end
    assert [s.daily_amount for s in new.steps] == [s.daily_amount for s in old.steps]


def test_declining_is_recorded_and_leaves_the_plan_alone(engine, me) -> None:
    proposal_id = _pending(engine, me, "hold", {"hold_days": 1})
    before = row_counts(engine)
    declined = proposals.decline(engine, me.id, proposal_id, day=TODAY, note="feeling ok")
    assert declined["status"] == "declined" and declined["decided_by"] == "person"
    after = row_counts(engine)
    assert after["plan_revision"] == before["plan_revision"]
    assert after["event"] == before["event"] + 1
    with pytest.raises(InvalidInput):
        proposals.decline(engine, me.id, proposal_id, day=TODAY)
    with pytest.raises(InvalidInput):
        proposals.accept(engine, me.id, 9999, day=TODAY)


def test_return_to_the_previous_step_only_on_request_with_a_reason(engine, me) -> None:
    with pytest.raises(InvalidInput):
        proposals.return_to_previous(engine, me.id, reason="  ", day=TODAY)
    result = proposals.return_to_previous(engine, me.id, reason="Could not sleep for three nights", day=TODAY)
    assert result["revision"]["kind"] == "return"
    assert result["revision"]["trigger"]["requested_by"] == "person"
    old, new = _plan(engine, 1), _plan(engine, 2)
    assert new.step_on(TODAY).daily_amount > old.step_on(TODAY).daily_amount


def test_strong_symptoms_after_a_cut_lead_to_one_hold_proposal_then_a_revision(engine, me) -> None:
    first_cut = START + timedelta(days=3)  # the hand-made plan cuts 20 -> 16 mg here
    for offset in range(3):  # baseline, before the first cut: no symptoms
        checkins.record_checkin(engine, me.id, raw(START + timedelta(days=offset), 0), today=first_cut)
    result = checkins.record_checkin(engine, me.id, raw(first_cut, 3), today=first_cut)
    assert result.decision["kind"] == "hold"
    assert result.proposal is not None and result.proposal["kind"] == "hold"
    assert result.proposal["trigger"]["hold_days"] >= 1
    again = checkins.record_checkin(engine, me.id, raw(first_cut, 3), today=first_cut)
    assert again.proposal["id"] == result.proposal["id"]  # no duplicate pending proposal
    assert len(proposals.list_proposals(engine, me.id, status="pending")) == 1
    accepted = proposals.accept(engine, me.id, result.proposal["id"], day=first_cut)
    assert accepted["revision"]["number"] == 2
    assert accepted["revision"]["reason"] == result.proposal["explanation"]
    assert _plan(engine, 2).end == _plan(engine, 1).end + timedelta(
        days=result.proposal["trigger"]["hold_days"]
    )


def test_red_flags_in_a_checkin_lead_to_seek_care(engine, me) -> None:
    result = checkins.record_checkin(engine, me.id, raw(TODAY, 0, red_flags=["no_fluids"]), today=TODAY)
    assert result.decision["kind"] == "seek_care"
    assert result.red_flag_event_id is not None


def test_settled_symptoms_after_a_hold_propose_resume_which_changes_nothing(engine, me) -> None:
    first_cut = START + timedelta(days=3)
    for offset in range(3):
        checkins.record_checkin(engine, me.id, raw(START + timedelta(days=offset), 0), today=first_cut)
    hold = checkins.record_checkin(engine, me.id, raw(first_cut, 3), today=first_cut).proposal
    proposals.accept(engine, me.id, hold["id"], day=first_cut)
    later = first_cut + timedelta(days=1)
    result = checkins.record_checkin(engine, me.id, raw(later, 0), today=later)
    assert result.decision["kind"] == "resume" and result.proposal["kind"] == "resume"
    before = row_counts(engine)["plan_revision"]
    accepted = proposals.accept(engine, me.id, result.proposal["id"], day=later)
    assert accepted["revision"] is None and accepted["proposal"]["status"] == "accepted"
    assert row_counts(engine)["plan_revision"] == before


def test_a_bad_stored_threshold_never_costs_the_checkin(engine, me) -> None:
    person.set_setting(engine, me.id, "thresholds", {"high_fraction": "lots"})
    result = checkins.record_checkin(engine, me.id, raw(TODAY, 1), today=TODAY)
    assert result.version == 1 and "defaults were used" in result.decision["explanation"]
