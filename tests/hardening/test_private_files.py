"""Health data files are 0600 and folders 0700, created that way (issue 10, item 5). The process umask
is set to the usual 022 first, so only explicit modes can make these pass in-process."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

INIT = ("init", "--amount", "40", "--strength", "5", "--split", "4", "--times", "2",
        "--duration-days", "200", "--yes")  # fmt: skip


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_every_file_the_cli_writes_is_private(run, home, loose_umask) -> None:
    data = home / "home" / "data"
    assert run(*INIT)[0] == 0
    assert _mode(data) == 0o700
    assert _mode(data / "stepdown.db") == 0o600
    # SQLite's -wal and -shm take the database file's mode
    conn = sqlite3.connect(data / "stepdown.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
    for suffix in ("-wal", "-shm"):
        assert _mode(data / f"stepdown.db{suffix}") == 0o600, suffix
    conn.close()

    assert run("note", "ask about sleep")[0] == 0
    assert run("backup")[0] == 0
    backups = data / "backups"
    assert _mode(backups) == 0o700 and [_mode(p) for p in backups.iterdir()] == [0o600]
    outputs = {
        "report.pdf": ("report", "--out", "report.pdf"),
        "taper.ics": ("calendar", "--out", "taper.ics"),
        "export.json": ("export", "--out", "export.json"),
        "fhir.json": ("export", "--format", "fhir", "--out", "fhir.json"),
        "export.zip": ("export", "--format", "csv", "--out", "export.zip"),
        "csv": ("export", "--format", "csv", "--out", "csv"),
    }
    for name, args in outputs.items():
        code, out, err = run(*args)
        assert code == 0, err
        assert _mode(home / name) == (0o700 if name == "csv" else 0o600), name
    assert {_mode(p) for p in (home / "csv").iterdir()} == {0o600}

    code, out, err = run("restore", "--yes", str(next(backups.iterdir())))
    assert code == 0, err
    kept = list(data.glob("*.bak"))
    assert kept and all(_mode(p) == 0o600 for p in kept)
    assert _mode(data / "stepdown.db") == 0o600


def test_an_old_world_readable_database_is_tightened_on_open(run, home, loose_umask) -> None:
    data = home / "home" / "data"
    assert run(*INIT)[0] == 0
    os.chmod(data / "stepdown.db", 0o644)
    assert run("today")[0] == 0
    assert _mode(data / "stepdown.db") == 0o600


def test_the_demo_database_and_the_web_app_database_are_private(home, loose_umask) -> None:
    from stepdown.web.app import create_app

    create_app(f"sqlite:///{home / 'demo.db'}", demo=True)
    assert _mode(home / "demo.db") == 0o600


def test_the_installed_command_sets_a_private_umask(home) -> None:
    """`stepdown` (the console script) itself: anything else it writes is private too."""
    code = (
        "import os, sys, atexit\nfrom stepdown.cli.main import run\nsys.argv = ['stepdown', '--version']\n"
        "atexit.register(lambda: print(oct(os.umask(0o22))))\ntry: run()\nexcept SystemExit: pass"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={
        **os.environ, "HOME": str(home / "home")}, check=True)  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "0o77"
