"""The check-in model: what is accepted, what is refused, and the JSON round trip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.checkin import (
    SELF_CARE_ITEMS,
    phq2_due,
    validate_checkin,
)
from stepdown.domain.errors import InvalidInput
from stepdown.domain.scales import SOWS10, SOWS16
from stepdown.domain.triage import RED_FLAG_IDS
from stepdown.messages.checkin import sleep_quality_label

TODAY = date(2026, 11, 26)


def raw(**over):
    base = {"day": TODAY.isoformat(), "scale": "sows10", "answers": [1] * 10}
    base.update(over)
    return base


def test_self_care_items_come_from_the_seed():
    assert SELF_CARE_ITEMS == (
        "water", "balanced_meals", "exercise", "consistent_sleep_time", "bedtime_routine",
    )


def test_a_full_form_submission_is_typed():
    c = validate_checkin(
        raw(
            scale="sows16", answers={i: "2" for i in SOWS16.item_ids}, craving="7",
            sleep_hours="5.5", sleep_quality="3", mood="4", water_glasses="6", meals="2",
            exercise_minutes="20", self_care="water, exercise", dose_taken="yes",
            magnesium_taken="no", note="  rough night  ",
            red_flags={"fainting": "no", "dehydration": "yes"}, phq2={"interest": "1", "down": "2"},
        ),
        today=TODAY,
    )
    assert (c.scale_id, c.total, c.max_total) == ("sows16", 32, 64)
    assert (c.craving, c.sleep_hours, c.sleep_quality, c.mood) == (7, 5.5, 3, 4)
    assert (c.water_glasses, c.meals, c.exercise_minutes) == (6, 2, 20)
    assert c.self_care == ("water", "exercise")
    assert (c.dose_taken, c.magnesium_taken, c.note) == (True, False, "rough night")
    assert c.red_flags == ("dehydration",)
    assert c.phq2 == (1, 2) and c.phq2_positive


def test_only_day_scale_and_answers_are_required():
    c = validate_checkin(raw(), today=TODAY)
    assert c.craving is None and c.sleep_hours is None and c.red_flags == () and c.phq2 is None
    for missing in ("day", "scale", "answers"):
        data = raw()
        del data[missing]
        with pytest.raises(InvalidInput) as err:
            validate_checkin(data, today=TODAY)
        assert err.value.field == missing


def test_earlier_day_is_accepted_future_day_refused():
    assert validate_checkin(raw(day=TODAY - timedelta(days=3)), today=TODAY).day == TODAY - timedelta(days=3)
    with pytest.raises(InvalidInput, match="future") as err:
        validate_checkin(raw(day=(TODAY + timedelta(days=1)).isoformat()), today=TODAY)
    assert err.value.field == "day"
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        validate_checkin(raw(day="26/11/2026"), today=TODAY)


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("craving", 11, "0 to 10"),
        ("craving", "-1", "0 to 10"),
        ("craving", 7.5, "0 to 10"),
        ("sleep_quality", "eleven", "0 to 10"),
        ("mood", 12, "0 to 10"),
        ("sleep_hours", "6.25", "half hours"),
        ("sleep_hours", 24.5, "0 to 24"),
        ("sleep_hours", "lots", "0 to 24"),
        ("water_glasses", 400, "0 to 40"),
        ("meals", 11, "0 to 10"),
        ("exercise_minutes", 1441, "0 to 1440"),
        ("dose_taken", "maybe", "yes or no"),
        ("self_care", ["water", "sauna"], "consistent_sleep_time"),
        ("red_flags", ["headache"], "chest_pain"),
        ("phq2", {"interest": 4, "down": 0}, "0 to 3"),
        ("phq2", {"interest": 1}, "both"),
        ("note", "x" * 4001, "4000"),
        ("scale", "cows", "sows16"),
    ],
)
def test_bad_values_name_field_and_range(field, value, accepted):
    with pytest.raises(InvalidInput, match=accepted) as err:
        validate_checkin(raw(**{field: value}), today=TODAY)
    assert err.value.field == field


def test_unknown_field_is_refused():
    with pytest.raises(InvalidInput, match="Unknown check-in field") as err:
        validate_checkin(raw(stress=5), today=TODAY)
    assert err.value.field == "stress"


def test_sleep_quality_labels_follow_snyder():
    labels = [sleep_quality_label(v) for v in range(11)]
    assert labels == ["terrible"] + ["poor"] * 3 + ["fair"] * 3 + ["good"] * 3 + ["excellent"]


def test_phq2_is_weekly():
    assert phq2_due(None, TODAY)
    assert not phq2_due(TODAY - timedelta(days=6), TODAY)
    assert phq2_due(TODAY - timedelta(days=7), TODAY)


@st.composite
def checkin_raw(draw):
    scale = draw(st.sampled_from([SOWS16, SOWS10]))
    opt = lambda s: st.none() | s  # noqa: E731
    return {
        "day": (TODAY - timedelta(days=draw(st.integers(0, 400)))).isoformat(),
        "scale": scale.id,
        "answers": {i: draw(st.integers(0, scale.max_rating)) for i in scale.item_ids},
        "craving": draw(opt(st.integers(0, 10))),
        "sleep_hours": draw(opt(st.integers(0, 48).map(lambda h: h / 2))),
        "sleep_quality": draw(opt(st.integers(0, 10))),
        "mood": draw(opt(st.integers(0, 10))),
        "water_glasses": draw(opt(st.integers(0, 40))),
        "meals": draw(opt(st.integers(0, 10))),
        "exercise_minutes": draw(opt(st.integers(0, 1440))),
        "self_care": draw(st.lists(st.sampled_from(SELF_CARE_ITEMS), unique=True)),
        "dose_taken": draw(opt(st.booleans())),
        "magnesium_taken": draw(opt(st.booleans())),
        "note": draw(st.text(max_size=50)).strip(),
        "red_flags": draw(st.lists(st.sampled_from(RED_FLAG_IDS), unique=True)),
        "phq2": draw(opt(st.tuples(st.integers(0, 3), st.integers(0, 3)))),
    }


@settings(max_examples=200)
@given(checkin_raw())
def test_json_round_trip_is_lossless(data):
    first = validate_checkin(data, today=TODAY)
    again = validate_checkin(first.to_dict(), today=TODAY)
    assert again == first
    assert set(first.red_flags) == set(data["red_flags"])
    assert first.total == sum(data["answers"].values())
