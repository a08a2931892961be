"""Read-only views the web pages need beyond services.today and services.status. No writes here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from stepdown.domain.plan import Plan as PlanData
from stepdown.services.common import current_plan
from stepdown.storage import checkins, logs, plans
from stepdown.storage.db import read_scope


def checkin_for_day(engine: Engine, person_id: int, day: date) -> dict[str, Any] | None:
    """The day's check-in as validated input (CheckinInput.to_dict()), or None."""
    with read_scope(engine) as session:
        row = checkins.get_checkin(session, person_id, day)
        return dict(row.data) if row is not None else None


def has_plan(engine: Engine, person_id: int) -> bool:
    with read_scope(engine) as session:
        return current_plan(session, person_id) is not None


@dataclass(frozen=True)
class RevisionView:
    number: int
    created_at: datetime
    kind: str
    reason: str
    trigger: dict[str, Any]
    accepted_by: str
    plan: PlanData


@dataclass(frozen=True)
class PlanHistory:
    plan_id: int
    revisions: tuple[RevisionView, ...]  # oldest first; the last is the plan in force
    taken: dict[date, Decimal]  # total amount taken per day
    magnesium: dict[str, Any] | None  # the latest MagnesiumPlan.to_dict()

    @property
    def current(self) -> RevisionView:
        return self.revisions[-1]

    @property
    def first(self) -> RevisionView:
        return self.revisions[0]


def plan_history(engine: Engine, person_id: int) -> PlanHistory | None:
    """The active plan with every revision (never overwritten) and the doses taken against it."""
    with read_scope(engine) as session:
        current = current_plan(session, person_id)
        if current is None:
            return None
        revisions = tuple(
            RevisionView(
                number=r.number,
                created_at=r.created_at,
                kind=r.kind,
                reason=r.reason,
                trigger=dict(r.trigger or {}),
                accepted_by=r.accepted_by,
                plan=PlanData.from_dict(r.plan),
            )
            for r in plans.revisions(session, current.row.id)
        )
        first_day = min(r.plan.start for r in revisions)
        last_day = max(r.plan.end for r in revisions)
        taken: dict[date, Decimal] = {}
        for dose in logs.doses_between(session, person_id, first_day, last_day):
            taken[dose.day] = taken.get(dose.day, Decimal(0)) + dose.actual_amount
        mg = plans.latest_magnesium_plan(session, person_id)
        return PlanHistory(current.row.id, revisions, taken, dict(mg.plan) if mg else None)


@dataclass(frozen=True)
class CheckinPoint:
    day: date
    scale: str
    total: int
    max_total: int
    craving: int | None
    sleep_hours: float | None
    sleep_quality: int | None
    mood: int | None
    red_flags: tuple[str, ...]


def checkin_series(engine: Engine, person_id: int) -> list[CheckinPoint]:
    """Every check-in, oldest first, for the progress charts."""
    with read_scope(engine) as session:
        rows = checkins.checkins(session, person_id)
        return [
            CheckinPoint(
                day=r.day,
                scale=r.scale,
                total=r.total,
                max_total=int((r.data or {}).get("max_total") or 0),
                craving=r.craving,
                sleep_hours=None if r.sleep_hours is None else float(r.sleep_hours),
                sleep_quality=r.sleep_quality,
                mood=r.mood,
                red_flags=tuple(r.red_flags or ()),
            )
            for r in rows
        ]


def latest_intake(engine: Engine, person_id: int) -> dict[str, Any] | None:
    """The latest intake answers (Intake.to_dict()), or None."""
    with read_scope(engine) as session:
        row = plans.latest_intake(session, person_id)
        return dict(row.input) if row is not None else None


def latest_magnesium(engine: Engine, person_id: int) -> dict[str, Any] | None:
    with read_scope(engine) as session:
        row = plans.latest_magnesium_plan(session, person_id)
        return dict(row.plan) if row is not None else None


def last_phq2_day(engine: Engine, person_id: int, before: date) -> date | None:
    """The latest day before `before` whose check-in answered the weekly PHQ-2, or None."""
    with read_scope(engine) as session:
        days = [
            c.day
            for c in checkins.checkins(session, person_id, last=before - timedelta(days=1))
            if (c.data or {}).get("phq2")
        ]
        return max(days) if days else None
