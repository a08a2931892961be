"""`stepdown serve`: loopback by default, friendly errors (exit 2) before anything starts."""

from __future__ import annotations

import socket

from stepdown.cli.main import main
from stepdown.cli.serve import _allowed_hosts


def test_loopback_only_unless_a_host_is_given() -> None:
    assert _allowed_hosts("127.0.0.1") == ("127.0.0.1", "localhost", "::1")
    assert "127.0.0.2" in _allowed_hosts("127.0.0.2")
    assert "*" not in _allowed_hosts("127.0.0.2")


def test_busy_port_is_a_plain_error(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        code = main(
            ["serve", "--no-browser", "--port", str(port), "--database-url", f"sqlite:///{tmp_path}/x.db"]
        )
    assert code == 2
    err = capsys.readouterr().err
    assert f"port {port}" in err and "--port" in err and "Traceback" not in err


def test_demo_refuses_a_database_url(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path))
    assert main(["serve", "--demo", "--database-url", "sqlite:///x.db", "--no-browser"]) == 2
    assert "own database" in capsys.readouterr().err
    assert not (tmp_path / "demo.db").exists()
