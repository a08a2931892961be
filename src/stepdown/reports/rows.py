"""The plain frozen rows a report is made of (one person's plan revisions, check-ins, doses, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from stepdown.domain.plan import Plan


@dataclass(frozen=True)
class Revision:
    number: int
    created_at: datetime
    kind: str
    reason: str
    accepted_by: str
    plan: Plan
    trigger: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckinRow:
    day: date
    created_at: datetime
    scale: str
    answers: dict[str, Any]
    total: int
    craving: int | None
    sleep_hours: Decimal | None
    sleep_quality: int | None
    mood: int | None
    note: str | None
    red_flags: list[Any]


@dataclass(frozen=True)
class DoseRow:
    day: date
    taken_at: datetime
    planned_amount: Decimal | None
    actual_amount: Decimal
    unit: str
    id: int | None = None


@dataclass(frozen=True)
class DoseChange:
    """A logged dose the person corrected or removed later (the history is kept, see CORRECTION_KINDS)."""

    day: date
    kind: str  # "corrected" or "removed"
    was: Decimal | None  # the amount first logged
    now: Decimal | None  # the amount after the correction (None: removed)
    unit: str
    reason: str


@dataclass(frozen=True)
class MagnesiumRow:
    day: date
    taken_at: datetime
    elemental_mg: Decimal
    meal: str | None


@dataclass(frozen=True)
class EventRow:
    day: date
    created_at: datetime
    kind: str
    data: dict[str, Any]
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class LapseRow:
    """A lapse: from the toolkit's lapse log, or an event of kind "lapse"."""

    day: date
    amount: str  # "8 mg", or "" when not given
    note: str


@dataclass(frozen=True)
class NoteRow:
    day: date | None
    created_at: datetime
    kind: str
    text: str


@dataclass(frozen=True)
class DayDose:
    """Planned and taken amounts on one day (None: no plan that day / nothing logged)."""

    day: date
    planned: Decimal | None
    taken: Decimal
    logged: int  # dose entries that day


@dataclass(frozen=True)
class Adherence:
    days: int  # plan days up to the report day
    doses_planned: int
    doses_logged: int
    days_above_plan: int  # days where more was taken than planned (lapses, or a missed cut)
    days_on_plan: int  # days within the planned amount
    mg_servings_planned: int
    mg_servings_logged: int

    @property
    def dose_percent(self) -> int | None:
        return None if not self.doses_planned else round(100 * self.doses_logged / self.doses_planned)

    @property
    def mg_percent(self) -> int | None:
        if not self.mg_servings_planned:
            return None
        return round(100 * self.mg_servings_logged / self.mg_servings_planned)
