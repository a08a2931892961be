"""The taper as an iCalendar file (RFC 5545) that a phone's calendar can import and remind from.

What it holds:
- one repeating event per dose time per step (RRULE FREQ=DAILY;COUNT=<days of the step>) with an alarm,
- one repeating event per magnesium serving at its meal, for the length of the plan,
- an all-day event on the first day of each step, and one on the first day without a dose.

Times are local wall-clock times in the person's zone (DTSTART;TZID=...), and the file carries a
VTIMEZONE for that zone built from the IANA database (zoneinfo), so an 08:00 dose stays at 08:00
across a daylight-saving change. UIDs are built from `uid_seed` (the stored plan's id) and the
step and dose number, and SEQUENCE is the plan's revision number, so importing the calendar of a
revised plan updates the same events in calendar apps that honour RFC 5545 instead of doubling them.

Calendars are often synced to a cloud and shown on a lock screen, so summaries are discreet: they say
"dose" and the measured amount, never the substance's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.messages.safety import DISCLAIMER, TOLERANCE_WARNING

PRODID = "-//stepdown//taper calendar//EN"

#: Local times for meals when the person has not set their own. Magnesium is taken with food
#: (absorption and fewer stomach effects: clinical-facts.md section 5, "take with meals").
DEFAULT_MEAL_TIMES: dict[str, time] = {
    "breakfast": time(8, 0),
    "lunch": time(12, 30),
    "dinner": time(18, 30),
    "supper": time(18, 30),
    "evening meal": time(18, 30),
    "meal": time(12, 30),  # one meal a day (stepdown.domain.magnesium.ONE_MEAL)
    "snack": time(16, 0),
    "evening": time(21, 0),
    "bedtime": time(21, 30),
}

DOSE_MINUTES = 10  # length shown in the calendar for a dose; a reminder, not an appointment
MAX_ALARM_MINUTES = 24 * 60


@dataclass(frozen=True)
class MagnesiumServing:
    """One daily magnesium serving at a meal."""

    meal: str
    elemental_mg: Decimal
    compound_mg: Decimal | None = None
    compound: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, compound: str | None = None) -> MagnesiumServing:
        compound_mg = data.get("compound_mg")
        return cls(
            meal=str(data["meal"]),
            elemental_mg=Decimal(str(data["elemental_mg"])),
            compound_mg=None if compound_mg is None else Decimal(str(compound_mg)),
            compound=data.get("compound") or compound,
        )


def servings_from_magnesium_plan(data: Mapping[str, Any] | None) -> list[MagnesiumServing]:
    """Servings from a stored magnesium plan (MagnesiumPlan.to_dict()); [] when there is none or it
    is blocked (for example kidney disease): the calendar never reminds a blocked supplement."""
    from stepdown.reports.data import magnesium_compound, magnesium_servings

    compound = magnesium_compound(dict(data or {}))
    return [MagnesiumServing.from_dict(s, compound=compound) for s in magnesium_servings(dict(data or {}))]


def default_dose_times(times_per_day: int) -> list[time]:
    """Dose times spread evenly over the waking day, 08:00 to 20:00 (1 a day: 08:00; 2: 08:00, 20:00)."""
    if times_per_day < 1:
        raise InvalidInput("Times per day must be a whole number of at least 1.", field="times")
    if times_per_day == 1:
        return [time(8, 0)]
    span = 12 * 60
    minutes = [8 * 60 + round(i * span / (times_per_day - 1)) for i in range(times_per_day)]
    return [time(m // 60, m % 60) for m in minutes]


def parse_times(text: str, *, field: str = "dose_times") -> list[time]:
    """Parse "08:00,20:00" into times, in order; refuses anything else with one plain sentence."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise InvalidInput(
            "Give dose times as HH:MM separated by commas, for example 08:00,20:00.", field=field
        )
    result: list[time] = []
    for part in parts:
        try:
            hours, minutes = part.split(":")
            value = time(int(hours), int(minutes))
        except ValueError:
            raise InvalidInput(
                f"'{part}' is not a time; give times as HH:MM (24-hour), for example 08:00,20:00.",
                field=field,
            ) from None
        result.append(value)
    if sorted(result) != result or len(set(result)) != len(result):
        raise InvalidInput(
            "Give dose times in order through the day, each once, for example 08:00,20:00.", field=field
        )
    return result


def parse_meal_times(text: str) -> dict[str, time]:
    """Parse "breakfast=07:30,evening meal=19:00" into meal -> time."""
    result: dict[str, time] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        meal, sep, at = part.partition("=")
        if not sep or not meal.strip():
            raise InvalidInput(
                f"'{part}' is not MEAL=HH:MM; write meal times like breakfast=07:30,lunch=12:30.",
                field="meal_times",
            )
        (result[meal.strip().lower()],) = parse_times(at, field="meal_times")
    if not result:
        raise InvalidInput("Write meal times like breakfast=07:30,lunch=12:30.", field="meal_times")
    return result


def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or InvalidInput."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"'{name}' is not a known time zone; give an IANA name such as America/New_York.",
            field="tz",
        ) from None


def build_calendar(
    plan: Plan,
    *,
    tz: str,
    stamp: datetime,
    dose_times: Sequence[time] | None = None,
    magnesium: Sequence[MagnesiumServing] = (),
    meal_times: Mapping[str, time] | None = None,
    alarm_minutes: int = 0,
    uid_seed: str = "plan",
    sequence: int = 0,
) -> bytes:
    """The plan as an iCalendar document (bytes, CRLF lines). `stamp` is the DTSTAMP (when made)."""
    from icalendar import Alarm, Calendar, Event

    tzinfo = zone(tz)
    times = list(dose_times) if dose_times else default_dose_times(plan.times_per_day)
    if len(times) != plan.times_per_day:
        raise InvalidInput(
            f"The plan has {formatting.count(plan.times_per_day, 'dose', 'doses')} a day, so give "
            f"{formatting.count(plan.times_per_day, 'dose time', 'dose times')}, "
            f"not {len(times)}.",
            field="dose_times",
        )
    if not 0 <= alarm_minutes <= MAX_ALARM_MINUTES:
        raise InvalidInput("The alarm must be between 0 and 1440 minutes before the dose.", field="alarm")
    meals = {**DEFAULT_MEAL_TIMES, **(meal_times or {})}
    stamp_utc = stamp.astimezone(UTC)
    seed = "".join(c for c in uid_seed if c.isalnum() or c in "-_") or "plan"

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")  # a published schedule, not a meeting invitation
    cal.add("x-wr-calname", "stepdown taper")
    cal.add("x-wr-timezone", tz)

    def event(uid: str, summary: str, description: str) -> Any:
        ev = Event()
        ev.add("uid", f"{uid}-{seed}@stepdown")
        ev.add("dtstamp", stamp_utc)
        ev.add("sequence", sequence)
        ev.add("summary", summary)
        ev.add("description", f"{description}\n\n{DISCLAIMER}")
        ev.add("transp", "TRANSPARENT")  # reminders should not block the person's day as "busy"
        return ev

    def alarm(text: str) -> Any:
        al = Alarm()
        al.add("action", "DISPLAY")
        al.add("description", text)
        al.add("trigger", timedelta(minutes=-alarm_minutes))
        return al

    count = len(plan.steps)
    for number, step in enumerate(plan.steps, start=1):
        change = event(
            f"step-{number}",
            f"stepdown: step {number} of {count} begins ({_amount(step.daily_amount)} {step.unit} a day)",
            _step_description(step, number, count),
        )
        change.add("dtstart", step.start)
        change.add("dtend", step.start + timedelta(days=1))
        cal.add_component(change)
        for index, portion in enumerate(step.portions):
            if portion.amount <= 0:
                continue
            at = times[index] if index < len(times) else times[-1]
            ev = event(
                f"dose-{number}-{index + 1}",
                f"stepdown: dose {index + 1} of {len(step.portions)}: {portion.label}",
                f"Step {number} of {count}, {step.start.isoformat()} to {step.end.isoformat()}: "
                f"{_amount(step.daily_amount)} {step.unit} a day in "
                f"{formatting.count(len(step.portions), 'dose', 'doses')}.\n"
                "Log it in stepdown when you take it.",
            )
            ev.add("dtstart", datetime.combine(step.start, at, tzinfo))
            ev.add("dtend", datetime.combine(step.start, at, tzinfo) + timedelta(minutes=DOSE_MINUTES))
            ev.add("rrule", {"freq": "daily", "count": step.days})
            ev.add_component(alarm(f"Dose {index + 1}: {portion.label}"))
            cal.add_component(ev)

    days = (plan.end - plan.start).days + 1
    for index, serving in enumerate(magnesium):
        at = meals.get(serving.meal.lower())
        if at is None:
            raise InvalidInput(
                f"No time is known for the meal '{serving.meal}'; known meals: {', '.join(sorted(meals))}.",
                field="meal_times",
            )
        what = f"{_amount(serving.elemental_mg)} mg elemental magnesium"
        if serving.compound and serving.compound_mg is not None:
            what += f" ({_amount(serving.compound_mg)} mg {serving.compound})"
        ev = event(
            f"mg-{index + 1}",
            f"stepdown: magnesium with {serving.meal}: {_amount(serving.elemental_mg)} mg",
            f"Take {what} with {serving.meal}. Keep 2 to 3 hours between magnesium and other medicines.",
        )
        ev.add("dtstart", datetime.combine(plan.start, at, tzinfo))
        ev.add("dtend", datetime.combine(plan.start, at, tzinfo) + timedelta(minutes=DOSE_MINUTES))
        ev.add("rrule", {"freq": "daily", "count": days})
        ev.add_component(alarm(f"Magnesium with {serving.meal}: {what}"))
        cal.add_component(ev)

    free = event(
        "free",
        "stepdown: first day without a dose",
        f"The plan's last dose was on {plan.end.isoformat()}.\n{TOLERANCE_WARNING}",
    )
    free.add("dtstart", plan.first_free_day)
    free.add("dtend", plan.first_free_day + timedelta(days=1))
    cal.add_component(free)

    # The VTIMEZONE covers the whole plan (and a margin) with every transition in it.
    cal.add_missing_timezones(
        first_date=plan.start - timedelta(days=7), last_date=plan.first_free_day + timedelta(days=31)
    )
    return cal.to_ical()


def _step_description(step: Any, number: int, count: int) -> str:
    lines = [
        f"From {step.start.isoformat()} to {step.end.isoformat()} ({formatting.days(step.days)}): "
        f"{_amount(step.daily_amount)} {step.unit} a day.",
    ]
    if step.cut_percent is not None:
        lines.append(f"A cut of {_amount(step.cut_percent)}% from the step before.")
    for i, portion in enumerate(step.portions, start=1):
        lines.append(f"Dose {i}: {portion.label}")
    lines.append(
        "If this step is too hard, hold it and talk to your clinician; never go back to an old dose alone."
    )
    return "\n".join(lines)


def _amount(value: Decimal) -> str:
    return formatting.number(value)
