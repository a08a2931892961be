"""Cravings: what a logged urge is, how it is checked, and the patterns found in many of them.

Patterns are stated plainly and only when there is enough data: a comparison needs at least
`PatternSettings.min_days` days on each side, and a difference of at least `min_difference` points
(0-10) before we call one side stronger. These are our own cautious defaults, not published cut-offs:
no source gives a minimum sample for self-tracking, so we prefer saying nothing to over-reading noise.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import fmean, median
from typing import Any

from stepdown.domain.days import count as plural_count
from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit import _parse
from stepdown.messages import toolkit as msg

OUTCOMES = ("passed", "used")
MAX_TRIGGERS = 12
MAX_TRIGGER_LEN = 40


@dataclass(frozen=True)
class Craving:
    """One logged urge. `at` is in the person's local time (the service converts)."""

    intensity: int  # 0-10
    triggers: tuple[str, ...]
    outcome: str  # passed | used
    at: datetime
    helped: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "intensity": self.intensity,
            "triggers": list(self.triggers),
            "outcome": self.outcome,
            "at": self.at.isoformat(),
            "helped": self.helped,
            "note": self.note,
        }


def normalise_triggers(value: Any) -> tuple[str, ...]:
    """Trigger tags from a list or a comma-separated string: lower case, single spaces, no repeats."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: Iterable[Any] = value.split(",")
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
    else:
        raise InvalidInput("Triggers must be a list of short words, like stress, boredom.", field="triggers")
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(
                "Triggers must be a list of short words, like stress, boredom.", field="triggers"
            )
        tag = " ".join(item.lower().split())
        if not tag:
            continue
        if len(tag) > MAX_TRIGGER_LEN:
            raise InvalidInput(
                f"Each trigger must be at most {MAX_TRIGGER_LEN} characters.", field="triggers"
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TRIGGERS:
        raise InvalidInput(f"At most {MAX_TRIGGERS} triggers can be given for one urge.", field="triggers")
    return tuple(tags)


def check_intensity(value: Any) -> int:
    return _parse.integer(value, "intensity", "Intensity", low=0, high=10)


def check_outcome(value: Any) -> str:
    outcome = value.strip().lower() if isinstance(value, str) else value
    if outcome not in OUTCOMES:
        raise InvalidInput(msg.CRAVING_OUTCOME_MISSING, field="outcome")
    return str(outcome)


# The fields checked on their own (a front end can check what it was given before asking for the
# rest); `at` needs the person's clock, so validate_craving checks it.
FIELD_CHECKS: dict[str, Callable[[Any], Any]] = {
    "intensity": check_intensity,
    "outcome": check_outcome,
    "triggers": normalise_triggers,
    "helped": lambda v: _parse.text(v, "helped", "What helped", max_len=200),
    "note": lambda v: _parse.text(v, "note", "The note", max_len=2000),
}


def validate_craving(raw: Mapping[str, Any], *, now: datetime) -> Craving:
    """Check a logged urge; raises InvalidInput (with the field) on the first problem."""
    checked = {name: check(raw.get(name)) for name, check in FIELD_CHECKS.items()}
    return Craving(**checked, at=_parse.moment(raw.get("at"), "at", "The time of the urge", now=now))


# --- patterns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayContext:
    """What the check-in says about a day: last night's sleep, symptom score as % of the scale's
    maximum (so the 16- and 10-item forms compare), and the day's craving rating 0-10."""

    day: date
    sleep_hours: float | None = None
    symptom_percent: float | None = None
    craving: int | None = None


@dataclass(frozen=True)
class PatternSettings:
    short_sleep_hours: float = 6.0  # the example; a common line for "short sleep"
    min_days: int = 3  # days needed on each side of a comparison
    min_difference: float = 1.0  # points on the 0-10 scale before one side counts as stronger
    min_entries: int = 3  # logged urges before trigger and time-of-day patterns are shown


@dataclass(frozen=True)
class Finding:
    code: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "data": dict(self.data)}


def enough(findings: Iterable[Finding]) -> bool:
    """False when the findings are only "not enough entries yet" (patterns, self-care)."""
    return not any(f.code == "not_enough" for f in findings)


@dataclass(frozen=True)
class Patterns:
    total: int
    passed: int
    triggers: tuple[tuple[str, int, float], ...]  # (trigger, count, mean intensity), most common first
    periods: tuple[tuple[str, int, float], ...]  # (period, count, mean intensity), in clock order
    findings: tuple[Finding, ...]

    @property
    def enough(self) -> bool:
        """Whether there is enough to show patterns: else only the "not enough" note is shown, never
        tables of counts that would contradict it."""
        return enough(self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "enough": self.enough,
            "total": self.total,
            "passed": self.passed,
            "triggers": [{"trigger": t, "count": c, "mean_intensity": m} for t, c, m in self.triggers],
            "periods": [{"period": p, "count": c, "mean_intensity": m} for p, c, m in self.periods],
            "findings": [f.to_dict() for f in self.findings],
        }


PERIODS = ("night", "morning", "afternoon", "evening")


def period_of(at: datetime) -> str:
    return PERIODS[at.hour // 6]


def _r(value: float) -> float:
    return round(value, 1)


def find_patterns(
    cravings: Sequence[Craving],
    days: Sequence[DayContext] = (),
    settings: PatternSettings | None = None,
) -> Patterns:
    """Top triggers, times of day, and how urges move with sleep and symptoms, in plain words."""
    s = settings or PatternSettings()
    findings: list[Finding] = []
    total = len(cravings)
    passed = sum(1 for c in cravings if c.outcome == "passed")

    by_trigger: dict[str, list[int]] = defaultdict(list)
    for c in cravings:
        for t in c.triggers:
            by_trigger[t].append(c.intensity)
    triggers = tuple(
        sorted(
            ((t, len(v), _r(fmean(v))) for t, v in by_trigger.items()),
            key=lambda row: (-row[1], -row[2], row[0]),
        )
    )
    by_period: dict[str, list[int]] = defaultdict(list)
    for c in cravings:
        by_period[period_of(c.at)].append(c.intensity)
    periods = tuple((p, len(by_period[p]), _r(fmean(by_period[p]))) for p in PERIODS if by_period[p])

    if total >= s.min_entries:
        if triggers:
            t, count, mean = triggers[0]
            findings.append(
                Finding(
                    "top_trigger",
                    msg.PATTERN_TOP_TRIGGER.format(trigger=t, count=count, total=total, mean=mean),
                    {"trigger": t, "count": count, "mean_intensity": mean},
                )
            )
        ranked = sorted(periods, key=lambda row: -row[1])
        top_period = ranked[0]
        if len(ranked) == 1 or top_period[1] > ranked[1][1]:  # only a clear leader is a pattern
            findings.append(
                Finding(
                    "time_of_day",
                    msg.PATTERN_TIME_OF_DAY.format(
                        period=msg.PERIODS[top_period[0]], count=top_period[1], total=total
                    ),
                    {"period": top_period[0], "count": top_period[1]},
                )
            )

    levels = _daily_levels(cravings, days)
    context = {d.day: d for d in days}
    sleep = _compare(
        [(lvl, context[day].sleep_hours) for day, lvl in levels.items() if day in context],
        lambda hours: hours is not None and hours < s.short_sleep_hours,
        lambda hours: hours is not None and hours >= s.short_sleep_hours,
        s,
    )
    if sleep is not None:
        short, rest, diff = sleep
        template = (
            msg.PATTERN_SLEEP_WORSE
            if diff >= s.min_difference
            else msg.PATTERN_SLEEP_BETTER
            if diff <= -s.min_difference
            else msg.PATTERN_SLEEP_NONE
        )
        hours = f"{s.short_sleep_hours:g}"
        findings.append(
            Finding(
                "sleep",
                template.format(hours=hours, short=short, rest=rest),
                {"short_sleep_mean": short, "other_mean": rest, "difference": diff, "hours": hours},
            )
        )

    symptom_values = [
        context[day].symptom_percent
        for day in levels
        if day in context and context[day].symptom_percent is not None
    ]
    if symptom_values:
        middle = median(symptom_values)
        sym = _compare(
            [(lvl, context[day].symptom_percent) for day, lvl in levels.items() if day in context],
            lambda p: p is not None and p > middle,
            lambda p: p is not None and p <= middle,
            s,
        )
        if sym is not None:
            high, low, diff = sym
            template = (
                msg.PATTERN_SYMPTOMS_WORSE
                if diff >= s.min_difference
                else msg.PATTERN_SYMPTOMS_BETTER
                if diff <= -s.min_difference
                else msg.PATTERN_SYMPTOMS_NONE
            )
            findings.append(
                Finding(
                    "symptoms",
                    template.format(high=high, low=low),
                    {"harder_days_mean": high, "calmer_days_mean": low, "difference": diff},
                )
            )

    if total >= s.min_entries:
        findings.append(
            Finding("passed", msg.PATTERN_PASSED.format(passed=passed, total=total), {"passed": passed})
        )
        helped = Counter(c.helped.lower() for c in cravings if c.helped and c.outcome == "passed")
        if helped:
            what, count = sorted(helped.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if count >= 2:
                findings.append(
                    Finding(
                        "helped",
                        msg.PATTERN_HELPED.format(helped=what, times=plural_count(count, "time", "times")),
                        {"helped": what},
                    )
                )
    if not findings:
        findings.append(Finding("not_enough", msg.PATTERNS_NOT_ENOUGH))
    return Patterns(total, passed, triggers, periods, tuple(findings))


def _daily_levels(cravings: Sequence[Craving], days: Sequence[DayContext]) -> dict[date, float]:
    """Each day's craving level: the mean of its logged urges and its check-in craving rating."""
    readings: dict[date, list[float]] = defaultdict(list)
    for c in cravings:
        readings[c.at.date()].append(c.intensity)
    for d in days:
        if d.craving is not None:
            readings[d.day].append(d.craving)
    return {day: fmean(v) for day, v in readings.items()}


def _compare(
    pairs: list[tuple[float, Any]],
    in_first: Any,
    in_second: Any,
    s: PatternSettings,
) -> tuple[float, float, float] | None:
    first = [lvl for lvl, x in pairs if in_first(x)]
    second = [lvl for lvl, x in pairs if in_second(x)]
    if len(first) < s.min_days or len(second) < s.min_days:
        return None
    a, b = _r(fmean(first)), _r(fmean(second))
    return a, b, _r(fmean(first) - fmean(second))
