"""Cravings: validation refuses bad input plainly; patterns are stated only when the data show them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit.cravings import (
    Craving,
    DayContext,
    find_patterns,
    normalise_triggers,
    period_of,
    validate_craving,
)

NOW = datetime(2026, 3, 10, 21, 0)


def test_valid_urge_is_normalised() -> None:
    c = validate_craving(
        {
            "intensity": "7",
            "triggers": "Stress,  poor   SLEEP, stress",
            "outcome": "Passed",
            "helped": " walk ",
        },
        now=NOW,
    )
    assert c.intensity == 7
    assert c.triggers == ("stress", "poor sleep")
    assert c.outcome == "passed"
    assert c.helped == "walk"
    assert c.at == NOW  # missing time means now


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"intensity": 11, "outcome": "passed"}, "intensity"),
        ({"intensity": -1, "outcome": "passed"}, "intensity"),
        ({"intensity": "seven", "outcome": "passed"}, "intensity"),
        ({"intensity": 4.5, "outcome": "passed"}, "intensity"),
        ({"intensity": True, "outcome": "passed"}, "intensity"),
        ({"outcome": "passed"}, "intensity"),
        ({"intensity": 3, "outcome": "maybe"}, "outcome"),
        ({"intensity": 3}, "outcome"),
        ({"intensity": 3, "outcome": "used", "at": "2026-03-11T09:00"}, "at"),
        ({"intensity": 3, "outcome": "used", "at": "yesterday"}, "at"),
        ({"intensity": 3, "outcome": "used", "triggers": ["x" * 41]}, "triggers"),
        ({"intensity": 3, "outcome": "used", "triggers": [f"t{i}" for i in range(13)]}, "triggers"),
        ({"intensity": 3, "outcome": "used", "triggers": 5}, "triggers"),
        ({"intensity": 3, "outcome": "used", "note": "n" * 2001}, "note"),
    ],
)
def test_bad_input_names_the_field_in_one_sentence(raw: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_craving(raw, now=NOW)
    assert err.value.field == field
    assert err.value.message.endswith(".") and "\n" not in err.value.message


def test_a_time_a_few_minutes_ahead_is_clock_slack_not_the_future() -> None:
    c = validate_craving({"intensity": 2, "outcome": "passed", "at": NOW + timedelta(minutes=2)}, now=NOW)
    assert c.at == NOW + timedelta(minutes=2)


def _urge(day: date, hour: int, intensity: int, *triggers: str, outcome: str = "passed") -> Craving:
    return Craving(intensity, tuple(triggers), outcome, datetime(day.year, day.month, day.day, hour))


def test_urges_stronger_after_short_nights_are_stated_plainly() -> None:
    start = date(2026, 3, 1)
    urges, days = [], []
    for i in range(6):
        day = start + timedelta(days=i)
        short = i % 2 == 0
        urges.append(_urge(day, 20, 8 if short else 3, "stress"))
        days.append(DayContext(day, sleep_hours=4.5 if short else 7.5))
    patterns = find_patterns(urges, days)
    sleep = next(f for f in patterns.findings if f.code == "sleep")
    assert sleep.text == (
        "Urges were stronger after nights under 6 hours of sleep "
        "(average 8.0/10, against 3.0/10 after longer nights)."
    )
    assert sleep.data["difference"] == 5.0


def test_sleep_is_not_judged_with_too_few_days() -> None:
    start = date(2026, 3, 1)
    urges = [_urge(start + timedelta(days=i), 9, 9 if i < 2 else 1) for i in range(5)]
    days = [DayContext(start + timedelta(days=i), sleep_hours=4 if i < 2 else 8) for i in range(5)]
    assert "sleep" not in {f.code for f in find_patterns(urges, days).findings}


def test_small_differences_are_reported_as_little_difference() -> None:
    start = date(2026, 3, 1)
    urges = [_urge(start + timedelta(days=i), 9, 4 if i == 2 else 5) for i in range(6)]  # 5.0 vs 4.7
    days = [DayContext(start + timedelta(days=i), sleep_hours=5 if i % 2 else 8) for i in range(6)]
    sleep = next(f for f in find_patterns(urges, days).findings if f.code == "sleep")
    assert sleep.text.startswith("Sleep made little difference")


def test_check_in_craving_counts_toward_the_day_and_symptoms_are_compared() -> None:
    start = date(2026, 3, 1)
    days = [
        DayContext(
            start + timedelta(days=i), symptom_percent=60.0 if i < 3 else 10.0, craving=9 if i < 3 else 2
        )
        for i in range(6)
    ]
    patterns = find_patterns([], days)
    sym = next(f for f in patterns.findings if f.code == "symptoms")
    assert "stronger on days with more withdrawal symptoms" in sym.text
    assert sym.data == {"harder_days_mean": 9.0, "calmer_days_mean": 2.0, "difference": 7.0}


def test_top_triggers_times_of_day_and_what_helped() -> None:
    day = date(2026, 3, 1)
    urges = [
        _urge(day, 21, 6, "boredom", "stress"),
        _urge(day, 22, 8, "boredom"),
        _urge(day, 23, 4, "boredom", "people"),
        _urge(day, 8, 2, "stress", outcome="used"),
    ]
    urges = [
        Craving(u.intensity, u.triggers, u.outcome, u.at, helped="a walk" if u.outcome == "passed" else None)
        for u in urges
    ]
    p = find_patterns(urges)
    assert p.triggers[0] == ("boredom", 3, 6.0)
    assert p.triggers[1] == ("stress", 2, 4.0)
    assert dict((x[0], x[1]) for x in p.periods) == {"morning": 1, "evening": 3}
    texts = {f.code: f.text for f in p.findings}
    assert texts["top_trigger"].startswith("Your most common trigger is boredom (3 of 4 urges")
    assert "evening" in texts["time_of_day"]
    assert texts["passed"] == "3 of 4 urges passed without using."
    assert texts["helped"] == "What helped most often: a walk (3 times)."


def test_no_data_says_so() -> None:
    p = find_patterns([])
    assert [f.code for f in p.findings] == ["not_enough"]


def test_period_boundaries() -> None:
    assert [period_of(datetime(2026, 1, 1, h)) for h in (0, 5, 6, 11, 12, 17, 18, 23)] == [
        "night",
        "night",
        "morning",
        "morning",
        "afternoon",
        "afternoon",
        "evening",
        "evening",
    ]


urges_st = st.lists(
    st.builds(
        Craving,
        intensity=st.integers(0, 10),
        triggers=st.lists(st.sampled_from(["stress", "pain", "boredom", "people"]), unique=True).map(tuple),
        outcome=st.sampled_from(["passed", "used"]),
        at=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 1, 20)),
    ),
    max_size=40,
)
days_st = st.lists(
    st.builds(
        DayContext,
        day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 1, 20)),
        sleep_hours=st.none() | st.floats(0, 14),
        symptom_percent=st.none() | st.floats(0, 100),
        craving=st.none() | st.integers(0, 10),
    ),
    max_size=20,
    unique_by=lambda d: d.day,
)


@settings(max_examples=120, deadline=None)
@given(urges_st, days_st)
def test_pattern_counts_add_up_and_every_finding_is_a_sentence(
    urges: list[Craving], days: list[DayContext]
) -> None:
    p = find_patterns(urges, days)
    assert p.total == len(urges)
    assert sum(c for _, c, _ in p.periods) == len(urges)
    for trigger, count, mean in p.triggers:
        hits = [u.intensity for u in urges if trigger in u.triggers]
        assert count == len(hits) and 0 <= mean <= 10
    assert p.findings and all(f.text.endswith(".") for f in p.findings)


def test_normalise_triggers_accepts_lists() -> None:
    assert normalise_triggers(["Pain", "", " pain "]) == ("pain",)
    assert normalise_triggers(None) == ()
