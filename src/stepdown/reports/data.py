"""Everything a report needs about one person, read from storage into plain frozen data.

The PDF, the FHIR bundle and the web's Reports page all start from `ReportData`, so they show the
same facts. Reading is one read-only pass over the person's rows; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.reports.rows import (  # re-exported: callers import the rows from here too
    Adherence,
    CheckinRow,
    DayDose,
    DoseChange,
    DoseRow,
    EventRow,
    LapseRow,
    MagnesiumRow,
    NoteRow,
    Revision,
)
from stepdown.services.red_flags import notice_kind


@dataclass(frozen=True)
class ReportData:
    person_id: int
    pseudonym: str
    timezone: str
    generated_at: datetime
    today: date
    plan_id: int | None
    plan_status: str | None
    revisions: tuple[Revision, ...]
    magnesium: dict[str, Any] | None
    checkins: tuple[CheckinRow, ...]
    doses: tuple[DoseRow, ...]
    magnesium_logs: tuple[MagnesiumRow, ...]
    events: tuple[EventRow, ...]
    notes: tuple[NoteRow, ...]  # notes the person wrote for their clinician
    name: str | None = None  # shown only when the person asks (--name); pseudonymous by default
    lapse_log: tuple[LapseRow, ...] = ()  # rows of the toolkit's lapse table
    # The intake behind the plan: {"input": ..., "assessment": Assessment.to_dict()} (or None).
    intake: dict[str, Any] | None = None

    def dose_changes(self) -> tuple[DoseChange, ...]:
        """Doses corrected or removed after they were logged, from their events (CORRECTION_KINDS)."""
        out = []
        for e in self.events:
            kind = CORRECTION_KINDS.get(e.kind)
            if kind is None:
                continue
            before = e.data.get("before") or {}
            after = e.data.get("after") or {}
            was = before.get("actual")
            now = None if kind == "removed" else after.get("actual")
            out.append(
                DoseChange(
                    day=_event_day(e.data.get("dose_day") or before.get("day"), e.day),
                    kind=kind,
                    was=None if was is None else Decimal(str(was)),
                    now=None if now is None else Decimal(str(now)),
                    unit=str(before.get("unit") or (self.plan.unit if self.plan else "")),
                    reason=str(e.data.get("reason") or ""),
                )
            )
        return tuple(out)

    def far_above_plan(self) -> list[DayDose]:
        """Days whose logged total is far above the plan: over FAR_ABOVE_FACTOR times the day's plan,
        or back above the plan's starting dose after a cut (a typo, or a lapse the tolerance warning
        is about). Today counts too; days outside the plan are judged against its starting dose."""
        plan = self.plan
        if plan is None:
            return []
        first = self.revisions[0].plan
        start = self.plan_start or first.steps[0].daily_amount
        out = []
        for row in self.daily_doses():
            if not row.logged:
                continue
            planned = row.planned
            if planned is None:  # before the start: the usual dose; after the end: none
                planned = start if row.day < first.start else Decimal(0)
            if row.taken > planned * FAR_ABOVE_FACTOR or (row.taken > start and planned < start):
                out.append(row)
        return out

    @property
    def plan_start(self) -> Decimal | None:
        """The plan's start, as status and the dose log name it (domain.toolkit.lapse.plan_start)."""
        from stepdown.domain.toolkit.lapse import plan_start

        return plan_start((r.plan, r.trigger) for r in self.revisions)

    @property
    def plan(self) -> Plan | None:
        """The plan as it stands now (the newest revision)."""
        return self.revisions[-1].plan if self.revisions else None

    def all_lapses(self) -> tuple[LapseRow, ...]:
        """Lapses from the lapse log, plus lapse events on days the log does not already cover."""
        logged_days = {lp.day for lp in self.lapse_log}
        from_events = []
        for e in self.events:
            if e.kind != "lapse" or e.day in logged_days:
                continue
            amount = e.data.get("amount")
            unit = e.data.get("unit") or ""
            text = "" if amount is None else f"{_num_text(amount)} {unit}".strip()
            from_events.append(LapseRow(e.day, text, str(e.data.get("note") or e.data.get("led_to") or "")))
        return tuple(sorted((*self.lapse_log, *from_events), key=lambda lp: lp.day))

    @property
    def red_flags(self) -> tuple[tuple[date, str], ...]:
        """Every red-flag ANSWER, from check-ins and red_flag events, once per day and flag, by day.

        A seek-care notice for symptoms that stay strong is not a red flag (no question was answered
        yes): it is counted apart, in `seek_care_notices`. An event without a flag id adds no row."""
        seen: dict[tuple[date, str], None] = {}
        for c in self.checkins:
            for flag in c.red_flags:
                name = _flag_name(flag)
                if name:
                    seen[(c.day, name)] = None
        for e in self.events:
            if e.kind != "red_flag" or e.data.get("source") == "symptoms":
                # A seek-care that came from an earlier red-flag answer is listed from that answer.
                continue
            for flag in e.data.get("flags") or [e.data.get("flag") or e.data.get("id")]:
                name = _flag_name(flag) if flag else ""
                if name:
                    seen[(e.day, name)] = None
        return tuple(sorted(seen))

    @property
    def seek_care_notices(self) -> tuple[date, ...]:
        """Days the rules advised seeing a clinician because symptoms stayed strong (no red flag)."""
        days = {
            e.day
            for e in self.events
            if e.kind == "red_flag"
            and e.data.get("source") == "symptoms"
            and notice_kind(e.data) == "seek_care"
        }
        return tuple(sorted(days))

    def planned_on(self, day: date) -> Decimal | None:
        """The daily amount planned for `day` by the revision the person was following then."""
        chosen = None
        for rev in self.revisions:
            if chosen is None or _as_date(rev.created_at) <= day:
                chosen = rev
        if chosen is None:
            return None
        step = chosen.plan.step_on(day)
        return None if step is None else step.daily_amount

    def daily_doses(self) -> list[DayDose]:
        """Planned against taken, for every plan day up to today (and any logged day outside it)."""
        taken: dict[date, Decimal] = {}
        count: dict[date, int] = {}
        for d in self.doses:
            taken[d.day] = taken.get(d.day, Decimal(0)) + d.actual_amount
            count[d.day] = count.get(d.day, 0) + 1
        days = set(taken)
        plan = self.plan
        if plan is not None:
            first = min(r.plan.start for r in self.revisions)
            last = min(plan.end, self.today)
            days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
        return [
            DayDose(day=d, planned=self.planned_on(d), taken=taken.get(d, Decimal(0)), logged=count.get(d, 0))
            for d in sorted(days)
        ]

    def adherence(self) -> Adherence:
        plan = self.plan
        per_day = plan.times_per_day if plan else 0
        servings = len(magnesium_servings(self.magnesium))
        # Today is not over yet, so adherence counts the days before it.
        rows = [r for r in self.daily_doses() if r.planned is not None and r.day < self.today]
        plan_days = {r.day for r in rows}
        mg_logged = sum(1 for m in self.magnesium_logs if m.day in plan_days)
        return Adherence(
            days=len(rows),
            doses_planned=per_day * len(rows),
            doses_logged=sum(min(r.logged, per_day) for r in rows),
            days_above_plan=sum(1 for r in rows if r.planned is not None and r.taken > r.planned),
            days_on_plan=sum(1 for r in rows if r.planned is not None and r.logged and r.taken <= r.planned),
            mg_servings_planned=servings * len(rows),
            mg_servings_logged=min(mg_logged, servings * len(rows)),
        )


# The adaptive rules' "seek care" for symptoms that stay strong is stored as a red_flag event with
# source "symptoms" and no triage flags (services.checkins); the report names it with this id.
STRONG_SYMPTOMS = "strong_symptoms"

# A day's doses this many times the day's plan (or above the plan's starting dose) are called out
# on page 1: a typo (mg for g, an extra zero) or a lapse the clinician should ask about.
FAR_ABOVE_FACTOR = Decimal(2)

# Corrections of logged doses (the daily loop's correct/remove, services/dose_changes.py), kept as
# events: "dose_corrected" {"dose_id", "dose_day", "before": dose, "after": dose, "reason"} and
# "dose_removed" {"dose_id", "dose_day", "before": dose, "reason"}, a dose being {"id", "day",
# "actual", "unit", ...}. The dose row holds the amount after the change (or is gone); the event
# keeps what was first logged, so the report shows the dose as corrected, never silently changed.
CORRECTION_KINDS = {"dose_corrected": "corrected", "dose_removed": "removed"}


def _event_day(value: Any, default: date) -> date:
    try:
        return date.fromisoformat(str(value)) if value else default
    except ValueError:
        return default


def _flag_name(flag: Any) -> str:
    """A flag's id (stepdown.domain.triage.RED_FLAGS), whether stored as an id or as a dict."""
    if isinstance(flag, dict):
        return str(flag.get("id") or flag.get("code") or flag.get("question") or "")
    return str(flag or "")


def magnesium_compound(plan: dict[str, Any] | None) -> str:
    """The product's name in a stored magnesium plan (MagnesiumPlan.to_dict()), e.g. "magnesium glycinate"."""
    plan = plan or {}
    return str(plan.get("form_label") or plan.get("compound") or plan.get("form") or "magnesium")


def magnesium_servings(plan: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The servings to take; none when the magnesium plan is blocked (e.g. kidney disease)."""
    if not plan or plan.get("blocked"):
        return []
    return list(plan.get("servings") or [])


def _num_text(value: Any) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _as_date(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def gather(
    session: Any,
    person_id: int,
    *,
    now: datetime,
    today: date | None = None,
    name: str | None = None,
) -> ReportData:
    """Read one person's report data. `now` is when the report is made; `today` their local day."""
    from sqlalchemy import select

    from stepdown.storage import models as m

    person = session.get(m.Person, person_id)
    if person is None:
        raise InvalidInput(f"There is no person with id {person_id}.", field="person_id")
    if today is None:
        from zoneinfo import ZoneInfo

        today = now.astimezone(ZoneInfo(person.timezone or "UTC")).date()

    def rows(model: Any, *order: Any) -> Iterable[Any]:
        return session.scalars(select(model).where(model.person_id == person_id).order_by(*order, model.id))

    plan_row = session.scalars(
        select(m.Plan).where(m.Plan.person_id == person_id).order_by(m.Plan.id.desc()).limit(1)
    ).first()
    revisions: tuple[Revision, ...] = ()
    magnesium = None
    if plan_row is not None:
        from stepdown.messages.words import who
        from stepdown.storage.people import display_names

        stored = list(
            session.scalars(
                select(m.PlanRevision)
                .where(m.PlanRevision.plan_id == plan_row.id)
                .order_by(m.PlanRevision.number)
            )
        )
        names = display_names(session, [r.accepted_by for r in stored])
        revisions = tuple(
            Revision(
                number=r.number,
                created_at=r.created_at,
                kind=r.kind,
                reason=r.reason,
                accepted_by=who(r.accepted_by, names),  # words: "Dr Lee (clinician)", "the person"
                plan=Plan.from_dict(r.plan),
                trigger=dict(r.trigger or {}),
            )
            for r in stored
        )
    lapse_log: list[LapseRow] = []
    lapse_table = m.Base.metadata.tables.get("lapse")  # the toolkit's table, when installed
    if lapse_table is not None:
        from zoneinfo import ZoneInfo

        local = ZoneInfo(person.timezone or "UTC")
        for row in session.execute(
            select(lapse_table).where(lapse_table.c.person_id == person_id).order_by(lapse_table.c.at)
        ).mappings():
            at = row["at"] if row["at"].tzinfo else row["at"].replace(tzinfo=UTC)
            amount = f"{_num_text(row['amount'])} {row['unit']}" if row.get("amount") is not None else ""
            note = " ".join(str(row.get(k) or "") for k in ("led_to", "note")).strip()
            lapse_log.append(LapseRow(at.astimezone(local).date(), amount, note))
    mg_row = session.scalars(
        select(m.MagnesiumPlan)
        .where(m.MagnesiumPlan.person_id == person_id)
        .order_by(m.MagnesiumPlan.id.desc())
    ).first()
    if mg_row is not None:
        magnesium = dict(mg_row.plan)
    intake = None
    if plan_row is not None and plan_row.intake_id is not None:
        intake_row = session.get(m.Intake, plan_row.intake_id)
        if intake_row is not None:
            intake = {"input": dict(intake_row.input or {}), "assessment": dict(intake_row.assessment or {})}

    return ReportData(
        person_id=person.id,
        pseudonym=person.pseudonym,
        timezone=person.timezone,
        generated_at=now,
        today=today,
        plan_id=None if plan_row is None else plan_row.id,
        plan_status=None if plan_row is None else plan_row.status,
        revisions=revisions,
        magnesium=magnesium,
        checkins=tuple(
            CheckinRow(
                day=c.day,
                created_at=c.created_at,
                scale=c.scale,
                answers=dict(c.answers or {}),
                total=c.total,
                craving=c.craving,
                sleep_hours=c.sleep_hours,
                sleep_quality=c.sleep_quality,
                mood=c.mood,
                note=c.note,
                red_flags=list(c.red_flags or []),
            )
            for c in rows(m.Checkin, m.Checkin.day)
        ),
        doses=tuple(
            DoseRow(
                day=d.day,
                taken_at=d.taken_at,
                planned_amount=d.planned_amount,
                actual_amount=d.actual_amount,
                unit=d.unit,
                id=d.id,
            )
            for d in rows(m.DoseLog, m.DoseLog.day, m.DoseLog.taken_at)
        ),
        magnesium_logs=tuple(
            MagnesiumRow(day=x.day, taken_at=x.taken_at, elemental_mg=x.elemental_mg, meal=x.meal)
            for x in rows(m.MagnesiumLog, m.MagnesiumLog.day, m.MagnesiumLog.taken_at)
        ),
        events=tuple(
            EventRow(
                day=e.day,
                created_at=e.created_at,
                kind=e.kind,
                data=dict(e.data or {}),
                acknowledged_at=e.acknowledged_at,
            )
            for e in rows(m.Event, m.Event.day, m.Event.created_at)
        ),
        notes=tuple(
            NoteRow(day=n.day, created_at=n.created_at, kind=n.kind, text=n.text)
            for n in session.scalars(
                select(m.Note)
                .where(m.Note.person_id == person_id, m.Note.kind == "clinician")
                .order_by(m.Note.created_at, m.Note.id)
            )
        ),
        name=name,
        lapse_log=tuple(lapse_log),
        intake=intake,
    )


def load(engine: Any, person_id: int, *, now: datetime, name: str | None = None) -> ReportData:
    """`gather` in one read transaction (used by the CLI and the web app)."""
    from stepdown.storage.db import read_scope

    with read_scope(engine) as session:
        return gather(session, person_id, now=now, name=name)
