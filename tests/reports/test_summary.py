"""The Reports page's figures by aggregate queries (reports/summary.py) equal what the full load gives."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from report_helpers import make_report_data, make_test_plan, store_report_data

from stepdown.reports.data import DoseRow, MagnesiumRow, Revision, load
from stepdown.reports.summary import planned_segments, summarise


def _history(seed: int):  # noqa: ANN202
    """A generated history: revisions made on random days (one before the plan starts), doses of odd
    decimal amounts, missed days, extra doses, doses before and after the plan, magnesium anywhere."""
    rng = random.Random(seed)
    start = date(2025, 1, 6)
    first = make_test_plan(start=start, amounts=(40, 30, 24, 16, 8), days=(30, 45, 60, 30, 40))
    slower = make_test_plan(
        start=start + timedelta(days=rng.randint(20, 90)), amounts=(30, 26, 20, 12, 6, 2), days=(50,) * 6
    )
    revisions = [Revision(1, datetime(2025, 1, 1, 9, tzinfo=UTC), "initial", "intake", "person", first)]
    for number, plan in ((2, slower), (3, replace(slower, times_per_day=3))):
        made = start + timedelta(days=rng.randint(-3, 200))
        revisions.append(Revision(number, datetime.combine(made, time(20), UTC), "slow", "r", "person", plan))
    doses, mg = [], []
    for offset in range(-10, 420):
        day = start + timedelta(days=offset)
        at = datetime.combine(day, time(9), UTC)
        if rng.random() < 0.15:
            continue  # a day without any log
        for _ in range(rng.choice((1, 2, 2, 2, 3))):
            amount = Decimal(rng.randint(1, 250)) / 10  # 0.1 .. 25.0 mg
            doses.append(DoseRow(day, at, None, amount, "mg"))
        for _ in range(rng.choice((0, 1, 2, 3))):
            mg.append(MagnesiumRow(day, at, Decimal(100), "breakfast"))
    base = make_report_data()
    now = datetime.combine(start + timedelta(days=rng.randint(5, 430)), time(15), UTC)
    return replace(
        base,
        revisions=tuple(revisions),
        doses=tuple(doses),
        magnesium_logs=tuple(mg),
        generated_at=now,
        today=now.date(),
        timezone="UTC",
    )


@pytest.mark.parametrize("seed", range(6))
def test_adherence_by_aggregates_equals_the_full_load(engine, seed: int) -> None:
    data = _history(seed)
    person = store_report_data(engine, data)
    full = load(engine, person, now=data.generated_at)
    summary = summarise(engine, person, now=data.generated_at)
    assert full.adherence().days > 0
    assert summary.adherence == full.adherence()
    assert summary.checkin_count == len(full.checkins)
    assert summary.notes == full.notes
    assert (summary.today, summary.timezone, summary.plan) == (full.today, full.timezone, full.plan)


def test_planned_segments_follow_planned_on_day_by_day() -> None:
    data = _history(7)
    revisions = [(r.created_at.date(), r.plan) for r in data.revisions]
    until = date(2026, 6, 1)
    by_day = {}
    for s in planned_segments(revisions, until):
        for i in range((s.last - s.first).days + 1):
            day = s.first + timedelta(days=i)
            assert day not in by_day, "segments overlap"
            by_day[day] = s.amount
    day = date(2024, 12, 1)
    while day <= until:
        assert by_day.get(day) == data.planned_on(day), day
        day += timedelta(days=1)


def test_no_plan_gives_no_adherence(engine) -> None:
    data = replace(make_report_data(), revisions=())
    person = store_report_data(engine, data)
    summary = summarise(engine, person, now=data.generated_at)
    assert summary.plan is None
    assert summary.adherence == load(engine, person, now=data.generated_at).adherence()
    assert summary.adherence.days == 0


def test_edge_days_count_as_in_the_full_load(engine) -> None:
    """Doses that add up to the plan exactly (0.1 + 0.2 mg on a 0.3 mg day: a float sum is above it),
    and days past the current plan's end that still follow an earlier revision (the newest one was
    made after its own plan ended), with doses and magnesium on them."""
    start = date(2025, 3, 3)
    longer = make_test_plan(start=start, amounts=(Decimal("0.6"), Decimal("0.3")), days=(10, 30))
    shorter = make_test_plan(start=start, amounts=(Decimal("0.6"), Decimal("0.3")), days=(10, 10))
    made = [datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 30, tzinfo=UTC)]  # shorter ends 22 Mar
    revisions = (
        Revision(1, made[0], "initial", "intake", "person", longer),
        Revision(2, made[1], "slow", "r", "person", shorter),
    )
    doses, mg = [], []
    for offset in range(0, 45, 2):  # every other day: a logged day past the end counts only with its doses
        day = start + timedelta(days=offset)
        at = datetime.combine(day, time(9), UTC)
        doses += [DoseRow(day, at, None, Decimal("0.1"), "mg"), DoseRow(day, at, None, Decimal("0.2"), "mg")]
        mg += [MagnesiumRow(d, at, Decimal(100), None) for d in (day, day + timedelta(days=1))]
    now = datetime(2025, 4, 20, 12, tzinfo=UTC)
    data = replace(
        make_report_data(), revisions=revisions, doses=tuple(doses), magnesium_logs=tuple(mg),
        generated_at=now, today=now.date(), timezone="UTC",
    )  # fmt: skip
    person = store_report_data(engine, data)
    full = load(engine, person, now=now).adherence()
    assert full.days_on_plan > 0 and full.days > (shorter.end - start).days + 1  # the edges are there
    assert summarise(engine, person, now=now).adherence == full
