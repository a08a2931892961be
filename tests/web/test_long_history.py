"""The person's pages over five years of history (issue 11): bounded in what they draw, the same in
what they mean. Sizes and counts only; speed figures are in bench/bench_long_history.py."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from stepdown.services import onboarding, person
from stepdown.storage.db import make_engine, session_scope, upgrade
from stepdown.storage.models import Checkin, DoseLog, MagnesiumLog, MagnesiumPlan

DAYS = 5 * 365


def _five_years(url: str, build_plan: Any) -> Any:
    """Five years of daily check-ins, two doses a day (three now and then: above the plan) and
    magnesium, on a 120-step plan; returns the plan."""
    engine = make_engine(url)
    upgrade(engine)
    me = person.get_or_create_local_person(engine, timezone="UTC")
    first = me.today() - timedelta(days=DAYS)
    plan = build_plan(first, amounts=tuple(range(240, 0, -2)), days=16)  # 120 steps, 1920 days
    onboarding.start_taper(engine, me.id, plan=plan)
    with session_scope(engine) as s:
        servings = [{"meal": meal, "elemental_mg": 100} for meal in ("breakfast", "dinner")]
        s.add(MagnesiumPlan(person_id=me.id, created_at=datetime.now(UTC), plan={"servings": servings}))
        for i in range(DAYS):
            day = first + timedelta(days=i)
            at = datetime.combine(day, time(9), UTC)
            s.add(
                Checkin(
                    person_id=me.id, day=day, created_at=at, updated_at=at, version=1, scale="sows16",
                    answers={}, total=i % 40, craving=i % 11, sleep_hours=Decimal("6.5"), sleep_quality=6,
                    mood=5, self_care={}, note=None, red_flags=[], data={"max_total": 64},
                )
            )  # fmt: skip
            each = plan.step_on(day).daily_amount / 2
            for amount in (each, each, each)[: 3 if i % 5 == 0 else 2]:
                s.add(DoseLog(person_id=me.id, day=day, taken_at=at, actual_amount=amount, unit="mg"))
            if i % 4:
                s.add(MagnesiumLog(person_id=me.id, day=day, taken_at=at, elemental_mg=Decimal(100)))
    engine.dispose()
    return plan


def test_five_years_of_history(tmp_path: Path, plan_factory: Any) -> None:
    from stepdown.reports.data import load
    from stepdown.reports.summary import summarise
    from stepdown.web.app import create_app

    url = f"sqlite:///{tmp_path / 'stepdown.db'}"
    plan = _five_years(url, plan_factory)
    app = create_app(url)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        # Plan: the last weeks day by day, older weeks averaged, and saying so; the step table whole.
        html = client.get("/plan").text
        dots = re.findall(r"<circle [^>]*><title>[^<]* taken</title>", html)
        assert 0 < len(dots) <= 8 * 7  # was one a day: 1825
        assert "drawn as weekly averages" in html and "Weekly average" in html
        assert "1,825 days logged" in html  # the text alternative still counts every day
        steps = re.search(r'<table class="steps">.*?</table>', html, re.S)
        assert steps is not None and steps.group(0).count("<tr") == 1 + len(plan.steps)

        # Reports: the figures the full load gives, without it.
        now = datetime.now(UTC)
        full = load(app.state.engine, 1, now=now)
        summary = summarise(app.state.engine, 1, now=now)
        assert summary.adherence == full.adherence()
        assert summary.adherence.days_above_plan > 300 and summary.adherence.mg_servings_logged > 1000
        html = client.get("/reports").text
        assert f"Covers {full.adherence().days} plan days, {DAYS} check-ins." in html

        # Progress: bounded in size.
        response = client.get("/progress")
        assert response.status_code == 200 and len(response.content) <= 150 * 1024
        assert "Earlier weeks" in response.text
    app.state.engine.dispose()
