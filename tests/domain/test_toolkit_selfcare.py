"""Self-care weeks beside symptom and craving scores."""

from __future__ import annotations

from datetime import date, timedelta

from stepdown.domain.checkin import SELF_CARE_ITEMS
from stepdown.domain.toolkit.selfcare import SelfCareDay, items_from, weekly

TODAY = date(2026, 3, 18)  # a Wednesday


def test_weeks_are_monday_to_sunday_ending_this_week() -> None:
    view = weekly([], today=TODAY, weeks=3)
    assert [w.week_start for w in view.weeks] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    assert view.findings[0].code == "not_enough"


def test_self_care_days_compared_with_cravings_and_symptoms() -> None:
    all_items = frozenset(SELF_CARE_ITEMS)
    days = []
    for i in range(8):
        good = i % 2 == 0
        days.append(
            SelfCareDay(
                date(2026, 3, 9) + timedelta(days=i),
                all_items if good else frozenset({"water"}),
                symptom_percent=20.0 if good else 40.0,
                craving=3 if good else 6,
            )
        )
    view = weekly(days, today=TODAY, weeks=2)
    first = view.weeks[0]
    assert (first.checkin_days, first.self_care_days) == (7, 4)
    assert first.item_days["water"] == 7 and first.item_days["exercise"] == 4
    texts = {f.code: f.text for f in view.findings}
    assert texts["craving"] == (
        "On days with 3 or more self-care items, cravings averaged 3/10, against 6/10 on other days."
    )
    assert "20%" in texts["symptoms"] and "40%" in texts["symptoms"]


def test_days_after_today_are_not_counted() -> None:
    day = SelfCareDay(TODAY + timedelta(days=1), frozenset(SELF_CARE_ITEMS))
    assert weekly([day], today=TODAY, weeks=1).weeks[0].checkin_days == 0


def test_items_from_stored_shapes_ignores_unknown_ids() -> None:
    assert items_from(["water", "nonsense"]) == {"water"}
    assert items_from({"water": True, "exercise": False}) == {"water"}
    assert items_from({"items": ["exercise"]}) == {"exercise"}
    assert items_from(None) == frozenset()


def test_weeks_before_the_first_record_are_left_out() -> None:
    since = TODAY - timedelta(days=3)
    starts = [w.week_start for w in weekly([], today=TODAY, weeks=8, since=since).weeks]
    assert starts and all(s + timedelta(days=6) >= since for s in starts)
    assert len(starts) <= 2
