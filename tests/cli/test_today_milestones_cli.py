"""`stepdown today` celebrates newly reached milestones once, after any red flags."""

from __future__ import annotations

import json
from datetime import date, timedelta

from cli_helpers import INIT

from stepdown.messages.toolkit import CELEBRATE

TODAY = date.today()
def _onboarded_on_the_start_day(db_url: str) -> None:
    """As if `init` had run on the start day: those days were lived with stepdown."""
    from datetime import UTC, datetime

    from sqlalchemy import update

    from stepdown.storage.db import make_engine, session_scope
    from stepdown.storage.models import Plan

    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            s.execute(update(Plan).values(created_at=datetime.now(UTC) - timedelta(days=5)))
    finally:
        engine.dispose()


def test_a_past_start_celebrates_no_step_that_was_not_lived(run) -> None:
    assert run(*INIT)[0] == 0
    code, out, _ = run("today")
    assert code == 0 and CELEBRATE not in out


def test_today_celebrates_each_milestone_once_after_the_red_flags(run, db_url) -> None:
    assert run(*INIT)[0] == 0
    _onboarded_on_the_start_day(db_url)
    # Looking at another day does not use up the celebration.
    code, out, _ = run("today", "--day", (TODAY - timedelta(days=1)).isoformat())
    assert code == 0 and CELEBRATE not in out
    code, _, _ = run("checkin", "--answers", ",".join(["1"] * 16), "--red-flag", "chest_pain")
    assert code == 0

    code, out, _ = run("today")
    assert code == 0 and out.startswith("!!!")  # red flags first
    assert out.rindex("!!!") < out.index(CELEBRATE)
    assert "You completed the step at 40 mg a day." in out  # the three days before the first cut

    code, out, _ = run("today")
    assert code == 0 and out.startswith("!!!") and CELEBRATE not in out
    code, out, _ = run("today", "--json")
    assert code == 0 and json.loads(out)["milestones"] == []
    # The Toolkit's milestones command lists it, already celebrated.
    code, out, _ = run("milestones", "--json")
    data = json.loads(out)
    assert data["celebrate"] == [] and any("40 mg" in m["text"] for m in data["milestones"])


# 20 mg of powder on the short style from 7 days ago: a 14-day plan whose calendar middle is today.
HALFWAY_INIT = (
    "init", "--amount", "20", "--unit", "mg", "--form", "powder", "--resolution", "0.1", "--times", "2",
    "--duration-days", "20", "--start", (TODAY - timedelta(days=7)).isoformat(), "--yes",
)  # fmt: skip


def test_entering_a_plan_on_its_calendar_middle_celebrates_no_halfway(run) -> None:
    from stepdown.messages.toolkit import MILESTONE_HALFWAY

    assert run(*HALFWAY_INIT)[0] == 0
    code, out, _ = run("today")
    assert code == 0 and "day 8 of 14" in out  # the calendar alone would say halfway today
    assert MILESTONE_HALFWAY not in out and CELEBRATE not in out
    code, out, _ = run("milestones", "--json")
    assert json.loads(out)["milestones"] == []


def test_a_past_day_logged_later_counts_as_lived(run) -> None:
    assert run(*INIT)[0] == 0
    assert run("take", "dose", "--day", (TODAY - timedelta(days=5)).isoformat())[0] == 0
    code, out, _ = run("milestones", "--json")
    assert [m["text"] for m in json.loads(out)["milestones"]] == ["You completed the step at 40 mg a day."]
