"""The adaptive rules' numbers: Thresholds, their accepted ranges (LIMITS) and the reasoning behind
each default (THRESHOLD_REASONS, also in the README). Split out of rules.py, which re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cached_property
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.messages import adapt as msg


@dataclass(frozen=True)
class Thresholds:
    """The adaptive rules' numbers. Conservative: when unsure they lean towards holding longer.

    Fractions are shares of the scale's maximum (16-item: of 64; 10-item: of 30).
    """

    high_fraction: Decimal = Decimal("0.30")
    rise_fraction: Decimal = Decimal("0.15")
    settle_fraction: Decimal = Decimal("0.20")
    settle_rise_fraction: Decimal = Decimal("0.08")
    craving_high: int = 8
    min_baseline_checkins: int = 2
    baseline_window: int = 7
    recent_days: int = 2
    hold_days: int = 2
    holds_before_slowdown: int = 2
    slow_factor: Decimal = Decimal("1.5")

    def __post_init__(self) -> None:
        for f in fields(self):
            low, high = LIMITS[f.name]
            value = getattr(self, f.name)
            finite = not isinstance(value, Decimal) or value.is_finite()
            if (
                isinstance(value, bool)
                or not isinstance(value, int | Decimal)
                or not finite
                or not low <= value <= high
            ):
                raise InvalidInput(
                    f"{_label(f.name)} must be from {_shown(f.name, low)} to {_shown(f.name, high)}.",
                    field=f.name,
                )
        if self.settle_fraction > self.high_fraction:
            raise InvalidInput(
                f"{_label('settle_fraction')} must not be above {_label('high_fraction')}.",
                field="settle_fraction",
            )
        if self.settle_rise_fraction > self.rise_fraction:
            raise InvalidInput(
                f"{_label('settle_rise_fraction')} must not be above {_label('rise_fraction')}.",
                field="settle_rise_fraction",
            )

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None) -> Thresholds:
        """Defaults with a person's or clinician's overrides (e.g. from settings JSON)."""
        base = cls()
        if not overrides:
            return base
        changes: dict[str, Any] = {}
        for name, value in overrides.items():
            if name not in LIMITS:
                raise InvalidInput(
                    f"Unknown threshold {name!r}; accepted: {', '.join(LIMITS)}.", field=str(name)
                )
            current = getattr(base, name)
            try:
                if isinstance(current, Decimal):
                    changes[name] = Decimal(str(value).strip())
                else:
                    if isinstance(value, bool) or Decimal(str(value)) != int(Decimal(str(value))):
                        raise ValueError
                    changes[name] = int(Decimal(str(value)))
            except (ValueError, InvalidOperation):
                low, high = LIMITS[name]
                raise InvalidInput(
                    f"{_label(name)} must be a number from {_shown(name, low)} to {_shown(name, high)}.",
                    field=name,
                ) from None
        return replace(base, **changes)

    def exact(self, name: str) -> Fraction:
        """A fraction threshold as an exact Fraction (computed once: evaluate runs often)."""
        return self._exact[name]

    @cached_property
    def _exact(self) -> dict[str, Fraction]:
        return {f.name: Fraction(getattr(self, f.name)) for f in fields(self) if f.name.endswith("fraction")}

    def to_dict(self) -> dict[str, Any]:
        return dict(self._as_dict)

    @cached_property
    def _as_dict(self) -> dict[str, Any]:
        return {f.name: _json(getattr(self, f.name)) for f in fields(self)}


# Accepted range of each threshold: wide enough for a clinician, narrow enough that no value
# switches the rules off.
def _label(name: str) -> str:
    """The name a person sees ("Strong symptoms: % of the scale's maximum"), never high_fraction."""
    return f'"{msg.THRESHOLD_LABELS.get(name, name.replace("_", " "))}"'


def _shown(name: str, value: Any) -> str:
    """A share as a percentage (0.10 -> 10%), other numbers as they are."""
    if msg.is_share(name):
        return f"{(Decimal(value) * 100).normalize():f}%"
    return str(value)


LIMITS: dict[str, tuple[Any, Any]] = {
    "high_fraction": (Decimal("0.10"), Decimal("0.60")),
    "rise_fraction": (Decimal("0.05"), Decimal("0.40")),
    "settle_fraction": (Decimal("0.02"), Decimal("0.60")),
    "settle_rise_fraction": (Decimal("0"), Decimal("0.40")),
    "craving_high": (5, 10),
    "min_baseline_checkins": (1, 14),
    "baseline_window": (1, 28),
    "recent_days": (1, 7),
    "hold_days": (1, 7),
    "holds_before_slowdown": (1, 5),
    "slow_factor": (Decimal("1.1"), Decimal("3")),
}

DEFAULT_THRESHOLDS = Thresholds()

THRESHOLD_REASONS: dict[str, str] = {
    "high_fraction": (
        "0.30 of the maximum (a score of 20 or more of 64, 9 or more of 30) counts as strong "
        "withdrawal. No published cut-off exists; a kratom study called a mean of 13.5 of 64 "
        "(0.21) mild to moderate (Rogers 2024), so 0.30 is clearly above that. A hold costs only "
        "a day or two, so the level is set low."
    ),
    "rise_fraction": (
        "A rise of 0.15 of the maximum over the person's own baseline (about 10 of 64, 4.5 of 30) "
        "counts as strong even below the absolute level: it is a clear change for that person."
    ),
    "settle_fraction": (
        "Below 0.20 of the maximum symptoms count as settled after a hold, lower than the strong level "
        "so that a small wobble does not switch between hold and resume."
    ),
    "settle_rise_fraction": (
        "Settled also needs the score within 0.08 of the maximum of the baseline (about half the rise "
        "that counts as strong)."
    ),
    "craving_high": (
        "Craving of 8 of 10 or more alone suggests a hold: higher craving predicted use the next week "
        "(Opioid Craving Scale, McHugh 2014), and a lapse after a cut is the overdose risk."
    ),
    "min_baseline_checkins": (
        "At least 2 check-ins before the first cut make a baseline; with fewer, only absolute levels "
        "are used (one day is too noisy)."
    ),
    "baseline_window": "The baseline is the median of the last 7 check-ins before the first cut.",
    "recent_days": (
        "Only a check-in from today or yesterday can lead to a hold or slow-down; older ones say "
        "little about today."
    ),
    "hold_days": "A hold adds 2 days on the current dose: the seed's 'pause the taper for a day or two'.",
    "holds_before_slowdown": (
        "After 2 holds on the same amount with symptoms still strong, the rest of the plan is slowed "
        "(ASAM 2025 benzodiazepine tapering guideline, the nearest verified rule: if significant "
        "symptoms emerge, slow or pause the taper)."
    ),
    "slow_factor": (
        "A slow-down makes each remaining step 1.5 times as long (rounded up, at least one day more), "
        "keeping every amount measurable."
    ),
}


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
