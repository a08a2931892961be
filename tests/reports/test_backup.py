"""SQLite backup (online API, while another process writes) and restore (checked, .bak kept)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stepdown.domain.errors import InvalidInput
from stepdown.reports.backup import POSTGRES_ADVICE, backup, check, restore, sqlite_path
from stepdown.storage.db import head_revision, make_engine, upgrade

NOW = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)


def _db(path: Path, notes: int = 0) -> Path:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO person (id, pseudonym, timezone, created_at) VALUES (1, 'me', 'UTC', '2026-11-01')"
        )
        conn.executemany(
            "INSERT INTO note (person_id, created_at, kind, text) VALUES (1, '2026-11-01', 'personal', ?)",
            [(f"note {i} " + "x" * 400,) for i in range(notes)],
        )
    return path


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return list(conn.iterdump())


def _notes(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM note").fetchone()[0]


WRITER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    end = time.monotonic() + float(sys.argv[2])
    n = 0
    print("ready", flush=True)
    while time.monotonic() < end:
        conn.execute("INSERT INTO note (person_id, created_at, kind, text) VALUES (1, '2026-11-02', 'w', '')")
        n += 1
    print(n, flush=True)
    """
)


def test_backup_while_another_process_writes_is_a_consistent_stepdown_database(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db", notes=6000)  # a few MB, so the copy takes many steps
    before = _notes(live)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(live), "3"], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(0.2)
    (tmp_path / "backups").mkdir()
    out = backup(live, tmp_path / "backups" / "copy.db")
    assert writer.poll() is None, "the backup should have run while the writer was writing"
    written = int(writer.stdout.readline())
    writer.wait(timeout=30)
    assert writer.returncode == 0 and written > 0, "the writer was never able to write during the backup"

    assert check(out) is None
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    copied = _notes(out)
    assert before <= copied <= before + written  # a snapshot from some moment of the run
    assert _notes(live) == before + written  # and the live database lost nothing
    assert [p.name for p in (tmp_path / "backups").iterdir()] == ["copy.db"]  # one self-contained file


def test_backup_refuses_to_overwrite_and_needs_a_database(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db")
    target = backup(live, tmp_path / "b.db")
    with pytest.raises(InvalidInput, match="already exists"):
        backup(live, target)
    with pytest.raises(InvalidInput, match="no database"):
        backup(tmp_path / "missing.db", tmp_path / "c.db")


def test_restore_brings_back_the_backup_and_keeps_the_current_one(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db", notes=3)
    saved = backup(live, tmp_path / "saved.db")
    with sqlite3.connect(live) as conn:
        conn.execute(
            "INSERT INTO note (person_id, created_at, kind, text) VALUES (1, '2026-11-03', 'p', 'later')"
        )
    kept = restore(live, saved, now=NOW)
    assert _notes(live) == 3
    assert kept is not None and kept.name == "live.db.20261126-103000.bak"
    assert _notes(kept) == 4  # the replaced database, note "later" included
    assert check(live) is None


def test_restore_refuses_files_that_are_not_stepdown_backups_and_changes_nothing(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db", notes=2)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (x)")
    future = _db(tmp_path / "future.db")
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    damaged = tmp_path / "damaged.db"
    good = backup(live, tmp_path / "good.db").read_bytes()
    damaged.write_bytes(good[:4096] + b"\x00" * 4096 + good[8192:])
    original = _dump(live)
    cases = {text: "not an SQLite database", other: "not a stepdown database", future: "does not know",
             damaged: "damaged", tmp_path / "nope.db": "no file"}  # fmt: skip
    for path, reason in cases.items():
        with pytest.raises(InvalidInput, match=reason):
            restore(live, path, now=NOW)
    assert _dump(live) == original
    assert not list(tmp_path.glob("*.bak"))


def test_postgresql_is_told_to_use_pg_dump() -> None:
    with pytest.raises(InvalidInput) as caught:
        sqlite_path("postgresql+psycopg://postgres@127.0.0.1/stepdown")
    assert caught.value.message == POSTGRES_ADVICE and "pg_dump" in POSTGRES_ADVICE
    assert sqlite_path("sqlite:////tmp/x/stepdown.db") == Path("/tmp/x/stepdown.db")
