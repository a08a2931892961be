"""`stepdown admin create` and `stepdown serve --accounts`; the one-person app stays as it was."""

from __future__ import annotations

import socket

from stepdown.cli.main import main


def test_admin_create_makes_the_first_admin_and_refuses_bad_input(tmp_path, monkeypatch, capsys) -> None:
    from stepdown.services.accounts import find_account
    from stepdown.storage.db import make_engine

    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path))
    args = ["admin", "create", "--username", "root", "--database-url", url]
    assert main([*args, "--password", "a long admin password"]) == 0
    assert "Admin root created" in capsys.readouterr().out
    assert main([*args, "--password", "a long admin password"]) == 2
    assert "taken" in capsys.readouterr().err
    assert main(["admin", "create", "--username", "two", "--database-url", url, "--password", "short"]) == 2
    assert "10 to 200 characters" in capsys.readouterr().err
    engine = make_engine(url)
    assert find_account(engine, "root").role == "admin"
    assert find_account(engine, "two") is None
    engine.dispose()


def test_serve_accounts_runs_worker_processes_on_any_address(tmp_path, monkeypatch, capsys) -> None:
    import uvicorn

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path))
    # serve hands its settings to the worker processes through the environment; restore it after.
    monkeypatch.setenv("STEPDOWN_ALLOWED_HOSTS", "")
    monkeypatch.setenv("STEPDOWN_DATABASE_URL", "")
    monkeypatch.delenv("STEPDOWN_ALLOWED_HOSTS")
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    args = ["serve", "--accounts", "--host", "0.0.0.0", "--port", port, "--workers", "3"]
    code = main([*args, "--database-url", url])
    assert code == 0
    assert seen["app"] == "stepdown.web.accounts.asgi:create" and seen["factory"] is True
    assert seen["workers"] == 3 and seen["host"] == "0.0.0.0" and seen["proxy_headers"] is True
    assert (tmp_path / "clinic.db").exists()  # migrated once, before the workers start
    import os

    # the Host allow-list holds in every mode (issue 10): no wildcard, the bound address is on it
    hosts = os.environ["STEPDOWN_ALLOWED_HOSTS"].split(",")
    assert "*" not in hosts and "0.0.0.0" in hosts and "127.0.0.1" in hosts


def test_the_one_person_app_has_no_accounts(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from stepdown.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'local.db'}")
    with TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False) as client:
        assert client.get("/login").status_code == 404
        assert client.get("/clinic").status_code == 404
        assert client.get("/checkin").status_code == 200  # no sign-in on this computer
    app.state.engine.dispose()
