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
        answers = {f"q{j}": (i + j) % 5 for j in range(1, 17)}
        checkins.append(
            CheckinRow(
                day,
                at,
                "SOWS16",
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
            "compound": "magnesium glycinate",
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
