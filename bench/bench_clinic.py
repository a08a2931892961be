"""A synthetic clinic in PostgreSQL, and the clinician's "needs attention" query on it.

Builds a throw-away database through the project's own migrations, fills it with COPY (people,
accounts, links, plans, proposals, lapses and one check-in per person per day), runs ANALYZE, then
prints EXPLAIN (ANALYZE, BUFFERS) and the median time of the whole list for a clinician with 200
people and for an admin over everyone.

SUPPLY_SHARE of the people have a planner-made plan that tracks supply (on_hand in the first
revision, as start_taper stores it), the doses of every day since it started in dose_log (one per
portion; some days missed, some over) and for some a refill event, so some run out soon.

Run: .venv/bin/python bench/bench_clinic.py [--people 10000] [--days 365] [--keep] [--db NAME]
     (STEPDOWN_BENCH_PG_URL: a PostgreSQL URL we may CREATE DATABASE from; default local postgres;
     --db NAME keeps the built database under NAME and reuses it when run again with the same size)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

ADMIN_URL = os.environ.get("STEPDOWN_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
LINKED = 200
PLAN = {"style": "gradual", "steps": [], "note": "bench"}
SUPPLY_SHARE = 0.3
BUILD = "bench_clinic v2"  # the database comment; a kept database built by another version is rebuilt


def supply_plans(rng: random.Random, days: int) -> Callable[[], Any]:
    """A maker of planner-made plans that track supply, started up to 180 days ago and not ended."""
    from decimal import Decimal

    from stepdown.domain.planner import PlanRequest, make_form, make_plan

    choices = [
        (make_form("powder", "mg", resolution="1"), "gradual", (30, 60, 90)),
        (make_form("liquid", "mg", resolution="0.1", concentration="5"), "gradual", (30, 60, 90)),
        (make_form("liquid", "mg", resolution="0.1", concentration="5"), "slow", (30, 60, 90)),
        (make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4), "short", (60, 90)),
    ]
    cache: dict[tuple[int, int, int], Any] = {}

    def make() -> Any:
        index = rng.randrange(len(choices))
        form, style, amounts = choices[index]
        amount = rng.choice(amounts)
        span = {"short": 14, "gradual": 130}.get(style, 180)
        ago = rng.randint(0, min(span, days - 1))
        key = (index, amount, ago)
        if key not in cache:
            cache[key] = make_plan(
                PlanRequest(
                    daily_amount=Decimal(amount),
                    form=form,
                    start=TODAY - timedelta(days=ago),
                    style=style,
                    times_per_day=2,
                    on_hand=Decimal(1),  # replaced per person below
                )
            )
        return cache[key]

    return make


def build(url: str, people: int, days: int) -> dict[str, int]:  # noqa: C901, PLR0912, PLR0915
    from sqlalchemy import create_engine

    from stepdown.storage.db import upgrade

    upgrade(url)
    engine = create_engine(url)
    rng = random.Random(7)
    make_supply_plan = supply_plans(rng, days)
    tracked: dict[int, Any] = {}
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        t0 = time.perf_counter()
        with cur.copy("COPY person (id, pseudonym, timezone, created_at) FROM STDIN") as copy:
            for pid in range(1, people + 1):
                copy.write_row((pid, f"p{pid:05d}", "UTC", NOW))
        with cur.copy(
            "COPY account (id, username, display_name, password_hash, role, person_id, created_at) FROM STDIN"
        ) as copy:
            copy.write_row((1, "admin", "Admin", "x", "admin", None, NOW))
            for c in range(2, 2 + people // LINKED):  # one clinician per 200 people
                copy.write_row((c, f"dr{c}", f"Dr {c}", "x", "clinician", None, NOW))
        with cur.copy("COPY care_link (person_id, clinician_id, created_at) FROM STDIN") as copy:
            for pid in range(1, people + 1):
                copy.write_row((pid, 2 + (pid - 1) // LINKED, NOW))
        with cur.copy("COPY plan (id, person_id, status, created_at) FROM STDIN") as copy:
            for pid in range(1, people + 1):
                copy.write_row((pid, pid, "active", NOW))
        with cur.copy(
            'COPY plan_revision (person_id, plan_id, number, created_at, kind, reason, "trigger", '
            "accepted_by, plan) FROM STDIN"
        ) as copy:
            for pid in range(1, people + 1):
                trigger = {}
                plan = PLAN
                if rng.random() < SUPPLY_SHARE:
                    made = make_supply_plan()
                    needed = sum((s.units_needed for s in made.steps), Decimal(0))
                    on_hand = (needed * Decimal(rng.randint(40, 130)) / 100).quantize(Decimal(1))
                    tracked[pid] = replace(made, on_hand=on_hand)
                    plan = tracked[pid].to_dict()
                if rng.random() < 0.02:
                    trigger = {
                        "against_advice": {
                            "recommended_style": "gradual",
                            "chosen_style": "short",
                            "reason": "bench",
                        }
                    }
                copy.write_row(
                    (pid, pid, 1, NOW, "initial", "start", json.dumps(trigger), "person", json.dumps(plan))
                )
        with cur.copy(
            'COPY proposal (person_id, plan_id, created_at, day, kind, explanation, "trigger", status) '
            "FROM STDIN"
        ) as copy:
            for pid in range(1, people + 1):
                if rng.random() < 0.3:  # most proposals were decided long ago
                    status = "pending" if rng.random() < 0.03 else "accepted"
                    copy.write_row((pid, pid, NOW, TODAY, "hold", "bench", "{}", status))
        with cur.copy("COPY lapse (person_id, at, amount, unit, reflection, created_at) FROM STDIN") as copy:
            for pid in range(1, people + 1):
                for _ in range(rng.randint(0, 3)):
                    at = NOW - timedelta(days=rng.randint(0, days))
                    copy.write_row((pid, at, 5, "mg", "{}", at))
        doses = 0
        with cur.copy(
            "COPY dose_log (person_id, plan_id, day, taken_at, planned_amount, actual_amount, unit) "
            "FROM STDIN"
        ) as copy:
            for pid, plan in tracked.items():
                day = plan.start
                while day <= TODAY:
                    step = plan.step_on(day)
                    if step is None or (day == TODAY and rng.random() < 0.5) or rng.random() < 0.05:
                        day += timedelta(days=1)
                        continue
                    over = Decimal(2) if rng.random() < 0.03 else Decimal(1)
                    for portion in step.portions:
                        taken = datetime.combine(day, datetime.min.time(), UTC)
                        amount = portion.amount
                        copy.write_row((pid, pid, day, taken, amount, amount * over, plan.form.unit))
                        doses += 1
                    day += timedelta(days=1)
        with cur.copy("COPY event (person_id, created_at, day, kind, data) FROM STDIN") as copy:
            for pid, plan in tracked.items():
                if rng.random() < 0.3:
                    units = (plan.on_hand * Decimal("0.4")).quantize(Decimal(1))
                    data = {"plan_id": pid, "units": str(units), "unit": "units", "note": None}
                    day = TODAY - timedelta(days=rng.randint(0, 30))
                    copy.write_row((pid, NOW, day, "refill", json.dumps(data)))
        rows = 0
        with cur.copy(
            "COPY checkin (person_id, day, created_at, updated_at, version, scale, answers, total, "
            "self_care, red_flags, data) FROM STDIN"
        ) as copy:
            for pid in range(1, people + 1):
                quiet = rng.random() < 0.05  # stopped checking in 3 days ago
                base = rng.randint(5, 25)
                for ago in range(days - 1, 2 if quiet else -1, -1):
                    day = TODAY - timedelta(days=ago)
                    flags = '["chest_pain"]' if rng.random() < 0.003 else "[]"
                    total = max(0, min(64, base + rng.randint(-4, 4)))
                    copy.write_row((pid, day, NOW, NOW, 1, "SOWS16", "{}", total, "{}", flags, "{}"))
                    rows += 1
        raw.commit()
        load_s = time.perf_counter() - t0
        for table in (
            "person",
            "plan",
            "plan_revision",
            "proposal",
            "lapse",
            "checkin",
            "care_link",
            "account",
            "dose_log",
            "event",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        raw.commit()
        raw.driver_connection.autocommit = True
        cur.execute("VACUUM ANALYZE")
        return {"checkins": rows, "doses": doses, "tracked": len(tracked), "load_s": int(load_s)}
    finally:
        raw.close()
        engine.dispose()


def _median_ms(run: Callable[[], Any], times: int = 7) -> tuple[float, float]:
    spent = []
    for _ in range(times):
        t0 = time.perf_counter()
        run()
        spent.append((time.perf_counter() - t0) * 1000)
    return statistics.median(spent), min(spent)


def _explain(conn: Any, sql: Any, params: dict[str, Any]) -> list[str]:
    from sqlalchemy import bindparam, text

    sql = text("EXPLAIN (ANALYZE, BUFFERS) " + getattr(sql, "element", sql).text)
    if ":extra" in sql.text:
        sql = sql.bindparams(bindparam("extra", expanding=True))
    return [row[0] for row in conn.execute(sql, params)]


def measure(url: str) -> None:
    from stepdown.storage.db import make_engine

    engine = make_engine(url)
    try:
        measure_one(engine, f"clinician with {LINKED} people", 2)
        measure_one(engine, "admin over everyone", None)
    finally:
        engine.dispose()


def measure_one(engine: Any, label: str, clinician: int | None) -> None:
    """The whole list's median time, each statement's, and their EXPLAIN ANALYZE."""
    from sqlalchemy import text

    from stepdown.domain.adapt import Thresholds
    from stepdown.services import attention as att
    from stepdown.services.attention_supply import running_out, tracked_statement

    params = att._params(TODAY, Thresholds())
    if clinician is not None:
        params["clinician"] = clinician
    people = att.PEOPLE_ALL if clinician is None else att.PEOPLE_OF_CLINICIAN
    against = text(att.AGAINST_ADVICE.format(people=people, given=att.AGAINST_GIVEN["postgresql"]))
    with engine.connect() as conn:
        conn.execute(text("SET LOCAL jit = off"))  # as needs_attention does
        due = running_out(conn, people, params, TODAY)
        params["extra"] = sorted({*due, *(row[0] for row in conn.execute(against, params))})
        sql = att.statement(clinician_id=clinician)
        parts = {
            "figures": _median_ms(lambda: conn.execute(sql, params).all()),
            "against advice": _median_ms(lambda: conn.execute(against, params).all()),
            "supply": _median_ms(lambda: running_out(conn, people, params, TODAY)),
        }
        plans = {
            "figures": _explain(conn, sql, params),
            "against advice": _explain(conn, against, params),
            "supply (tracked plans)": _explain(conn, tracked_statement(people, "postgresql"), params),
        }
    listed = []
    median, least = _median_ms(
        lambda: listed.append(len(att.needs_attention(engine, clinician_id=clinician, today=TODAY)))
    )
    print(
        f"\n=== needs attention, {label}: median {median:.1f} ms (min {least:.1f}) for the whole "
        f"list, {listed[-1]} people listed ({len(due)} with supply running out) ==="
    )
    print("parts, median (min) ms: " + ", ".join(f"{k} {m:.1f} ({n:.1f})" for k, (m, n) in parts.items()))
    for name, lines in plans.items():
        print(f"--- EXPLAIN ANALYZE, {name}:")
        print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--db", help="build into this database once and reuse it on the next runs")
    args = parser.parse_args()

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = args.db or f"stepdown_bench_{os.getpid()}"
    built_as = f"{BUILD} people={args.people} days={args.days}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(
            text("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :n"),
            {"n": name},
        ).first()
        reuse = found is not None and found[0] == built_as
        if found is not None and not reuse:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if not reuse:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        if reuse:
            from stepdown.storage.db import upgrade

            upgrade(url)  # a kept database gets this branch's new migrations
            print(f"synthetic clinic: reusing database {name} ({built_as})")
        else:
            facts = build(url, args.people, args.days)
            with admin.connect() as conn:
                conn.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{built_as}'"))
            print(
                f"synthetic clinic: {args.people} people x {args.days} days = {facts['checkins']} check-ins, "
                f"{facts['tracked']} plans tracking supply with {facts['doses']} doses logged, "
                f"loaded by COPY in {facts['load_s']} s (database {name})"
            )
        measure(url)
    finally:
        if not (args.keep or args.db):
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
