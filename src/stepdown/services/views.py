"""Read-only views the web pages need beyond services.today and services.status. No writes here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from stepdown.domain.plan import Plan as PlanData
from stepdown.services.common import current_plan
from stepdown.storage import checkins, logs, plans
from stepdown.storage.checkins import RULE_COLUMNS
from stepdown.storage.db import read_scope
from stepdown.storage.models import Checkin
from stepdown.taken import Taken, taken_by_day

# Progress and Plan show this many recent weeks day by day; older history as weekly averages, so the
# pages stay the same size however long the history (issue 11: at most 150 KB at 5 years).
DETAIL_WEEKS = 8


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
    taken: Taken  # the doses taken over the plan: recent days one by one, older weeks averaged
    magnesium: dict[str, Any] | None  # the latest MagnesiumPlan.to_dict()

    @property
    def current(self) -> RevisionView:
        return self.revisions[-1]

    @property
    def first(self) -> RevisionView:
        return self.revisions[0]


def plan_history(
    engine: Engine, person_id: int, *, today: date | None = None, detail_weeks: int = DETAIL_WEEKS
) -> PlanHistory | None:
    """The active plan with every revision (never overwritten) and the doses taken against it: with
    `today`, the last `detail_weeks` weeks day by day and older weeks averaged (else every day)."""
    with read_scope(engine) as session:
        current = current_plan(session, person_id)
        if current is None:
            return None
        from stepdown.messages.words import who
        from stepdown.storage.people import display_names

        rows = plans.revisions(session, current.row.id)
        names = display_names(session, [r.accepted_by for r in rows])
        revisions = tuple(
            RevisionView(
                number=r.number,
                created_at=r.created_at,
                kind=r.kind,
                reason=r.reason,
                trigger=dict(r.trigger or {}),
                accepted_by=who(r.accepted_by, names, person="you"),  # words, for the Plan page
                plan=PlanData.from_dict(r.plan),
            )
            for r in rows
        )
        first_day = min(r.plan.start for r in revisions)
        last_day = max(r.plan.end for r in revisions)
        detail_from = None if today is None else detail_start(today, detail_weeks)
        # Day totals summed by the database (one small row a day, not every dose as an ORM object).
        per_day = {day: total for day, _, total in logs.dose_days(session, person_id, first_day, last_day)}
        taken = taken_by_day(revisions[-1].plan, per_day, detail_from=detail_from)
        mg = plans.latest_magnesium_plan(session, person_id)
        return PlanHistory(current.row.id, revisions, taken, dict(mg.plan) if mg else None)


def detail_start(today: date, detail_weeks: int = DETAIL_WEEKS) -> date:
    """The Monday `detail_weeks` weeks back (this week included): pages show days from here."""
    return today - timedelta(days=today.weekday(), weeks=detail_weeks - 1)


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


_POINT_COLUMNS = (*RULE_COLUMNS, Checkin.mood)  # what the rules read, and the mood; read by name


def _point(r: Any) -> CheckinPoint:
    return CheckinPoint(
        day=r.day,
        scale=r.scale,
        total=r.total,
        max_total=int(r.max_total or 0),
        craving=r.craving,
        sleep_hours=None if r.sleep_hours is None else float(r.sleep_hours),
        sleep_quality=r.sleep_quality,
        mood=r.mood,
        red_flags=tuple(r.red_flags or ()),
    )


def checkin_series(engine: Engine, person_id: int, *, first: date | None = None) -> list[CheckinPoint]:
    """Every check-in (from `first`), oldest first: only the columns the charts use."""
    with read_scope(engine) as session:
        query = select(*_POINT_COLUMNS).where(Checkin.person_id == person_id)
        if first is not None:
            query = query.where(Checkin.day >= first)
        return [_point(r) for r in session.execute(query.order_by(Checkin.day))]



@dataclass(frozen=True)
class WeekPoint:
    """Averages over one week's check-ins (None where nothing was recorded)."""

    week: date  # its Monday
    checkins: int
    full: float | None  # symptom score on the full form (0-64)
    quick: float | None  # on the quick form (0-30)
    craving: float | None
    mood: float | None
    sleep_hours: float | None
    sleep_quality: float | None


@dataclass(frozen=True)
class ProgressSeries:
    count: int  # every check-in
    detail_from: date  # day by day from here; weekly averages before
    points: list[CheckinPoint]
    weeks: list[WeekPoint]


def progress_series(
    engine: Engine, person_id: int, today: date, *, detail_weeks: int = DETAIL_WEEKS
) -> ProgressSeries:
    """Recent weeks in full detail and older weeks averaged: the Progress page's data."""
    from sqlalchemy import func

    detail_from = detail_start(today, detail_weeks)
    with read_scope(engine) as session:
        mine = Checkin.person_id == person_id
        count = session.scalar(select(func.count()).select_from(Checkin).where(mine)) or 0
        recent = select(*_POINT_COLUMNS).where(mine, Checkin.day >= detail_from).order_by(Checkin.day)
        points = [_point(r) for r in session.execute(recent)]
        weeks = [_week(row) for row in session.execute(_weekly(session, mine, detail_from))]
    return ProgressSeries(count, detail_from, points, weeks)


_EPOCH_MONDAY = date(1970, 1, 5)


def _weekly(session: Any, mine: Any, before: date) -> Any:
    """Weekly averages of the check-ins before `before`, computed by the database (GROUP BY week)."""
    from sqlalchemy import case, func

    week = _week_number(session, Checkin.day).label("week")

    def avg(column: Any, **where: Any) -> Any:
        if "scale" in where:
            column = case((Checkin.scale == where["scale"], column))
        return func.avg(column)

    return (
        select(
            week,
            func.count().label("checkins"),
            avg(Checkin.total, scale="sows16").label("full"),
            avg(Checkin.total, scale="sows10").label("quick"),
            avg(Checkin.craving).label("craving"),
            avg(Checkin.mood).label("mood"),
            avg(Checkin.sleep_hours).label("sleep_hours"),
            avg(Checkin.sleep_quality).label("sleep_quality"),
        )
        .where(mine, Checkin.day < before)
        .group_by(week)
        .order_by(week)
    )


def _week_number(session: Any, day: Any) -> Any:
    """Whole weeks from a Monday to `day` (a date column), so GROUP BY it groups Monday-Sunday weeks."""
    from sqlalchemy import Integer, cast, func, literal

    if session.get_bind().dialect.name == "sqlite":
        days = func.julianday(day) - func.julianday(literal(_EPOCH_MONDAY.isoformat()))
        return cast(days / 7, Integer)
    return (day - literal(_EPOCH_MONDAY)) // 7  # PostgreSQL: date - date is a whole number of days


def _week(row: Any) -> WeekPoint:
    def mean(value: Any) -> float | None:
        return None if value is None else round(float(value), 1)

    return WeekPoint(
        week=_EPOCH_MONDAY + timedelta(weeks=int(row.week)),
        checkins=row.checkins,
        full=mean(row.full),
        quick=mean(row.quick),
        craving=mean(row.craving),
        mood=mean(row.mood),
        sleep_hours=mean(row.sleep_hours),
        sleep_quality=mean(row.sleep_quality),
    )


def current_plan_data(engine: Engine, person_id: int) -> PlanData | None:
    """The plan in force, or None (no revisions, no doses: cheap at any history length)."""
    with read_scope(engine) as session:
        current = current_plan(session, person_id)
        return current.plan if current else None


def latest_intake(engine: Engine, person_id: int) -> dict[str, Any] | None:
    """The latest intake answers (Intake.to_dict()), or None."""
    with read_scope(engine) as session:
        row = plans.latest_intake(session, person_id)
        return dict(row.input) if row is not None else None


def latest_magnesium(engine: Engine, person_id: int) -> dict[str, Any] | None:
    with read_scope(engine) as session:
        row = plans.latest_magnesium_plan(session, person_id)
        return dict(row.plan) if row is not None else None


def last_phq2_day(engine: Engine, person_id: int, before: date, *, since: date | None = None) -> date | None:
    """The latest day before `before` (and not before `since`) whose check-in answered the weekly
    PHQ-2, or None. Whether the PHQ-2 is due needs only the last interval: pass `since`, so the
    cost does not grow with history."""
    with read_scope(engine) as session:
        query = select(Checkin.day, Checkin.data).where(
            Checkin.person_id == person_id, Checkin.day < before
        )
        if since is not None:
            query = query.where(Checkin.day >= since)
        for day, data in session.execute(query.order_by(Checkin.day.desc())):
            if (data or {}).get("phq2"):
                return day
        return None
