"""Issue 10 item 1: no login yet, so `serve` binds loopback only, and the Host allow-list holds in
every mode (a DNS-rebinding page cannot read the export through any address we accept)."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from stepdown.cli.main import main


@pytest.fixture
def served(tmp_path, monkeypatch) -> dict[str, Any]:
    """Run `serve` without starting uvicorn: the fake records the app and address it was given."""
    import uvicorn

    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("STEPDOWN_HOST", raising=False)
    seen: dict[str, Any] = {}

    def fake_run(app: Any, host: str, port: int, **_: Any) -> None:
        seen.update(app=app, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    seen["url"] = f"sqlite:///{tmp_path / 'x.db'}"
    return seen


def _serve(served: dict[str, Any], host: str) -> int:
    with socket.socket() as sock:  # a port that is free now (the fake server never listens)
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    return main(["serve", "--no-browser", "--host", host, "--port", port, "--database-url", served["url"]])


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.com", "10.0.0.1"])
def test_a_non_loopback_bind_is_refused_with_one_sentence(served, capsys, host: str) -> None:
    assert _serve(served, host) == 2
    err = capsys.readouterr().err.strip()
    assert "app" not in served, "the server was started"
    assert err.count(". ") == 0 and err.endswith(".") and "Traceback" not in err
    assert "accounts" in err and "refused" in err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_a_loopback_bind_starts_without_a_network_warning(served, capsys, host: str) -> None:
    assert _serve(served, host) == 0
    assert served["host"] == host
    assert "other devices" not in capsys.readouterr().err


def _get(app: Any, host_header: str, path: str = "/reports/export.json") -> httpx.Response:
    # TestClient runs the app in its own thread, so this works beside Playwright's event loop.
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        return client.get(path, headers={"Host": host_header})


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1"])
def test_the_served_app_refuses_a_foreign_host_header(served, host: str) -> None:
    assert _serve(served, host) == 0
    app = served["app"]
    try:
        for attacker in ("attacker.example", "attacker.example:8765", "127.0.0.1.evil.example", ""):
            r = _get(app, attacker)
            assert r.status_code == 400 and "not allowed" in r.text
        shown = f"[{host}]" if ":" in host else host
        assert _get(app, f"{shown}:8765").status_code == 200
    finally:
        app.state.engine.dispose()


def test_the_app_has_no_allow_any_host_switch(tmp_path) -> None:
    from stepdown.web.app import create_app

    with pytest.raises(ValueError):
        create_app(f"sqlite:///{tmp_path / 'x.db'}", allowed_hosts=("*",))
