"""Progress over a long history: recent weeks day by day, older weeks averaged by the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from stepdown.services.views import DETAIL_WEEKS, progress_series
from stepdown.storage import people
from stepdown.storage.db import session_scope
from stepdown.storage.models import Checkin

TODAY = date(2026, 6, 17)  # a Wednesday
NOW = datetime(2026, 6, 17, 12, 0)


def _add(session: Any, person_id: int, day: date, scale: str, total: int, craving: int | None) -> None:
    session.add(
        Checkin(
            person_id=person_id, day=day, created_at=NOW, updated_at=NOW, version=1, scale=scale, answers={},
            total=total, craving=craving, sleep_hours=Decimal("6.5"), sleep_quality=None, mood=5,
            self_care={}, note=None, red_flags=[], data={"max_total": 64 if scale == "sows16" else 30},
        )
    )  # fmt: skip


def test_recent_weeks_in_full_older_weeks_as_averages(engine: Any) -> None:
    with session_scope(engine) as s:
        pid = people.create_person(s, pseudonym="p", timezone="UTC", now=NOW).id
        for i in range(200):  # every day for 200 days, up to yesterday
            day = TODAY - timedelta(days=200 - i)
            _add(s, pid, day, "sows16" if i % 2 else "sows10", i % 10, None if i % 3 == 0 else 4)
    series = progress_series(engine, pid, TODAY)
    assert series.count == 200
    assert series.detail_from.weekday() == 0 and series.detail_from <= TODAY - timedelta(
        weeks=DETAIL_WEEKS - 1
    )
    assert [p.day for p in series.points] == [
        series.detail_from + timedelta(days=n) for n in range((TODAY - series.detail_from).days)
    ]
    assert sum(w.checkins for w in series.weeks) + len(series.points) == 200
    for week in series.weeks:
        assert week.week.weekday() == 0 and week.week < series.detail_from
    # One full week, checked by hand against the rows above.
    week = series.weeks[5]
    days = [week.week + timedelta(days=n) for n in range(7)]
    index = {TODAY - timedelta(days=200 - i): i for i in range(200)}
    full = [index[d] % 10 for d in days if index[d] % 2]
    quick = [index[d] % 10 for d in days if not index[d] % 2]
    cravings = [4 for d in days if index[d] % 3]
    assert week.checkins == 7
    assert week.full == round(sum(full) / len(full), 1) and week.quick == round(sum(quick) / len(quick), 1)
    assert (
        week.craving == (4.0 if cravings else None) and week.sleep_hours == 6.5 and week.sleep_quality is None
    )


def test_a_short_history_has_no_weekly_part(engine: Any) -> None:
    with session_scope(engine) as s:
        pid = people.create_person(s, pseudonym="p", timezone="UTC", now=NOW).id
        for i in range(10):
            _add(s, pid, TODAY - timedelta(days=i), "sows16", 5, 3)
    series = progress_series(engine, pid, TODAY)
    assert series.count == 10 and len(series.points) == 10 and series.weeks == []
