"""Page views are reads: they never wait for, or take, SQLite's write lock; and routes that do
blocking database work run in the thread pool (plain `def`), not on the event loop."""

from __future__ import annotations

import importlib
import inspect
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from stepdown.services import onboarding, person
from stepdown.storage.db import make_engine, upgrade
from stepdown.web.app import ROUTE_MODULES, create_app

BASE = "http://127.0.0.1"
# Truly async: they read the upload on the loop and hand the blocking work to run_in_threadpool.
ASYNC_ROUTES = {"restore_backup", "import_export"}


def test_pages_load_while_another_writer_holds_the_write_lock(tmp_path: Path, plan_factory: Any) -> None:
    path = tmp_path / "web.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    me = person.get_or_create_local_person(engine, timezone="UTC")
    today = me.today()
    onboarding.start_taper(engine, me.id, plan=plan_factory(today - timedelta(days=10), days=5))
    # Wait at most 0.1 s for a lock, so a page that wanted the write lock fails at once.
    event.listen(engine, "connect", lambda conn, _record: conn.execute("PRAGMA busy_timeout=100"))
    engine.dispose()
    app = create_app(f"sqlite:///{path}")
    app.state.engine.dispose()
    app.state.engine = engine
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        client.get("/static/app.css")
        assert client.get("/").status_code == 200  # the first view may store new milestones
        writer = sqlite3.connect(path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            for page in ("/", "/checkin", "/progress", "/plan", "/toolkit"):
                response = client.get(page)
                assert response.status_code == 200, page
            token = client.cookies["stepdown_csrf"]
            with pytest.raises(OperationalError, match="locked"):  # a write does wait for the lock
                client.post("/red-flags/acknowledge", data={"csrf_token": token}, headers={"Origin": BASE})
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    engine.dispose()


def test_routes_that_touch_the_database_are_plain_functions() -> None:
    routes: list[Any] = [
        r for m in ROUTE_MODULES for r in importlib.import_module(m).router.routes if isinstance(r, APIRoute)
    ]
    assert len(routes) > 30
    coroutines = {r.endpoint.__name__ for r in routes if inspect.iscoroutinefunction(r.endpoint)}
    assert coroutines == ASYNC_ROUTES
