"""Helpers for the report tests (imported as `report_helpers`; pytest puts this folder on sys.path)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from stepdown.domain.plan import DoseForm, Plan, Portion, Step


def make_test_plan(
    start: date = date(2026, 10, 26),
    amounts: tuple[int, ...] = (20, 16, 12, 8),
    days: tuple[int, ...] = (4, 4, 4, 4),
    times_per_day: int = 2,
) -> Plan:
    """A tablet plan of 5 mg tablets split in quarters; each step's amount split evenly over the day."""
    form = DoseForm(kind="tablet", unit="mg", strengths=(Decimal(5),), pieces=4)
    steps = []
    day = start
    previous: int | None = None
    for amount, length in zip(amounts, days, strict=True):
        each = Decimal(amount) / times_per_day
        tablets = each / 5
        portions = tuple(
            Portion(
                amount=each,
                measure=tablets,
                measure_unit="tablet",
                label=f"{tablets:g} tablets ({each:g} mg)",
            )
            for _ in range(times_per_day)
        )
        cut = None if previous is None else Decimal(100 * (previous - amount)) / previous
        steps.append(
            Step(
                start=day,
                days=length,
                daily_amount=Decimal(amount),
                unit="mg",
                portions=portions,
                cut_percent=cut,
                units_needed=tablets * times_per_day * length,
                kind="stabilise" if previous is None else "taper",
            )
        )
        day += timedelta(days=length)
        previous = amount
    return Plan(style="short", form=form, times_per_day=times_per_day, steps=tuple(steps))


def make_report_data(plan: Plan | None = None, *, name: str | None = None):  # noqa: ANN201
    """A fortnight of believable data: check-ins, doses (one lapse day), magnesium, a revision, notes."""
    from datetime import UTC, datetime

    from stepdown.domain.scales import SOWS16
    from stepdown.reports.data import (
        CheckinRow,
        DoseRow,
        EventRow,
        MagnesiumRow,
        NoteRow,
        ReportData,
        Revision,
    )

    plan = plan or make_test_plan(start=date(2026, 10, 26))
    created = datetime(2026, 10, 25, 18, 0, tzinfo=UTC)
    held = Plan.from_dict({**plan.to_dict(), "style": plan.style})
    revisions = (
        Revision(1, created, "initial", "First plan from the intake.", "person", plan),
        Revision(
            2,
            datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
            "hold",
            "Withdrawal score rose 3 days running.",
            "person",
            held,
            {"sows_total": [18, 21, 24]},
        ),
    )
    checkins = []
    doses = []
    mg = []
    for i in range(12):
        day = plan.start + timedelta(days=i)
        at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        answers = {item.id: (i + j) % 5 for j, item in enumerate(SOWS16.items, start=1)}
        checkins.append(
            CheckinRow(
                day,
                at,
                "sows16",
                answers,
                sum(answers.values()),
                craving=(i * 3) % 11,
                sleep_hours=Decimal("6.5") - Decimal(i % 3),
                sleep_quality=5 + i % 4,
                mood=6,
                note=None,
                red_flags=["seizure"] if i == 8 else [],
            )
        )
        step = plan.step_on(day)
        for portion in step.portions:
            extra = Decimal(4) if i == 5 else Decimal(0)
            doses.append(DoseRow(day, at, portion.amount, portion.amount + extra, "mg"))
        mg.append(MagnesiumRow(day, at, Decimal(100), "breakfast"))
    events = (
        EventRow(
            plan.start + timedelta(days=5),
            created,
            "lapse",
            {"amount": 8, "unit": "mg", "note": "bad night"},
            None,
        ),
        EventRow(plan.start + timedelta(days=8), created, "red_flag", {"flags": ["seizure"]}, created),
    )
    notes = (
        NoteRow(
            plan.start + timedelta(days=3), created, "clinician", "Can we talk about sleep at the visit?"
        ),
    )
    return ReportData(
        person_id=1,
        pseudonym="river",
        timezone="America/New_York",
        generated_at=datetime(2026, 11, 7, 15, 0, tzinfo=UTC),
        today=date(2026, 11, 7),
        plan_id=1,
        plan_status="active",
        revisions=revisions,
        magnesium={
            "form": "glycinate",
            "form_label": "magnesium glycinate",
            "daily_elemental_mg": 200,
            "servings": [
                {"meal": "breakfast", "elemental_mg": 100, "compound_mg": 714},
                {"meal": "dinner", "elemental_mg": 100, "compound_mg": 714},
            ],
        },
        checkins=tuple(checkins),
        doses=tuple(doses),
        magnesium_logs=tuple(mg),
        events=events,
        notes=notes,
        name=name,
    )


def store_report_data(engine, data) -> int:  # noqa: ANN001
    """Write a ReportData into the database through the ORM models; returns the person's id."""
    from datetime import UTC, datetime

    from stepdown.storage import models as m
    from stepdown.storage.db import session_scope

    t0 = datetime(2026, 10, 25, 17, 0, tzinfo=UTC)
    with session_scope(engine) as s:
        person = m.Person(pseudonym=data.pseudonym, timezone=data.timezone, created_at=t0)
        s.add(person)
        s.flush()
        pid = person.id
        s.add(m.PersonSetting(person_id=pid, key="units", value={"dose": "mg"}))
        plan = m.Plan(person_id=pid, status=data.plan_status, created_at=t0)
        s.add(plan)
        s.flush()
        for r in data.revisions:
            s.add(
                m.PlanRevision(
                    person_id=pid,
                    plan_id=plan.id,
                    number=r.number,
                    created_at=r.created_at,
                    kind=r.kind,
                    reason=r.reason,
                    trigger=r.trigger,
                    accepted_by=r.accepted_by,
                    plan=r.plan.to_dict(),
                )
            )
        s.add(m.MagnesiumPlan(person_id=pid, plan_id=plan.id, created_at=t0, plan=data.magnesium))
        for c in data.checkins:
            s.add(
                m.Checkin(
                    person_id=pid,
                    day=c.day,
                    created_at=c.created_at,
                    updated_at=c.created_at,
                    version=1,
                    scale=c.scale,
                    answers=c.answers,
                    total=c.total,
                    craving=c.craving,
                    sleep_hours=c.sleep_hours,
                    sleep_quality=c.sleep_quality,
                    mood=c.mood,
                    self_care={},
                    note=c.note,
                    red_flags=c.red_flags,
                    data={},
                )
            )
        for d in data.doses:
            s.add(
                m.DoseLog(
                    person_id=pid,
                    plan_id=plan.id,
                    day=d.day,
                    taken_at=d.taken_at,
                    planned_amount=d.planned_amount,
                    actual_amount=d.actual_amount,
                    unit=d.unit,
                )
            )
        for x in data.magnesium_logs:
            s.add(
                m.MagnesiumLog(
                    person_id=pid, day=x.day, taken_at=x.taken_at, elemental_mg=x.elemental_mg, meal=x.meal
                )
            )
        for e in data.events:
            s.add(
                m.Event(
                    person_id=pid,
                    created_at=e.created_at,
                    day=e.day,
                    kind=e.kind,
                    data=e.data,
                    acknowledged_at=e.acknowledged_at,
                )
            )
        for n in data.notes:
            s.add(m.Note(person_id=pid, created_at=n.created_at, day=n.day, kind=n.kind, text=n.text))
        s.add(
            m.Note(
                person_id=pid, created_at=t0, day=None, kind="personal", text="Private: not for the report."
            )
        )
    return pid


def json_sample(table: str, column: str, i: int) -> object:
    """A JSON value of the column's documented shape (reports/schema.py); awkward nested JSON elsewhere."""
    from stepdown.domain.intake import assess, make_intake
    from stepdown.domain.magnesium import MagnesiumRequest, plan_magnesium

    intake = make_intake(substance="7-oh-tablets", daily_amount="60", unit="mg", duration_days=150)
    shapes = {
        ("plan_revision", "plan"): lambda: make_test_plan().to_dict(),
        ("magnesium_plan", "plan"): lambda: plan_magnesium(
            MagnesiumRequest(form="glycinate", elemental_mg=Decimal(200))
        ).to_dict(),
        ("intake", "input"): intake.to_dict,
        ("intake", "assessment"): lambda: assess(intake).to_dict(),
        ("checkin", "answers"): lambda: {"anxious": i, "yawning": 0},
        ("checkin", "self_care"): lambda: {"water": True, "exercise": None},
        ("checkin", "red_flags"): lambda: ["seizure"] if i == 1 else [],
        ("craving", "triggers"): lambda: ["boredom", 'ünï, "q"'],
    }
    make = shapes.get((table, column))
    return make() if make else {"nested": [1, 2.5, 'ünï, "q"', None, True], "i": i}


def fill_every_table(engine, rows_per_table: int = 2) -> None:  # noqa: ANN001
    """Put awkward rows in EVERY table of the metadata, whoever added it: unicode, commas, quotes and
    new lines in text, exact decimals, microsecond UTC time stamps, nested JSON, nulls."""
    from datetime import UTC, datetime

    import sqlalchemy as sa

    from stepdown.reports.export import tables

    with engine.begin() as conn:
        for table in tables():  # every exportable table (server-only ones hold no person's data)
            rows = []
            for i in range(1, rows_per_table + 1):
                row = {}
                for col in table.columns:
                    kind = col.type
                    fks = list(col.foreign_keys)
                    if col.primary_key and isinstance(kind, sa.Integer):
                        value = i
                    elif fks:
                        value = None if (col.nullable and i == 2) else 1
                    elif col.nullable and i == 2:
                        value = None
                    elif isinstance(kind, sa.JSON):
                        value = json_sample(table.name, col.name, i)
                    elif isinstance(kind, sa.DateTime):
                        value = datetime(2026, 3, 8, 6, 59, 1, 123456 * i, tzinfo=UTC) + timedelta(days=i)
                    elif isinstance(kind, sa.Date):
                        value = date(2027, 3, 14) + timedelta(days=i)
                    elif isinstance(kind, sa.Boolean):
                        value = i % 2 == 0
                    elif isinstance(kind, sa.Numeric):
                        value = Decimal("12.3456") * i if (kind.scale or 0) >= 4 else Decimal("7.5") * i
                    elif isinstance(kind, sa.Integer):
                        value = 7 * i
                    else:
                        text = f'{table.name}.{col.name} {i}: ünïcødé ✓, "quoted"\nsecond line'
                        value = text[: kind.length] if getattr(kind, "length", None) else text
                    row[col.name] = value
                rows.append(row)
            conn.execute(table.insert(), rows)
        if conn.dialect.name == "postgresql":
            from stepdown.reports.import_ import _reset_sequences

            _reset_sequences(conn)
