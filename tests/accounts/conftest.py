"""Clinic-server fixtures: the real app with accounts=True on real SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from clinic_helpers import BASE, PASSWORD, accept, invite, sign_in
from fastapi.testclient import TestClient


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with the smallest cost: the machine is shared, and the cost is not what these
    tests check (test_accounts_service.py checks the real one)."""
    from argon2 import PasswordHasher

    from stepdown.services import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", None)


@pytest.fixture
def clinic_app(db_url: str):  # noqa: ANN201
    from stepdown.web.app import create_app

    app = create_app(db_url, accounts=True, allowed_hosts=("clinic.example",))
    yield app
    app.state.engine.dispose()


@pytest.fixture
def new_client(clinic_app) -> Iterator[Callable[[], TestClient]]:
    """new_client(): a fresh browser (own cookies) on the clinic server."""
    clients: list[TestClient] = []

    def make() -> TestClient:
        c = TestClient(clinic_app, base_url=BASE, follow_redirects=False)
        c.__enter__()
        c.get("/login")  # receive the CSRF cookie
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def people(clinic_app, new_client):  # noqa: ANN201
    """An admin, two clinicians (lee, kim), and two people (ann linked to lee, bob linked to nobody),
    each signed in on their own client. Returns {name: (client, AccountInfo)}."""
    from stepdown.services.accounts import create_account, find_account

    engine = clinic_app.state.engine
    create_account(engine, username="root", password=PASSWORD, role="admin")
    admin = new_client()
    assert sign_in(admin, "root").status_code == 303
    out = {"admin": admin}
    for name in ("lee", "kim"):
        c = new_client()
        r = accept(c, invite(admin, "clinician"), name, display_name=f"Dr {name.title()}")
        assert r.status_code == 303
        out[name] = c
    ann = new_client()
    assert accept(ann, invite(out["lee"], "person"), "ann", timezone="UTC").status_code == 303
    bob = new_client()
    assert accept(bob, invite(admin, "person"), "bob").status_code == 303
    out.update(ann=ann, bob=bob)
    return {k: (c, find_account(engine, "root" if k == "admin" else k)) for k, c in out.items()}
