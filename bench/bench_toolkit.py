"""Toolkit figures: pattern finding over a year of urges, and toolkit pages served in-process.

Run: .venv/bin/python bench/bench_toolkit.py   (prints numbers; no assertions)
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from stepdown.domain.toolkit.cravings import Craving, DayContext, find_patterns


def bench_patterns() -> None:
    rng = random.Random(7)
    start = datetime(2026, 1, 1)
    tags = ["stress", "boredom", "pain", "people", "places", "poor sleep", "payday"]
    urges = [
        Craving(
            rng.randint(0, 10),
            tuple(rng.sample(tags, rng.randint(0, 3))),
            rng.choice(["passed", "used"]),
            start + timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
        )
        for _ in range(10_000)
    ]
    days = [
        DayContext(
            date(2026, 1, 1) + timedelta(days=i), rng.uniform(3, 9), rng.uniform(0, 80), rng.randint(0, 10)
        )
        for i in range(365)
    ]
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        find_patterns(urges, days)
        runs.append(time.perf_counter() - t)
    print(f"find_patterns, 10000 urges + 365 check-in days: median {statistics.median(runs) * 1000:.1f} ms")


def bench_pages() -> None:
    from fastapi.testclient import TestClient

    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import onboarding, person
    from stepdown.services import toolkit as svc
    from stepdown.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(f"sqlite:///{Path(folder) / 'bench.db'}")
        engine = app.state.engine
        me = person.get_or_create_local_person(engine)
        form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
        plan = make_plan(
            PlanRequest(daily_amount=Decimal(30), form=form, start=me.today() - timedelta(days=30))
        )
        onboarding.start_taper(engine, me.id, plan=plan)
        for i in range(300):
            svc.log_craving(
                engine,
                me.id,
                {
                    "intensity": i % 11,
                    "triggers": ["stress"],
                    "outcome": "passed",
                    "at": (datetime.now() - timedelta(hours=i)).isoformat(timespec="minutes"),
                },
            )
        with TestClient(app, base_url="http://127.0.0.1:8765") as client:
            for path in (
                "/toolkit/cravings",
                "/toolkit/milestones",
                "/toolkit/breathe",
                "/toolkit/support/card",
            ):
                client.get(path)
                times = []
                for _ in range(30):
                    t = time.perf_counter()
                    r = client.get(path)
                    times.append(time.perf_counter() - t)
                times.sort()
                print(
                    f"GET {path}: p50 {times[15] * 1000:.1f} ms, p99~max {times[-1] * 1000:.1f} ms, "
                    f"{len(r.content)} bytes (300 urges logged)"
                )
        engine.dispose()


if __name__ == "__main__":
    bench_patterns()
    bench_pages()
