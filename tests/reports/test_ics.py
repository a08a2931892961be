"""The calendar file: parsed back with icalendar, times checked across daylight-saving changes.

UTC instants are worked out from the file's OWN VTIMEZONE (its transitions), not from zoneinfo, so
a wrong or missing VTIMEZONE fails these tests even though the parser knows the zone by name.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from report_helpers import make_test_plan

from stepdown.domain.errors import InvalidInput
from stepdown.reports.ics import (
    MagnesiumServing,
    build_calendar,
    default_dose_times,
    parse_times,
    servings_from_magnesium_plan,
)

STAMP = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


def _offset_from_vtimezone(cal: icalendar.Calendar, tzid: str, local: datetime) -> timedelta:
    """UTC offset at naive local time `local`, read from the file's VTIMEZONE transitions."""
    if tzid == "UTC":  # written as UTC times ("Z"), which need no VTIMEZONE
        assert not list(cal.walk("VTIMEZONE"))
        return timedelta(0)
    (vtz,) = [tz for tz in cal.walk("VTIMEZONE") if str(tz["TZID"]) == tzid]
    transitions = []
    for sub in vtz.subcomponents:
        start = sub.decoded("DTSTART")
        assert "RRULE" not in sub, "expected explicit transitions"
        transitions.append((start, sub.decoded("TZOFFSETTO")))
    transitions.sort()
    past = [offset for start, offset in transitions if start <= local]
    assert past, f"the VTIMEZONE does not cover {local}"
    return past[-1]


def _occurrences(event: icalendar.Event) -> list[datetime]:
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None, "dose times must be anchored to a zone"
    rule = event["RRULE"].to_ical().decode()
    return list(rrulestr(rule, dtstart=start.replace(tzinfo=None)))


def _doses(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return [e for e in cal.events if "dose" in str(e["SUMMARY"]) and "RRULE" in e]


def test_new_york_autumn_change_keeps_local_times_and_shifts_utc() -> None:
    plan = make_test_plan(start=date(2026, 10, 26))  # 16 days, DST ends 2026-11-01 02:00
    cal = icalendar.Calendar.from_ical(build_calendar(plan, tz="America/New_York", stamp=STAMP))

    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    seen: dict[str, set[date]] = {"08:00": set(), "20:00": set()}
    for event in _doses(cal):
        assert event["DTSTART"].params["TZID"] == "America/New_York"
        for local in _occurrences(event):
            hhmm = local.strftime("%H:%M")
            assert hhmm in seen, f"dose at {local}"
            assert local.date() not in seen[hhmm], "two doses at one time on one day"
            seen[hhmm].add(local.date())
            utc = local - _offset_from_vtimezone(cal, "America/New_York", local)
            expected_hour = (12 if local.date() < date(2026, 11, 1) else 13) + (12 if hhmm == "20:00" else 0)
            assert utc.hour == expected_hour % 24, (local, utc)
    every_day = {plan.start + timedelta(days=i) for i in range(16)}
    assert seen == {"08:00": every_day, "20:00": every_day}


def test_berlin_spring_change_and_custom_times() -> None:
    plan = make_test_plan(start=date(2027, 3, 24), amounts=(9, 6, 3), days=(3, 3, 3), times_per_day=3)
    raw = build_calendar(
        plan, tz="Europe/Berlin", stamp=STAMP, dose_times=parse_times("07:30, 13:00,21:15"), alarm_minutes=15
    )
    cal = icalendar.Calendar.from_ical(raw)
    utc_hours: dict[str, set[int]] = {}
    for event in _doses(cal):
        for local in _occurrences(event):
            utc = local - _offset_from_vtimezone(cal, "Europe/Berlin", local)
            key = "before" if local.date() < date(2027, 3, 28) else "after"
            if local.time() == time(7, 30):
                utc_hours.setdefault(key, set()).add(utc.hour)
        (alarm,) = event.subcomponents
        assert alarm.name == "VALARM"
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
    assert utc_hours == {"before": {6}, "after": {5}}  # CET +1 then CEST +2


def test_each_step_repeats_for_exactly_its_days_and_is_announced() -> None:
    plan = make_test_plan(days=(3, 5, 2, 7))
    cal = icalendar.Calendar.from_ical(build_calendar(plan, tz="America/Chicago", stamp=STAMP))
    starts = {}
    for event in cal.events:
        if isinstance(event.decoded("DTSTART"), datetime):
            continue
        starts[event.decoded("DTSTART")] = str(event["SUMMARY"])
    for number, step in enumerate(plan.steps, start=1):
        assert f"step {number} of 4" in starts[step.start]
        assert f"{step.daily_amount} mg a day" in starts[step.start]
        doses = [e for e in _doses(cal) if e.decoded("DTSTART").date() == step.start]
        assert len(doses) == 2
        assert {e["RRULE"]["COUNT"][0] for e in doses} == {step.days}
        assert {str(e["SUMMARY"]).split(": ", 2)[-1] for e in doses} == {step.portions[0].label}
    assert "without a dose" in starts[plan.first_free_day]
    free = [e for e in cal.events if e.decoded("DTSTART") == plan.first_free_day][0]
    assert "overdose" in str(free["DESCRIPTION"])  # the tolerance warning travels with it
    # discreet on a lock screen: no substance name anywhere in the file
    assert b"7-OH" not in cal.to_ical()


def test_magnesium_servings_at_meals_for_the_whole_plan() -> None:
    plan = make_test_plan(start=date(2026, 10, 26))
    servings = servings_from_magnesium_plan(
        {
            "form": "glycinate",
            "form_label": "magnesium glycinate",
            "servings": [
                {"meal": "breakfast", "elemental_mg": 100, "compound_mg": 714},
                {"meal": "dinner", "elemental_mg": 100, "compound_mg": 714},
            ],
        }
    )
    raw = build_calendar(plan, tz="America/New_York", stamp=STAMP, magnesium=servings)
    cal = icalendar.Calendar.from_ical(raw)
    mg = [e for e in cal.events if "magnesium" in str(e["SUMMARY"])]
    assert len(mg) == 2
    for event in mg:
        occurrences = _occurrences(event)
        assert len(occurrences) == 16
        assert {o.time() for o in occurrences} == (
            {time(8, 0)} if "breakfast" in event["SUMMARY"] else {time(18, 30)}
        )
        assert "714 mg magnesium glycinate" in str(event["DESCRIPTION"])
    assert b"MGM" not in raw


def test_unknown_meal_bad_zone_and_wrong_time_count_are_refused() -> None:
    plan = make_test_plan()
    with pytest.raises(InvalidInput, match="time zone"):
        build_calendar(plan, tz="Mars/Olympus", stamp=STAMP)
    with pytest.raises(InvalidInput, match="give 2 dose time"):
        build_calendar(plan, tz="UTC", stamp=STAMP, dose_times=[time(9, 0)])
    with pytest.raises(InvalidInput, match="meal"):
        build_calendar(plan, tz="UTC", stamp=STAMP, magnesium=[MagnesiumServing("elevenses", Decimal(100))])
    for bad in ("8am", "25:00", "20:00,08:00", ""):
        with pytest.raises(InvalidInput):
            parse_times(bad)


def test_default_dose_times_spread_over_the_waking_day() -> None:
    assert default_dose_times(1) == [time(8, 0)]
    assert default_dose_times(2) == [time(8, 0), time(20, 0)]
    assert default_dose_times(3) == [time(8, 0), time(14, 0), time(20, 0)]
    assert default_dose_times(4) == [time(8, 0), time(12, 0), time(16, 0), time(20, 0)]


def test_same_plan_same_uids_and_revision_bumps_sequence() -> None:
    plan = make_test_plan()
    first = icalendar.Calendar.from_ical(build_calendar(plan, tz="UTC", stamp=STAMP, uid_seed="7"))
    later = icalendar.Calendar.from_ical(
        build_calendar(plan, tz="UTC", stamp=STAMP + timedelta(days=3), uid_seed="7", sequence=2)
    )
    assert [str(e["UID"]) for e in first.events] == [str(e["UID"]) for e in later.events]
    assert len({str(e["UID"]) for e in first.events}) == len(first.events)
    assert {int(e["SEQUENCE"]) for e in later.events} == {2}


ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
]


@settings(max_examples=25, deadline=None)
@given(
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    days=st.lists(st.integers(min_value=1, max_value=21), min_size=1, max_size=6),
    zone=st.sampled_from(ZONES),
    times=st.integers(min_value=1, max_value=4),
)
def test_any_plan_keeps_wall_clock_times_in_any_zone(
    start: date, days: list[int], zone: str, times: int
) -> None:
    amounts = tuple(4 * (len(days) - i) * times for i in range(len(days)))
    plan = make_test_plan(start=start, amounts=amounts, days=tuple(days), times_per_day=times)
    cal = icalendar.Calendar.from_ical(build_calendar(plan, tz=zone, stamp=STAMP))
    wanted = set(default_dose_times(times))
    covered: dict[time, list[date]] = {t: [] for t in wanted}
    for event in _doses(cal):
        for local in _occurrences(event):
            assert local.time() in wanted
            covered[local.time()].append(local.date())
            # the VTIMEZONE in the file agrees with the IANA database at every occurrence

            assert (
                _offset_from_vtimezone(cal, zone, local) == local.replace(tzinfo=ZoneInfo(zone)).utcoffset()
            )
    all_days = sorted(plan.start + timedelta(days=i) for i in range(sum(days)))
    for dates in covered.values():
        assert sorted(dates) == all_days
