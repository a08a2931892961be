"""Shared fixtures: real SQLite and real PostgreSQL, never mocks.

PostgreSQL runs at 127.0.0.1:5432 with trust auth. Several people run the suite on the same machine
at once, so every test session (and every xdist worker) makes its own throwaway databases named
`stepdown_t_<worker>_<unix time>_<random>` from the `postgres` maintenance database, and drops them
at the end; ones left by killed runs are dropped after 6 hours.
Set STEPDOWN_TEST_PG_URL to use another server (a URL to a database we may CREATE DATABASE from).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PG_CANDIDATES = (
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "postgresql+psycopg://root@127.0.0.1:5432/postgres",
)
BACK_ENDS = ("sqlite", "postgresql")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _admin_engine(url: str):  # noqa: ANN202
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """URL of the `postgres` maintenance database as a user that may create databases."""
    from sqlalchemy import text

    candidates = [os.environ["STEPDOWN_TEST_PG_URL"]] if os.environ.get("STEPDOWN_TEST_PG_URL") else []
    errors = []
    for url in [*candidates, *PG_CANDIDATES]:
        engine = _admin_engine(url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return url
        except Exception as exc:  # try the next user
            errors.append(f"{url}: {type(exc).__name__}")
        finally:
            engine.dispose()
    pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (" + "; ".join(errors) + ")")


@pytest.fixture(scope="session")
def make_pg_database(pg_admin_url: str) -> Iterator[Callable[[], str]]:
    """A factory: each call creates a fresh, empty PostgreSQL database and returns its URL."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    admin = _admin_engine(pg_admin_url)
    created: list[str] = []
    _drop_stale_databases(admin)

    def create() -> str:
        name = f"stepdown_t_{_worker()}_{int(time.time())}_{secrets.token_hex(3)}".lower()
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)

    yield create
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


STALE_AFTER_SECONDS = 6 * 3600


def _drop_stale_databases(admin) -> None:  # noqa: ANN001
    """Drop test databases left by runs that were killed before their teardown (the name carries its
    creation time). Databases still in use are left alone: DROP without FORCE refuses them."""
    from sqlalchemy import text

    with admin.connect() as conn:
        names = (
            conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE 'stepdown\\_t\\_%'"))
            .scalars()
            .all()
        )
        for name in names:
            parts = name.split("_")
            if len(parts) < 5 or not parts[3].isdigit():
                continue
            if time.time() - int(parts[3]) > STALE_AFTER_SECONDS:
                # Still in use by someone's run: not stale after all, leave it.
                with contextlib.suppress(Exception):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


@pytest.fixture(scope="session")
def pg_session_url(make_pg_database: Callable[[], str]) -> str:
    """One PostgreSQL database for this session and worker; tests empty its tables before use."""
    return make_pg_database()


def _empty_pg_tables(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            names = (
                conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'alembic_version'"
                    )
                )
                .scalars()
                .all()
            )
            if names:
                joined = ", ".join(f'"{n}"' for n in names)
                conn.execute(text(f"TRUNCATE {joined} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=BACK_ENDS, ids=BACK_ENDS)
def back_end(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        request.applymarker(pytest.mark.postgres)
    return request.param


@pytest.fixture
def db_url(back_end: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database URL with no rows in it: a new SQLite file, or the session's emptied PostgreSQL database."""
    if back_end == "sqlite":
        return f"sqlite:///{tmp_path / 'stepdown.db'}"
    url = request.getfixturevalue("pg_session_url")
    _empty_pg_tables(url)
    return url


@pytest.fixture
def engine(db_url: str):  # noqa: ANN201
    """A migrated engine on `db_url`."""
    from stepdown.storage.db import make_engine, upgrade

    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):  # noqa: ANN201
    """A session in one transaction, committed at the end of the test (rolled back on error)."""
    from stepdown.storage.db import session_scope

    with session_scope(engine) as s:
        yield s


def build_plan(start=None, amounts=(20, 16, 12, 8, 4), days=3, times=2):  # noqa: ANN001, ANN201
    """A small hand-made taper plan (mg, tablets of 2 mg, split in halves), for storage tests that
    must not depend on the planner's rules."""
    from datetime import date, timedelta
    from decimal import Decimal

    from stepdown.domain.plan import DoseForm, Plan, Portion, Step

    start = start or date(2026, 1, 5)
    form = DoseForm(kind="tablet", unit="mg", strengths=(Decimal(2),), pieces=2)
    steps = []
    previous = None
    for i, amount in enumerate(amounts):
        daily = Decimal(amount)
        each = daily / times
        portions = tuple(
            Portion(each, each / 2, "tablet", f"{each / 2} tablets ({each} mg)") for _ in range(times)
        )
        cut = None if previous is None else ((previous - daily) / previous * 100).quantize(Decimal("0.1"))
        steps.append(
            Step(
                start=start + timedelta(days=i * days),
                days=days,
                daily_amount=daily,
                unit="mg",
                portions=portions,
                cut_percent=cut,
                units_needed=daily / 2 * days,
                kind="taper" if i else "stabilise",
            )
        )
        previous = daily
    return Plan(style="short", form=form, times_per_day=times, steps=tuple(steps))


@pytest.fixture
def plan_factory():  # noqa: ANN201
    return build_plan


@pytest.fixture(autouse=True)
def _dates_read_in_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages name a day's year only outside the year they are read in; the tests' fixed dates are in
    2026, so they are read in 2026 whenever the suite runs (no test breaks on 1 January)."""
    monkeypatch.setattr("stepdown.formatting.this_year", lambda: 2026)
