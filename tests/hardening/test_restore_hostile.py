"""Restore never runs anything the file brings (issue 10, item 2): the restored database is built from
stepdown's own migrations and only the rows are copied in. Paths stay inside tmp_path."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stepdown.domain.errors import InvalidInput
from stepdown.reports.backup import backup, check, restore
from stepdown.storage.db import make_engine, upgrade

NOW = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)


def _db(path: Path, checkins: int = 2) -> Path:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO person (id, pseudonym, timezone, created_at) VALUES (1, 'me', 'UTC', '2026-11-01')"
        )
        for day in range(1, checkins + 1):
            conn.execute(
                "INSERT INTO checkin (person_id, day, created_at, updated_at, version, scale, answers, total,"
                " self_care, red_flags, data) VALUES (1, ?, '2026-11-01 08:00:00', '2026-11-01 08:00:00', 1,"
                " 'SOWS10', '{}', 3, '{}', '[]', '{}')",
                (f"2026-11-{day:02d}",),
            )
    return path


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _schema(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return {(r[0], r[1]) for r in conn.execute("SELECT type, name FROM sqlite_master")}


def test_a_trigger_in_the_backup_is_not_restored(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db")
    hostile = backup(live, tmp_path / "hostile.db")
    with sqlite3.connect(hostile) as conn:
        conn.execute("CREATE TRIGGER wipe AFTER INSERT ON note BEGIN DELETE FROM checkin; END")
        conn.execute("CREATE VIEW spy AS SELECT * FROM checkin")
    restore(live, hostile, now=NOW)
    assert ("trigger", "wipe") not in _schema(live) and ("view", "spy") not in _schema(live)
    with sqlite3.connect(live) as conn:
        conn.execute("INSERT INTO note (person_id, created_at, kind, text) VALUES (1, '2026-11-03', 'p', '')")
    assert _count(live, "checkin") == 2


def test_a_backup_without_the_checkin_tables_is_refused(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db")
    hostile = backup(live, tmp_path / "hostile.db")
    with sqlite3.connect(hostile) as conn:
        conn.execute("DROP TABLE checkin_history")
        conn.execute("DROP TABLE checkin")
    before = _schema(live)
    with pytest.raises(InvalidInput, match="checkin") as caught:
        restore(live, hostile, now=NOW)
    assert caught.value.message.count(". ") <= 1  # one sentence (plus "Nothing was changed.")
    assert _schema(live) == before and _count(live, "checkin") == 2
    assert not list(tmp_path.glob("*.bak"))


def test_a_backup_without_a_column_is_refused(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db")
    hostile = backup(live, tmp_path / "hostile.db")
    with sqlite3.connect(hostile) as conn:
        conn.execute("ALTER TABLE note DROP COLUMN kind")
    with pytest.raises(InvalidInput, match="note"):
        restore(live, hostile, now=NOW)


def test_a_backup_without_unique_constraints_gets_ours_back(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db")
    hostile = backup(live, tmp_path / "hostile.db")
    with sqlite3.connect(hostile) as conn:  # the same table, without UNIQUE(person_id, day)
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("ALTER TABLE checkin RENAME TO old")
        conn.execute("CREATE TABLE checkin AS SELECT * FROM old")  # no constraints at all
        conn.execute("DROP TABLE old")
    restore(live, hostile, now=NOW)
    with sqlite3.connect(live) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO checkin (person_id, day, created_at, updated_at, version, scale, answers, total,"
            " self_care, red_flags, data) SELECT person_id, day, created_at, updated_at, version, scale,"
            " answers, total, self_care, red_flags, data FROM checkin LIMIT 1"
        )


def test_the_check_reads_the_file_named_even_with_question_mark_or_hash(tmp_path: Path) -> None:
    good = backup(_db(tmp_path / "live.db"), tmp_path / "b")
    foreign = tmp_path / "b?x#y%41.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE things (x)")
    assert good.exists() and check(foreign) is not None  # not the check of "b"
    assert check(good) is None
    live = tmp_path / "live.db"
    before = _schema(live)
    with pytest.raises(InvalidInput):
        restore(live, foreign, now=NOW)
    assert _schema(live) == before
    fine = backup(live, tmp_path / "c?d#e%20f.db")
    assert check(fine) is None
    restore(live, fine, now=NOW)


def test_two_restores_in_the_same_second_keep_both_bak_copies(tmp_path: Path) -> None:
    live = _db(tmp_path / "live.db", checkins=3)
    saved = backup(_db(tmp_path / "other.db", checkins=1), tmp_path / "saved.db")
    first = restore(live, saved, now=NOW)
    second = restore(live, saved, now=NOW)
    assert first is not None and second is not None and first != second
    assert _count(first, "checkin") == 3  # the original data is still there
    assert _count(second, "checkin") == 1
    assert first.name.endswith(".bak") and second.name.endswith(".bak")
