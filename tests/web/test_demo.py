"""The demo database: three weeks built through the real services, with a hold and an accepted slow-down."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

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
    assert len(history.taken) == DEMO_DAYS - 1
    # Opened again the next day it is kept; a week later it is rebuilt to stay current.
    assert ensure_demo_data(engine, today=TODAY + timedelta(days=1)) is None
    rebuilt = ensure_demo_data(engine, today=TODAY + timedelta(days=7))
    assert rebuilt is not None and rebuilt.start == TODAY + timedelta(days=7 - DEMO_DAYS + 1)
    engine.dispose()


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
    app.state.engine.dispose()
