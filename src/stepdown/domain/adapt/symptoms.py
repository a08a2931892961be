"""The symptom judgement: one check-in as the rules see it (CheckinSummary), one per day, and whether
its score is strong or settled against the absolute levels and the person's own baseline.
Split out of rules.py, which re-exports CheckinSummary.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from stepdown.domain.adapt.thresholds import Thresholds
from stepdown.domain.checkin import CheckinInput
from stepdown.domain.errors import InvalidInput
from stepdown.messages import adapt as msg


@dataclass(frozen=True)
class CheckinSummary:
    """What the rules need from one check-in."""

    day: date
    scale_id: str
    total: int
    max_total: int
    craving: int | None = None
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    red_flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.max_total <= 0 or not 0 <= self.total <= self.max_total:
            raise InvalidInput(
                f"A check-in total must be from 0 to its maximum, not {self.total} of {self.max_total}.",
                field="total",
            )

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.total, self.max_total)

    @classmethod
    def from_checkin(cls, checkin: CheckinInput) -> CheckinSummary:
        return cls(
            day=checkin.day,
            scale_id=checkin.scale_id,
            total=checkin.total,
            max_total=checkin.max_total,
            craving=checkin.craving,
            sleep_hours=checkin.sleep_hours,
            sleep_quality=checkin.sleep_quality,
            red_flags=checkin.red_flags,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "scale": self.scale_id,
            "total": self.total,
            "max_total": self.max_total,
            "craving": self.craving,
            "sleep_hours": self.sleep_hours,
            "sleep_quality": self.sleep_quality,
            "red_flags": list(self.red_flags),
        }


@dataclass(frozen=True)
class _Signals:
    strong: bool
    settled: bool
    rules: list[str]
    reasons: list[str]


def _signals(c: CheckinSummary, baseline: Fraction | None, th: Thresholds) -> _Signals:
    f = c.fraction
    rules: list[str] = []
    reasons: list[str] = []
    if f >= th.exact("high_fraction"):
        rules.append("absolute")
        limit = math.ceil(th.exact("high_fraction") * c.max_total)  # the first whole score counted
        reasons.append(msg.WHY_ABSOLUTE.format(limit=limit, max=c.max_total))
    if baseline is not None and f - baseline >= th.exact("rise_fraction"):
        rules.append("rise_over_baseline")
        reasons.append(
            msg.WHY_RISE.format(
                rise=_points((f - baseline) * c.max_total),
                baseline=_points(baseline * c.max_total),
                max=c.max_total,
            )
        )
    if c.craving is not None and c.craving >= th.craving_high:
        rules.append("craving")
        reasons.append(msg.WHY_CRAVING.format(craving=c.craving))
    settled = (
        f <= th.exact("settle_fraction")
        and (baseline is None or f - baseline <= th.exact("settle_rise_fraction"))
        and (c.craving is None or c.craving < th.craving_high)
    )
    return _Signals(bool(rules), settled and not rules, rules, reasons)


def _by_day(history: Iterable[CheckinSummary | CheckinInput], today: date) -> list[CheckinSummary]:
    """One summary per day (the last given wins), oldest first, nothing after today."""
    days: dict[date, CheckinSummary] = {}
    for item in history:
        summary = CheckinSummary.from_checkin(item) if isinstance(item, CheckinInput) else item
        if summary.day <= today:
            days[summary.day] = summary
    return [days[d] for d in sorted(days)]


def _points(value: Fraction) -> str:
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else str(rounded)


def _round(value: Fraction) -> float:
    return round(float(value), 3)
