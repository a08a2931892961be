"""Symptoms that stay strong lead to a seek-care notice in accurate words, apart from true red flags."""

from __future__ import annotations

from datetime import date

from strong_symptoms import drive_to_seek_care, start_person

from stepdown import formatting
from stepdown.domain.scales import SOWS16
from stepdown.messages import safety
from stepdown.services import checkins, red_flags, today

TODAY = date(2026, 3, 2)


def test_strong_symptoms_give_an_accurate_notice_not_the_emergency_one(engine, plan_factory) -> None:
    pid, start = start_person(engine, TODAY, plan_factory)
    event_id = drive_to_seek_care(engine, pid, start, TODAY)
    view = today.today_view(engine, pid, TODAY)
    assert [f["id"] for f in view.seek_care] == [event_id] and view.emergency_flags == []
    assert view.urgent_guidance == []  # no emergency wording anywhere in the view
    text = "\n".join(view.seek_care_guidance)
    assert view.seek_care_guidance[0].startswith(safety.SEEK_CARE_HEADLINE)
    assert safety.URGENT_BODY not in text and safety.URGENT_HEADLINE not in text
    # the rules' own words, dated: the notice is from an earlier day than the view (issue 9)
    [dated] = [line for line in view.seek_care_guidance if view.seek_care[0]["explanation"] in line]
    assert dated.startswith("From your check-in on " + formatting.day(view.seek_care[0]["day"]))
    for number in ("911", "988", "1-800-662-4357", "1-800-222-1222"):
        assert number in text
    assert safety.TOLERANCE_WARNING in text
    # Stored wording is accurate too (the PDF and the JSON read it).
    assert safety.URGENT_BODY not in view.seek_care[0]["guidance"]
    assert red_flags.acknowledge(engine, pid, day=TODAY) == 1
    assert today.today_view(engine, pid, TODAY).seek_care_guidance == []


def test_a_red_flag_answer_stays_an_emergency_before_a_symptoms_notice(engine, plan_factory) -> None:
    pid, start = start_person(engine, TODAY, plan_factory)
    drive_to_seek_care(engine, pid, start, TODAY)
    raw = {"day": TODAY.isoformat(), "scale": SOWS16.id, "answers": [3] * 16, "red_flags": ["seizure"]}
    checkins.record_checkin(engine, pid, raw, today=TODAY)
    view = today.today_view(engine, pid, TODAY)
    assert len(view.emergency_flags) == 1 and len(view.seek_care) == 1
    assert safety.URGENT_BODY in view.urgent_guidance
    assert safety.URGENT_BODY not in view.seek_care_guidance
    data = view.to_dict()
    assert data["seek_care_guidance"] == view.seek_care_guidance
    assert {f["notice"] for f in data["red_flags"]} == {"red_flag", "seek_care"}


def test_notice_kind_keeps_a_seek_care_from_a_red_flag_answer_an_emergency() -> None:
    # Yesterday's red flag can make today's decision seek_care without a new answer today.
    from_flags = {"source": "symptoms", "flags": [], "decision": {"red_flags": ["chest_pain"]}}
    assert red_flags.notice_kind(from_flags) == "red_flag"
    assert (
        red_flags.notice_kind({"source": "symptoms", "flags": [], "decision": {"red_flags": []}})
        == "seek_care"
    )
    assert red_flags.notice_kind({"source": "checkin", "flags": [{"id": "seizure"}]}) == "red_flag"
    assert red_flags.notice_kind({}) == "red_flag"  # unknown data errs towards the emergency wording
