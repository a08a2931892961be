"""The daily check-in: one validated record per person per day.

`validate_checkin(raw, today=...)` accepts what a form or the CLI sends (strings or numbers) and
returns a `CheckinInput`, or raises InvalidInput naming the field and the accepted range.
Only the day and the withdrawal-scale answers are required; the other questions may be skipped
(None) because a person having a hard day should still be able to check in quickly. Red-flag
questions are always shown by the front ends; the record keeps the ones answered "yes".

Scales: mood is 0-10 (0 very low, 5 so-so, 10 very good), a plain single rating like craving and
sleep quality, so the three daily ratings read the same way. Sleep quality is Snyder 2018's
single-item scale (0-10; clinical-facts.md section 7). PHQ-2 looks back two weeks, so it is an
optional weekly extra, never a daily question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stepdown.domain.answers import blank as _blank
from stepdown.domain.answers import yes_no as _bool
from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import decimal_text, whole_text
from stepdown.domain.scales import SCALES, ScaleScore, get_scale, score
from stepdown.domain.triage import RED_FLAG_IDS
from stepdown.messages import checkin as msg

SELF_CARE_ITEMS: tuple[str, ...] = tuple(i for i, _ in msg.SELF_CARE_LABELS)
PHQ2_ITEMS: tuple[str, ...] = tuple(i for i, _ in msg.PHQ2_QUESTIONS)
PHQ2_POSITIVE_AT = 3  # total >= 3 is a positive screen (clinical-facts.md section 7)
PHQ2_INTERVAL_DAYS = 7  # it covers two weeks: ask weekly, not daily

NOTE_MAX_CHARS = 4000
# Generous upper bounds that still catch typing slips (e.g. 400 glasses).
MAX_WATER_GLASSES = 40
MAX_MEALS = 10
MAX_EXERCISE_MINUTES = 1440

FIELDS = (
    "day",
    "scale",
    "answers",
    "craving",
    "sleep_hours",
    "sleep_quality",
    "mood",
    "water_glasses",
    "meals",
    "exercise_minutes",
    "self_care",
    "dose_taken",
    "magnesium_taken",
    "note",
    "red_flags",
    "phq2",
)


@dataclass(frozen=True)
class CheckinInput:
    day: date
    scale: ScaleScore
    craving: int | None = None  # 0-10
    sleep_hours: float | None = None  # 0-24 in half hours
    sleep_quality: int | None = None  # 0-10 (Snyder 2018)
    mood: int | None = None  # 0-10, 10 = very good
    water_glasses: int | None = None
    meals: int | None = None
    exercise_minutes: int | None = None
    self_care: tuple[str, ...] = ()  # ticked SELF_CARE_ITEMS, in that order
    dose_taken: bool | None = None
    magnesium_taken: bool | None = None
    note: str = ""
    red_flags: tuple[str, ...] = ()  # red-flag ids answered "yes", in RED_FLAGS order
    phq2: tuple[int, int] | None = None  # weekly, optional: (interest, down), each 0-3

    @property
    def scale_id(self) -> str:
        return self.scale.scale_id

    @property
    def total(self) -> int:
        return self.scale.total

    @property
    def max_total(self) -> int:
        return self.scale.max_total

    @property
    def phq2_total(self) -> int | None:
        return None if self.phq2 is None else sum(self.phq2)

    @property
    def phq2_positive(self) -> bool:
        return self.phq2 is not None and sum(self.phq2) >= PHQ2_POSITIVE_AT

    def to_dict(self) -> dict[str, Any]:
        """JSON shape, also accepted back by `validate_checkin` (README, "Check-in model")."""
        return {
            "day": self.day.isoformat(),
            "scale": self.scale.scale_id,
            "answers": dict(self.scale.answers),
            "total": self.scale.total,
            "max_total": self.scale.max_total,
            "craving": self.craving,
            "sleep_hours": self.sleep_hours,
            "sleep_quality": self.sleep_quality,
            "mood": self.mood,
            "water_glasses": self.water_glasses,
            "meals": self.meals,
            "exercise_minutes": self.exercise_minutes,
            "self_care": list(self.self_care),
            "dose_taken": self.dose_taken,
            "magnesium_taken": self.magnesium_taken,
            "note": self.note,
            "red_flags": list(self.red_flags),
            "phq2": None if self.phq2 is None else dict(zip(PHQ2_ITEMS, self.phq2, strict=True)),
        }


def validate_checkin(raw: Mapping[str, Any], *, today: date) -> CheckinInput:
    """Check a raw check-in and return it typed; raise InvalidInput on the first bad field."""
    unknown = [k for k in raw if k not in FIELDS and k not in ("total", "max_total")]
    if unknown:
        raise InvalidInput(
            f"Unknown check-in field {unknown[0]!r}; accepted fields: {', '.join(FIELDS)}.",
            field=str(unknown[0]),
        )
    day = _day(raw.get("day"), today)
    if raw.get("scale") in (None, ""):
        raise InvalidInput(f"Please choose a scale: one of {', '.join(SCALES)}.", field="scale")
    scale = get_scale(raw.get("scale"))
    if raw.get("answers") is None:
        raise InvalidInput(f"Please answer the {len(scale.items)} symptom questions.", field="answers")
    scored = score(scale.id, raw["answers"])
    return CheckinInput(
        day=day, scale=scored, **{name: check_field(name, raw.get(name)) for name in FIELD_CHECKS}
    )


def check_field(name: str, value: Any) -> Any:
    """One answer of the check-in (not the day, scale or symptom answers) checked on its own, with the
    same limits as `validate_checkin`: a prompt can ask again at once instead of losing every answer
    at the end. Blank is None (skipped); a bad answer raises InvalidInput naming the field."""
    return FIELD_CHECKS[name](value)


# Every optional answer's check, in CheckinInput's field order (validate_checkin and the prompts).
FIELD_CHECKS: dict[str, Callable[[Any], Any]] = {
    "craving": lambda v: _int({"craving": v}, "craving", 0, 10),
    "sleep_hours": lambda v: _sleep_hours(v),
    "sleep_quality": lambda v: _int({"sleep_quality": v}, "sleep_quality", 0, 10),
    "mood": lambda v: _int({"mood": v}, "mood", 0, 10),
    "water_glasses": lambda v: _int({"water_glasses": v}, "water_glasses", 0, MAX_WATER_GLASSES),
    "meals": lambda v: _int({"meals": v}, "meals", 0, MAX_MEALS),
    "exercise_minutes": lambda v: _int({"exercise_minutes": v}, "exercise_minutes", 0, MAX_EXERCISE_MINUTES),
    "self_care": lambda v: _choices(v, SELF_CARE_ITEMS, "self_care", "self-care item"),
    "dose_taken": lambda v: _bool(v, "dose_taken"),
    "magnesium_taken": lambda v: _bool(v, "magnesium_taken"),
    "note": lambda v: _note(v),
    "red_flags": lambda v: _red_flags(v),
    "phq2": lambda v: _phq2(v),
}


def phq2_due(last_phq2_day: date | None, today: date) -> bool:
    """Whether to offer the weekly PHQ-2 today (never more than once in PHQ2_INTERVAL_DAYS)."""
    return last_phq2_day is None or today - last_phq2_day >= timedelta(days=PHQ2_INTERVAL_DAYS)


# --- field parsers ----------------------------------------------------------------------------


def _day(value: Any, today: date) -> date:
    if _blank(value):
        raise InvalidInput("Please give the day of the check-in as YYYY-MM-DD.", field="day")
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(
                f"The day {value!r} is not a date; write it as YYYY-MM-DD.", field="day"
            ) from None
    if day > today:
        raise InvalidInput(
            f"The day {day.isoformat()} is in the future; check in for today "
            f"({today.isoformat()}) or an earlier day.",
            field="day",
        )
    return day


def _int(raw: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    value = raw.get(name)
    if _blank(value):
        return None
    accepted = f"{name.replace('_', ' ')} must be a whole number from {low} to {high}"
    if isinstance(value, bool):
        raise InvalidInput(f"The {accepted}.", field=name)
    if isinstance(value, str):
        text = value.strip()
        if not whole_text(text):  # ASCII digits only: "٣" is refused, not read as 3
            raise InvalidInput(f"The {accepted}, not {value!r}.", field=name)
        value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"The {accepted}, not {value!r}.", field=name)
    return value


def _sleep_hours(value: Any) -> float | None:
    if _blank(value):
        return None
    accepted = "Sleep hours must be a number from 0 to 24 in half hours (e.g. 6 or 6.5)"
    if isinstance(value, bool):
        raise InvalidInput(f"{accepted}.", field="sleep_hours")
    try:
        text = str(value).strip().replace(",", ".")
        if not isinstance(value, int | float) and not decimal_text(text):
            raise ValueError(text)
        hours = float(text)
    except ValueError:
        raise InvalidInput(f"{accepted}, not {value!r}.", field="sleep_hours") from None
    if not 0 <= hours <= 24 or (hours * 2) != int(hours * 2):
        raise InvalidInput(f"{accepted}, not {value!r}.", field="sleep_hours")
    return hours


def _choices(value: Any, allowed: tuple[str, ...], name: str, what: str) -> tuple[str, ...]:
    """A set of ticked ids from a list, a comma-separated string, or a mapping id -> yes/no."""
    if _blank(value):
        return ()
    if isinstance(value, Mapping):
        picked = [k for k, v in value.items() if _bool(v, f"{name}.{k}")]
        named = list(value)
    else:
        if isinstance(value, str):
            named = [p.strip() for p in value.split(",") if p.strip()]
        elif isinstance(value, Iterable):
            named = [str(p).strip() for p in value]
        else:
            raise InvalidInput(f"{name} must be a list of: {', '.join(allowed)}.", field=name)
        picked = named
    for item in named:
        if item not in allowed:
            raise InvalidInput(f"Unknown {what} {item!r}; accepted: {', '.join(allowed)}.", field=name)
    return tuple(i for i in allowed if i in picked)


def _red_flags(value: Any) -> tuple[str, ...]:
    return _choices(value, RED_FLAG_IDS, "red_flags", "safety question")


def _note(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    if len(text) > NOTE_MAX_CHARS:
        raise InvalidInput(
            f"The note is {len(text)} characters; keep it to {NOTE_MAX_CHARS} or fewer.", field="note"
        )
    return text


def _phq2(value: Any) -> tuple[int, int] | None:
    if _blank(value):
        return None
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in PHQ2_ITEMS]
        if unknown:
            raise InvalidInput(
                f"Unknown PHQ-2 item {unknown[0]!r}; accepted: {', '.join(PHQ2_ITEMS)}.", field="phq2"
            )
        missing = [k for k in PHQ2_ITEMS if _blank(value.get(k))]
        if missing:
            raise InvalidInput("Please answer both PHQ-2 questions, or neither.", field="phq2")
        values = [value[k] for k in PHQ2_ITEMS]
    elif isinstance(value, list | tuple) and len(value) == 2:
        values = list(value)
    else:
        raise InvalidInput("PHQ-2 needs two answers (interest, down), each 0 to 3.", field="phq2")
    parsed: list[int] = []
    for item, answer in zip(PHQ2_ITEMS, values, strict=True):
        try:
            number = _int({"answer": answer}, "answer", 0, 3)
        except InvalidInput:
            raise InvalidInput(
                f"PHQ-2 answer {item!r} must be a whole number from 0 to 3, not {answer!r}.", field="phq2"
            ) from None
        if number is None:
            raise InvalidInput("Please answer both PHQ-2 questions, or neither.", field="phq2")
        parsed.append(number)
    return (parsed[0], parsed[1])
