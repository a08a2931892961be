"""What the Reports page shows (counts, adherence, notes), read with aggregate queries.

`ReportData` (reports/data.py) loads every row, which the downloads need; the page needs only counts,
so it reads them here and costs the same at 5 years as at 1 month. `adherence` gives the same figures
as `ReportData.adherence()` (tests/reports/test_summary.py compares them on generated histories).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.reports.data import Adherence, NoteRow, magnesium_servings


@dataclass(frozen=True)
class ReportSummary:
    timezone: str
    today: date
    plan: Plan | None  # the plan as it stands now
    checkin_count: int
    notes: tuple[NoteRow, ...]  # the notes the person wrote for their clinician
    adherence: Adherence


@dataclass(frozen=True)
class Segment:
    """Days `first`..`last` (inclusive), all planned at `amount` a day."""

    first: date
    last: date
    amount: Decimal


def planned_segments(revisions: list[tuple[date, Plan]], until: date) -> list[Segment]:
    """`ReportData.planned_on` as runs of days up to `until`: each day follows the last revision made
    on or before it (the first revision before any was made), and that revision's step for the day.
    `revisions` are (day made, plan), in revision order."""
    if not revisions:
        return []
    # Days where the revision followed may change: when a later revision was made.
    cuts = sorted({made for made, _ in revisions[1:]})
    starts = [date.min, *cuts]
    out = []
    for i, start in enumerate(starts):
        end = min(cuts[i] - timedelta(days=1) if i < len(cuts) else date.max, until)
        chosen = 0
        for n, (made, _) in enumerate(revisions[1:], start=1):
            if made <= start:
                chosen = n
        for step in revisions[chosen][1].steps:
            first, last = max(step.start, start), min(step.end, end)
            if first <= last:
                out.append(Segment(first, last, step.daily_amount))
    return out


def adherence(
    session: Any, person_id: int, revisions: list[tuple[date, Plan]], magnesium: Any, today: date
) -> Adherence:
    """`ReportData.adherence()` from day totals the database sums (one small row a day, not every
    dose, check-in and magnesium serving as objects) and a count of magnesium servings."""
    from bisect import bisect_right

    from sqlalchemy import and_, func, or_, select

    from stepdown.storage import models as m
    from stepdown.storage.logs import dose_days

    yesterday = today - timedelta(days=1)  # today is not over yet
    segments = planned_segments(revisions, yesterday)
    if not segments:
        return Adherence(0, 0, 0, 0, 0, 0, 0)
    plan = revisions[-1][1]
    per_day = plan.times_per_day
    servings = len(magnesium_servings(magnesium))
    # ReportData counts every plan day up to today (the span), and days outside it with a dose logged.
    span_first = min(p.start for _, p in revisions)
    span_last = min(plan.end, yesterday)
    days = sum(_overlap(s, span_first, span_last) for s in segments)
    segments.sort(key=lambda s: s.first)
    firsts = [s.first for s in segments]
    logged = above = on_plan = 0
    for day, n, taken in dose_days(session, person_id, segments[0].first, segments[-1].last):
        i = bisect_right(firsts, day) - 1
        if i < 0 or day > segments[i].last:
            continue  # nothing planned that day
        days += not span_first <= day <= span_last
        logged += min(n, per_day)
        above += taken > segments[i].amount
        on_plan += taken <= segments[i].amount

    mg_logged = 0
    if servings:
        mg, dose = m.MagnesiumLog, m.DoseLog
        in_plan = or_(*(mg.day.between(a, b) for a, b in _ranges(segments)))
        dose_day = select(dose.day).where(dose.person_id == person_id, dose.day == mg.day).exists()
        counted = and_(in_plan, or_(mg.day.between(span_first, span_last), dose_day))
        mg_logged = session.scalar(
            select(func.count()).select_from(mg).where(mg.person_id == person_id, counted)
        ) or 0
    return Adherence(
        days=days,
        doses_planned=per_day * days,
        doses_logged=logged,
        days_above_plan=above,
        days_on_plan=on_plan,
        mg_servings_planned=servings * days,
        mg_servings_logged=min(mg_logged, servings * days),
    )


def _ranges(segments: list[Segment]) -> list[tuple[date, date]]:
    """The segments' days as few ranges (touching ones joined): a short WHERE for the database."""
    out: list[tuple[date, date]] = []
    for s in segments:
        if out and s.first <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], s.last))
        else:
            out.append((s.first, s.last))
    return out


def _overlap(segment: Segment, first: date, last: date) -> int:
    return max(0, (min(segment.last, last) - max(segment.first, first)).days + 1)


def summarise(engine: Any, person_id: int, *, now: datetime) -> ReportSummary:
    """The Reports page's figures in one read transaction."""
    from zoneinfo import ZoneInfo

    from sqlalchemy import func, select

    from stepdown.storage import models as m
    from stepdown.storage.db import read_scope

    with read_scope(engine) as session:
        person = session.get(m.Person, person_id)
        if person is None:
            raise InvalidInput(f"There is no person with id {person_id}.", field="person_id")
        today = now.astimezone(ZoneInfo(person.timezone or "UTC")).date()
        plan_id = session.scalar(
            select(m.Plan.id).where(m.Plan.person_id == person_id).order_by(m.Plan.id.desc()).limit(1)
        )
        revisions = []
        if plan_id is not None:
            rows = session.execute(
                select(m.PlanRevision.created_at, m.PlanRevision.plan)
                .where(m.PlanRevision.plan_id == plan_id)
                .order_by(m.PlanRevision.number)
            )
            revisions = [(_day(made), Plan.from_dict(plan)) for made, plan in rows]
        magnesium = session.scalars(
            select(m.MagnesiumPlan.plan)
            .where(m.MagnesiumPlan.person_id == person_id)
            .order_by(m.MagnesiumPlan.id.desc())
            .limit(1)
        ).first()
        checkins = session.scalar(
            select(func.count()).select_from(m.Checkin).where(m.Checkin.person_id == person_id)
        )
        notes = tuple(
            NoteRow(day=n.day, created_at=n.created_at, kind=n.kind, text=n.text)
            for n in session.scalars(
                select(m.Note)
                .where(m.Note.person_id == person_id, m.Note.kind == "clinician")
                .order_by(m.Note.created_at, m.Note.id)
            )
        )
        return ReportSummary(
            timezone=person.timezone,
            today=today,
            plan=revisions[-1][1] if revisions else None,
            checkin_count=checkins or 0,
            notes=notes,
            adherence=adherence(session, person_id, revisions, magnesium, today),
        )


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value
