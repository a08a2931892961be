"""The Plan page's doses over years: the database's sums equal the day-by-day figures they replace."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from stepdown.services import onboarding
from stepdown.services.views import DETAIL_WEEKS, detail_start, plan_history
from stepdown.storage.db import session_scope
from stepdown.storage.models import DoseLog
from stepdown.taken import taken_by_day

START = date(2024, 1, 3)  # a Wednesday


def _history(engine: Any, me: Any, build_plan: Any, seed: int) -> dict[date, Decimal]:
    """A 40-step plan over 800 days, doses of odd decimal amounts, missed days, doses outside the plan
    (not drawn); returns the day totals inside the plan."""
    rng = random.Random(seed)
    plan = build_plan(START, amounts=tuple(range(80, 0, -2)), days=20)
    onboarding.start_taper(engine, me.id, plan=plan)
    totals: dict[date, Decimal] = {}
    with session_scope(engine) as s:
        for offset in range(-5, 810):
            day = START + timedelta(days=offset)
            if rng.random() < 0.2:
                continue
            for _ in range(rng.choice((1, 2, 2, 3))):
                amount = Decimal(rng.randint(1, 600)) / 10
                at = datetime.combine(day, time(8), UTC)
                s.add(DoseLog(person_id=me.id, day=day, taken_at=at, actual_amount=amount, unit="mg"))
                if plan.start <= day <= plan.end:
                    totals[day] = totals.get(day, Decimal(0)) + amount
    return totals


def test_plan_history_sums_equal_the_day_by_day_figures(engine: Any, me: Any, plan_factory: Any) -> None:
    totals = _history(engine, me, plan_factory, seed=3)
    today = START + timedelta(days=812)  # after the last dose logged
    history = plan_history(engine, me.id, today=today)
    assert history is not None
    plan = history.current.plan
    expected = taken_by_day(plan, totals, detail_from=detail_start(today))
    taken = history.taken
    assert taken.detail_from == detail_start(today) and taken.detail_from.weekday() == 0
    assert dict(taken.days) == expected.days and len(taken.days) <= 7 * DETAIL_WEEKS
    assert (taken.logged, taken.first, taken.last) == (expected.logged, expected.first, expected.last)
    assert taken.per_step == expected.per_step  # the step table: days, sums and days above, exactly
    assert [w for w, _ in taken.weeks] == [w for w, _ in expected.weeks] and len(taken.weeks) > 90
    for (_, got), (_, want) in zip(taken.weeks, expected.weeks, strict=True):
        assert abs(got - want) <= Decimal("0.01")  # a float average may round the other way


def test_without_today_every_day_is_kept(engine: Any, me: Any, plan_factory: Any) -> None:
    totals = _history(engine, me, plan_factory, seed=4)
    history = plan_history(engine, me.id)
    assert history is not None
    assert dict(history.taken.days) == totals and history.taken.weeks == ()
    assert history.taken == taken_by_day(history.current.plan, totals)
