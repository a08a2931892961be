"""Time the daily loop's services on SQLite and (if reachable) PostgreSQL. Prints figures.

    .venv/bin/python bench/bench_daily.py [--checkins 60]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import build_plan  # noqa: E402  (the hand-made test plan)
from sqlalchemy import create_engine, text  # noqa: E402

from stepdown.services import checkins, onboarding, person, status, today  # noqa: E402
from stepdown.storage.db import make_engine, upgrade  # noqa: E402

START = date(2026, 1, 1)


def run(url: str, n: int) -> None:
    engine = make_engine(url)
    t0 = time.perf_counter()
    upgrade(engine)
    migrate = time.perf_counter() - t0
    me = person.get_or_create_local_person(engine, timezone="UTC")
    plan = build_plan(START, amounts=tuple(range(40, 0, -2)), days=4)
    onboarding.start_taper(engine, me.id, plan=plan)
    timings = []
    for i in range(n):
        day = START + timedelta(days=i)
        raw = {"day": day.isoformat(), "scale": "sows16", "answers": [i % 3] * 16, "craving": 4}
        t = time.perf_counter()
        checkins.record_checkin(engine, me.id, raw, today=day)
        timings.append(time.perf_counter() - t)
    last = START + timedelta(days=n - 1)
    t = time.perf_counter()
    today.today_view(engine, me.id, last)
    view_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    status.status_view(engine, me.id, day=last, days=n)
    status_ms = (time.perf_counter() - t) * 1000
    engine.dispose()
    print(
        f"{url.split(':')[0]:<20} migrate {migrate * 1000:7.1f} ms | record_checkin median "
        f"{statistics.median(timings) * 1000:6.1f} ms, max {max(timings) * 1000:6.1f} ms ({n} check-ins) | "
        f"today_view {view_ms:6.1f} ms | status_view {status_ms:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkins", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.db", args.checkins)
    admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    name = f"stepdown_bench_{secrets.token_hex(4)}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server: SQLite figures only
        print(f"PostgreSQL skipped: {type(exc).__name__}")
        return
    try:
        run(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", args.checkins)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
