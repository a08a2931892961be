"""The taper plan as data: dose forms, steps, portions. Shared by the planner, storage and front ends.

Amounts are Decimal so that "measurable" means exact: a daily amount is a whole number of the
person's smallest measurable units (a quarter tablet, one scale increment, one syringe mark).
`to_dict` gives the documented JSON shape (README, "Plan JSON"); `from_dict` reads it back.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

FORMS = ("tablet", "powder", "liquid")


@dataclass(frozen=True)
class DoseForm:
    """How the person measures a dose.

    tablet: `strengths` are amounts per tablet in `unit`; `pieces` is how finely a tablet can be
            split (1 whole, 2 halves, 4 quarters).
    powder: `resolution` is the scale's step in `unit` (e.g. 0.1 g).
    liquid: `concentration` is `unit` per ml; `resolution` is the measuring step in ml.
    """

    kind: str
    unit: str
    strengths: tuple[Decimal, ...] = ()
    pieces: int = 1
    resolution: Decimal | None = None
    concentration: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "unit": self.unit,
            "strengths": [_num(s) for s in self.strengths],
            "pieces": self.pieces,
            "resolution": _num(self.resolution),
            "concentration": _num(self.concentration),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DoseForm:
        return cls(
            kind=data["kind"],
            unit=data["unit"],
            strengths=tuple(_dec(s) for s in data.get("strengths") or ()),
            pieces=int(data.get("pieces") or 1),
            resolution=_dec_or_none(data.get("resolution")),
            concentration=_dec_or_none(data.get("concentration")),
        )


@dataclass(frozen=True)
class Portion:
    """One time-of-day portion: `amount` in the plan's unit, `measure` in the person's units."""

    amount: Decimal
    measure: Decimal  # tablets (e.g. 1.5), grams/mg on the scale, or ml
    measure_unit: str  # "tablet", "g", "mg" or "ml"
    label: str  # "1½ tablets (22.5 mg)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": _num(self.amount),
            "measure": _num(self.measure),
            "measure_unit": self.measure_unit,
            "label": self.label,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Portion:
        return cls(
            amount=_dec(data["amount"]),
            measure=_dec(data["measure"]),
            measure_unit=data["measure_unit"],
            label=data["label"],
        )


@dataclass(frozen=True)
class Step:
    """A run of days on one daily amount. `kind` is "stabilise", "taper", "hold" or "final"."""

    start: date
    days: int
    daily_amount: Decimal
    unit: str
    portions: tuple[Portion, ...]
    cut_percent: Decimal | None  # against the previous step; None for the first step
    units_needed: Decimal  # measurable units for the whole step (tablets, g, mg or ml)
    kind: str = "taper"

    @property
    def end(self) -> date:
        """Last day of the step (inclusive)."""
        return self.start + timedelta(days=self.days - 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "daily_amount": _num(self.daily_amount),
            "unit": self.unit,
            "portions": [p.to_dict() for p in self.portions],
            "cut_percent": _num(self.cut_percent),
            "units_needed": _num(self.units_needed),
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        return cls(
            start=date.fromisoformat(data["start"]),
            days=int(data["days"]),
            daily_amount=_dec(data["daily_amount"]),
            unit=data["unit"],
            portions=tuple(Portion.from_dict(p) for p in data["portions"]),
            cut_percent=_dec_or_none(data.get("cut_percent")),
            units_needed=_dec(data["units_needed"]),
            kind=data.get("kind", "taper"),
        )


@dataclass(frozen=True)
class Parameter:
    """A planning parameter a clinician can override, with where its default comes from."""

    name: str
    value: Any
    source: str

    def to_dict(self) -> dict[str, Any]:
        value = _num(self.value) if isinstance(self.value, Decimal) else self.value
        return {"name": self.name, "value": value, "source": self.source}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Parameter:
        return cls(name=data["name"], value=data["value"], source=data["source"])


@dataclass(frozen=True)
class Plan:
    """A whole taper. `end` is the last day on a dose; `first_free_day` the day after."""

    style: str
    form: DoseForm
    times_per_day: int
    steps: tuple[Step, ...]
    parameters: tuple[Parameter, ...] = ()
    warnings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    on_hand: Decimal | None = None  # measurable units the person has, if given
    extra: dict[str, Any] = field(default_factory=dict)  # planner-specific details (JSON-safe)

    @property
    def unit(self) -> str:
        return self.form.unit

    @property
    def start(self) -> date:
        return self.steps[0].start

    @property
    def end(self) -> date:
        return self.steps[-1].end

    @property
    def first_free_day(self) -> date:
        return self.end + timedelta(days=1)

    @property
    def units_needed(self) -> Decimal:
        return sum((s.units_needed for s in self.steps), Decimal(0))

    def step_on(self, day: date) -> Step | None:
        """The step that covers `day`, or None before the start or after the end."""
        i = self.step_index(day)
        return None if i is None else self.steps[i]

    def step_index(self, day: date) -> int | None:
        """The index in `steps` of the step that covers `day`, or None."""
        starts = self._ordered_starts
        if starts is not None:  # the usual plan: a binary search (reports ask for every day of years)
            i = bisect_right(starts, day) - 1
            return i if i >= 0 and day <= self.steps[i].end else None
        return next((i for i, step in enumerate(self.steps) if step.start <= day <= step.end), None)

    def next_change(self, day: date) -> Step | None:
        """The first step after `day` on a different daily amount (before the start: the first step).
        A hold or a pause splits a step in two on the same amount; that is not a change."""
        current = self.step_on(day)
        for step in self.steps:
            if step.start > day and (current is None or step.daily_amount != current.daily_amount):
                return step
        return None

    def amount_until(self, day: date) -> date | None:
        """The last day on `day`'s daily amount: the day before the next change, else the plan's end
        (None outside the plan). Every "until" a person reads comes from here, so it never ends a
        hold's amount before the next change does."""
        if self.step_on(day) is None:
            return None
        change = self.next_change(day)
        return self.end if change is None else change.start - timedelta(days=1)

    @cached_property
    def _ordered_starts(self) -> tuple[date, ...] | None:
        """Step starts when the steps are in order and do not overlap (else None: search in order)."""
        steps = self.steps
        if all(a.end < b.start for a, b in zip(steps, steps[1:], strict=False)):
            return tuple(step.start for step in steps)
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "style": self.style,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "first_free_day": self.first_free_day.isoformat(),
            "total_days": (self.end - self.start).days + 1,
            "unit": self.unit,
            "form": self.form.to_dict(),
            "times_per_day": self.times_per_day,
            "steps": [s.to_dict() for s in self.steps],
            "units_needed": _num(self.units_needed),
            "on_hand": _num(self.on_hand),
            "warnings": list(self.warnings),
            "parameters": [p.to_dict() for p in self.parameters],
            "sources": list(self.sources),
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        return cls(
            style=data["style"],
            form=DoseForm.from_dict(data["form"]),
            times_per_day=int(data["times_per_day"]),
            steps=tuple(Step.from_dict(s) for s in data["steps"]),
            parameters=tuple(Parameter.from_dict(p) for p in data.get("parameters", ())),
            warnings=tuple(data.get("warnings", ())),
            sources=tuple(data.get("sources", ())),
            on_hand=_dec_or_none(data.get("on_hand")),
            extra=dict(data.get("extra") or {}),
        )


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _dec_or_none(value: Any) -> Decimal | None:
    return None if value is None else _dec(value)


def _num(value: Decimal | None) -> float | int | None:
    """JSON number: an int when whole, else a float (exact for the planner's measurable amounts)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
