"""The demo database: three weeks built through the real services, with a hold and an accepted slow-down."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from stepdown.services.demo import DEMO_DAYS, ensure_demo_data
from stepdown.services.views import checkin_series, plan_history
from stepdown.storage.db import make_engine, upgrade

TODAY = date(2026, 11, 26)


def test_demo_has_three_weeks_with_a_hold_and_an_accepted_slowdown(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    upgrade(engine)
    summary = ensure_demo_data(engine, today=TODAY)
    assert summary is not None
    assert summary.start == TODAY - timedelta(days=DEMO_DAYS - 1)
    assert "hold" in summary.accepted and "slow" in summary.accepted
    history = plan_history(engine, summary.person_id)
    kinds = [r.kind for r in history.revisions]
    assert kinds[0] == "initial" and "hold" in kinds and "slow" in kinds
    # Every revision has its reason and the data that triggered it; none makes the plan faster.
    from stepdown.domain.adapt import is_no_faster

    for before, after in zip(history.revisions, history.revisions[1:], strict=False):
        assert after.reason and after.trigger.get("proposal_id")
        assert is_no_faster(before.plan, after.plan, after.created_at.date())
    series = checkin_series(engine, summary.person_id)
    assert len(series) == DEMO_DAYS - 1 and series[-1].day == TODAY - timedelta(days=1)
    assert max(p.total for p in series) > 3 * min(p.total for p in series)  # a real hard patch
    assert history.taken.logged == len(history.taken.days) == DEMO_DAYS - 1
    _assert_toolkit_data(engine, summary.person_id)
    # Opened again the next day it is kept; a week later it is rebuilt to stay current.
    assert ensure_demo_data(engine, today=TODAY + timedelta(days=1)) is None
    rebuilt = ensure_demo_data(engine, today=TODAY + timedelta(days=7))
    assert rebuilt is not None and rebuilt.start == TODAY + timedelta(days=7 - DEMO_DAYS + 1)
    # The rebuild starts from nothing: the toolkit data is there once, not twice.
    _assert_toolkit_data(engine, rebuilt.person_id, today=TODAY + timedelta(days=7))
    engine.dispose()


def _assert_toolkit_data(engine: Engine, person_id: int, *, today: date = TODAY) -> None:
    """Urges with triggers (enough for the patterns to say something), a support network with a
    therapist, a distraction list and a note for the clinician, all inside the demo's three weeks."""
    from stepdown.services import notes, toolkit

    support = toolkit.support_view(engine, person_id)
    assert [c["is_therapist"] for c in support["contacts"]] == [False, True]
    groups = [g["name"] for g in support["groups"]]
    assert "Narcotics Anonymous" in groups and "SMART Recovery" in groups and len(groups) == 3
    assert len(support["distractions"]) >= 3 and support["suggested_distractions"] == []
    cravings = toolkit.list_cravings(engine, person_id)
    first_day = today - timedelta(days=DEMO_DAYS - 1)
    assert len(cravings) >= 5 and all(c["triggers"] for c in cravings)
    assert all(first_day <= date.fromisoformat(c["at"][:10]) < today for c in cravings)
    patterns = toolkit.craving_patterns(engine, person_id, now=datetime.combine(today, time(12), UTC))
    codes = {f["code"] for f in patterns["findings"]}
    assert {"top_trigger", "time_of_day", "sleep"} <= codes
    [note] = notes.clinician_notes(engine, person_id)
    assert note.text and first_day <= note.day < today


def test_demo_app_shows_the_banner_and_living_pages(tmp_path: Path) -> None:
    from stepdown.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'demo.db'}", demo=True)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        today = client.get("/")
        assert today.status_code == 200 and "Demo: this is example data" in today.text
        plan = client.get("/plan").text
        assert "Version 4" in plan or "Version 5" in plan
        assert "slowed down" in plan and "Version 2: hold" in plan
        assert client.get("/progress").text.count('role="img"') == 3
        cravings = client.get("/toolkit/cravings").text
        assert "Your most common trigger is" in cravings and "Urges come most often in the" in cravings
        support = client.get("/toolkit/support").text
        assert "Sam" in support and "therapist / counsellor" in support
    app.state.engine.dispose()
