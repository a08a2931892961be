"""Self-care week by week, set beside symptom and craving scores.

The checklist is the check-in's (`stepdown.domain.checkin.SELF_CARE_ITEMS`, the seed's water, balanced
meals, exercise, a consistent sleep time and a relaxing bedtime routine). A "self-care day" is a day
with at least `min_items` of them ticked (default 3 of 5: more than half; our own choice). The
comparison is descriptive, not a claim of cause, and is only stated with at least `min_days` days on
each side (the same cautious rule as the craving patterns).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from stepdown.domain.checkin import SELF_CARE_ITEMS
from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit.cravings import Finding, enough
from stepdown.messages import toolkit as msg

DEFAULT_MIN_ITEMS = 3
MIN_DAYS = 3
CRAVING_DIFFERENCE = 1.0  # points on 0-10
SYMPTOM_DIFFERENCE = 5.0  # percentage points of the scale's maximum


@dataclass(frozen=True)
class SelfCareDay:
    day: date
    items: frozenset[str] = frozenset()
    symptom_percent: float | None = None  # check-in total as % of the scale's maximum
    craving: int | None = None  # 0-10


@dataclass(frozen=True)
class WeekSummary:
    week_start: date  # a Monday
    checkin_days: int
    self_care_days: int
    item_days: dict[str, int] = field(default_factory=dict)  # item id -> days ticked
    craving_mean: float | None = None
    symptom_mean: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.isoformat(),
            "checkin_days": self.checkin_days,
            "self_care_days": self.self_care_days,
            "item_days": dict(self.item_days),
            "craving_mean": self.craving_mean,
            "symptom_mean": self.symptom_mean,
        }


@dataclass(frozen=True)
class SelfCareView:
    min_items: int
    weeks: tuple[WeekSummary, ...]
    findings: tuple[Finding, ...]

    @property
    def enough(self) -> bool:
        """Whether there is enough to compare weeks: else only the note is shown, not the table."""
        return enough(self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "enough": self.enough,
            "min_items": self.min_items,
            "items": list(SELF_CARE_ITEMS),
            "weeks": [w.to_dict() for w in self.weeks],
            "findings": [f.to_dict() for f in self.findings],
        }


def items_from(raw: Any) -> frozenset[str]:
    """The ticked items from a stored check-in: a list of ids or a mapping id -> true."""
    if isinstance(raw, dict):
        raw = [k for k, v in raw.items() if v] if "items" not in raw else raw["items"]
    if not isinstance(raw, list | tuple | set | frozenset):
        return frozenset()
    return frozenset(i for i in raw if i in SELF_CARE_ITEMS)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 1) if present else None


def weekly(
    days: Sequence[SelfCareDay],
    *,
    today: date,
    weeks: int = 4,
    min_items: int = DEFAULT_MIN_ITEMS,
    since: date | None = None,
) -> SelfCareView:
    """The last `weeks` Monday-to-Sunday weeks up to `today`, and what self-care days looked like.

    Weeks that ended before `since` (the first day anything was recorded) are left out: a table of
    empty weeks before the person started says nothing."""
    this_monday = today - timedelta(days=today.weekday())
    starts = [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    if since is not None:
        starts = [s for s in starts if s + timedelta(days=6) >= since] or [this_monday]
    summaries: list[WeekSummary] = []
    for start in starts:
        in_week = [d for d in days if start <= d.day < start + timedelta(days=7) and d.day <= today]
        summaries.append(
            WeekSummary(
                week_start=start,
                checkin_days=len(in_week),
                self_care_days=sum(1 for d in in_week if len(d.items) >= min_items),
                item_days={i: sum(1 for d in in_week if i in d.items) for i in SELF_CARE_ITEMS},
                craving_mean=_mean(d.craving for d in in_week),
                symptom_mean=_mean(d.symptom_percent for d in in_week),
            )
        )

    findings: list[Finding] = []
    good = [d for d in days if len(d.items) >= min_items]
    other = [d for d in days if len(d.items) < min_items]
    for code, what, attr, threshold, suffix in (
        ("craving", "cravings", "craving", CRAVING_DIFFERENCE, "/10"),
        ("symptoms", "the symptom score", "symptom_percent", SYMPTOM_DIFFERENCE, "%"),
    ):
        a = [getattr(d, attr) for d in good if getattr(d, attr) is not None]
        b = [getattr(d, attr) for d in other if getattr(d, attr) is not None]
        if len(a) < MIN_DAYS or len(b) < MIN_DAYS:
            continue
        ga, gb = round(fmean(a), 1), round(fmean(b), 1)
        template = msg.SELFCARE_COMPARE if abs(ga - gb) >= threshold else msg.SELFCARE_NO_DIFFERENCE
        findings.append(
            Finding(
                code,
                template.format(
                    min_items=min_items, what=what, good=f"{ga:g}{suffix}", other=f"{gb:g}{suffix}"
                ),
                {"self_care_days_mean": ga, "other_days_mean": gb},
            )
        )
    if not findings:
        findings.append(Finding("not_enough", msg.SELFCARE_NOT_ENOUGH))
    return SelfCareView(min_items, tuple(summaries), tuple(findings))


def validate_bedtime(value: Any) -> str:
    """A target bedtime as HH:MM on a 24-hour clock."""
    text = value.strip() if isinstance(value, str) else ""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidInput("The bedtime must be a time like 22:30 (24-hour clock).", field="bedtime")
    return f"{int(match[1]):02d}:{match[2]}"
