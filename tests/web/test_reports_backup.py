"""Backup download, restore and import on the web Reports page: in-process (TestClient), real SQLite
files (and a real PostgreSQL database for the pg_dump advice and the import there)."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stepdown.reports.backup import POSTGRES_ADVICE, check
from stepdown.storage.db import alembic_config, current_revision, head_revision

BASE = "http://127.0.0.1:8765"
SQLITE = "application/vnd.sqlite3"


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temp files of the app go here, so a test can see that none is left behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _app(url: str) -> Iterator[TestClient]:
    from stepdown.web.app import create_app

    app = create_app(url)
    with TestClient(app, base_url=BASE, follow_redirects=False) as c:
        c.get("/static/app.css")  # receive the CSRF cookie
        yield c
    app.state.engine.dispose()


@pytest.fixture
def other(tmp_path: Path) -> Iterator[TestClient]:
    """A second stepdown (another computer) on its own SQLite file."""
    yield from _app(f"sqlite:///{tmp_path / 'other.db'}")


def _send(
    client: TestClient, url: str, data: dict[str, str], files: dict | None = None, *, token: bool = True
):  # noqa: ANN202
    form = {**data, "csrf_token": client.cookies.get("stepdown_csrf")} if token else data
    return client.post(url, data=form, files=files, headers={"Origin": BASE})


def _note(client: TestClient, text: str) -> None:
    assert _send(client, "/reports/notes", {"note": text}).status_code == 303


def _restore(client: TestClient, content: bytes, *, name: str = "saved.db", confirm: str = "RESTORE",
             token: bool = True):  # fmt: skip  # noqa: ANN202
    files = {"backup_file": (name, content, SQLITE)}
    return _send(client, "/reports/restore", {"restore_confirm": confirm}, files, token=token)


def _import(client: TestClient, content: bytes, *, token: bool = True):  # noqa: ANN202
    files = {"export_file": ("stepdown-export.json", content, "application/json")}
    return _send(client, "/reports/import", {}, files, token=token)


def _db_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _counts(path: Path) -> dict[str, int]:
    """Rows in every table of the SQLite file, read beside the running app."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _notes(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return [r[0] for r in conn.execute("SELECT text FROM note ORDER BY id")]


def test_backup_download_is_a_stepdown_database_with_the_stored_rows(
    client: TestClient, app_url: str, private_tmp: Path, tmp_path: Path
) -> None:
    _note(client, "Ask about sleep")
    page = client.get("/reports")
    assert 'href="/reports/backup.db"' in page.text and 'action="/reports/restore#backup"' in page.text

    response = client.get("/reports/backup.db")
    assert response.status_code == 200 and response.headers["content-type"] == SQLITE
    disposition = response.headers["content-disposition"]
    assert re.fullmatch(r'attachment; filename="stepdown-backup-\d{8}-\d{6}\.db"', disposition)
    saved = tmp_path / "download.db"
    saved.write_bytes(response.content)
    assert check(saved) is None  # intact, made by stepdown, at a known migration
    assert _notes(saved) == ["Ask about sleep"]
    assert _counts(saved) == _counts(_db_file(app_url))
    assert list(private_tmp.iterdir()) == []  # the temp copy was removed after it was sent


def test_restore_replaces_the_data_and_the_app_shows_it(client: TestClient, app_url: str) -> None:
    _note(client, "Before the backup")
    backup = client.get("/reports/backup.db").content
    _note(client, "After the backup")

    response = _restore(client, backup)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Before the backup" in page.text and "After the backup" not in page.text
    kept = re.search(r"kept as <code>(web\.db\.\d{8}-\d{6}\.bak)</code>", page.text)
    assert kept, "the page names the .bak copy of the replaced database"
    database = _db_file(app_url)
    assert _notes(database.parent / kept.group(1)) == ["Before the backup", "After the backup"]
    assert _notes(database) == ["Before the backup"]

    _note(client, "Written after the restore")  # the app keeps working on the restored file
    assert "Written after the restore" in client.get("/reports").text
    assert _notes(database) == ["Before the backup", "Written after the restore"]


def test_a_backup_from_an_older_stepdown_is_restored_and_brought_up_to_date(
    client: TestClient, app_url: str, tmp_path: Path
) -> None:
    from alembic import command

    from stepdown.storage.db import make_engine

    _note(client, "From the old version")
    old = tmp_path / "old.db"
    old.write_bytes(client.get("/reports/backup.db").content)
    engine = make_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001_core")
    engine.dispose()
    assert check(old) is None  # an older migration this version knows

    assert _restore(client, old.read_bytes()).status_code == 303
    assert current_revision(client.app.state.engine) == head_revision()
    assert "From the old version" in client.get("/reports").text
    _note(client, "Newer")  # the upgraded tables take writes
    assert _notes(_db_file(app_url)) == ["From the old version", "Newer"]


def test_bad_backups_and_missing_confirmation_are_refused_beside_their_field_and_change_nothing(
    client: TestClient, app_url: str, field_error: Callable[[str, str], str | None], tmp_path: Path
) -> None:
    _note(client, "Keep me")
    good = client.get("/reports/backup.db").content
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE person (x)")
    damaged = good[:4096] + b"\x00" * 4096 + good[8192:]
    database = _db_file(app_url)
    before = _counts(database)

    cases = [
        ({"content": b"name,dose\nme,5\n", "name": "doses.csv"}, "backup_file",
         "doses.csv cannot be restored: it is not an SQLite database. Nothing was changed."),
        ({"content": foreign.read_bytes()}, "backup_file", "it is not a stepdown database"),
        ({"content": damaged}, "backup_file", "it is damaged"),
        ({"content": good[:5000]}, "backup_file", "cannot be restored"),
        ({"content": good, "confirm": "restore"}, "restore_confirm", "Type RESTORE in capitals"),
        ({"content": good, "confirm": ""}, "restore_confirm", "Type RESTORE in capitals"),
        ({"content": b"", "name": ""}, "backup_file", "Choose a backup file"),
    ]  # fmt: skip
    for kwargs, field, message in cases:
        response = _restore(client, **kwargs)
        assert response.status_code == 400, message
        assert message in (field_error(response.text, field) or ""), response.text[-2000:]
        assert _counts(database) == before
    assert not list(database.parent.glob("*.bak"))
    assert "Keep me" in client.get("/reports").text


def test_restore_and_import_without_the_csrf_token_are_refused(
    client: TestClient, other: TestClient, app_url: str
) -> None:
    _note(client, "Mine")
    backup = client.get("/reports/backup.db").content
    _note(client, "Mine too")
    database = _db_file(app_url)
    before = _counts(database)
    forged = _restore(client, backup, token=False)
    assert forged.status_code == 403 and "security token" in forged.text
    assert _counts(database) == before and not list(database.parent.glob("*.bak"))

    other.get("/reports")  # the other stepdown is new: only its blank local person
    export = client.get("/reports/export.json").content
    assert _import(other, export, token=False).status_code == 403
    assert "Mine" not in other.get("/reports").text


def test_import_fills_a_new_stepdown_and_is_refused_when_it_holds_records(
    client: TestClient, other: TestClient, field_error: Callable[[str, str], str | None], tmp_path: Path
) -> None:
    _note(client, "Moving computers")
    export = client.get("/reports/export.json").content
    other_db = tmp_path / "other.db"

    other.get("/reports")  # the first page view makes the local person: still an empty stepdown
    refused = [
        (export[: len(export) // 2], "not valid JSON"),
        (b'{"hello": "world"}', "not a stepdown export"),
        (export.replace(b"Moving computers", b"Moving computerz"), "do not match its checksum"),
    ]
    for content, message in refused:
        response = _import(other, content)
        assert response.status_code == 400 and message in (field_error(response.text, "export_file") or "")
        stored = sum(_counts(other_db).values()) - _counts(other_db)["alembic_version"]
        assert stored == 2  # the blank person and its local-person pin
    missing = _send(other, "/reports/import", {})
    assert missing.status_code == 400 and "Choose a JSON export" in field_error(missing.text, "export_file")

    response = _import(other, export)
    assert response.status_code == 303
    page = other.get(response.headers["location"])
    assert "Your export is imported" in page.text
    assert "Moving computers" in page.text
    assert (
        other.get("/reports/export.json").json()["tables"]
        == client.get("/reports/export.json").json()["tables"]
    )

    _note(other, "Now this one holds records")
    before = _counts(other_db)
    again = _import(other, export)
    assert again.status_code == 400
    assert "already holds data" in field_error(again.text, "export_file")
    assert _counts(other_db) == before


@pytest.mark.postgres
def test_on_postgresql_the_page_says_to_use_pg_dump_and_import_still_works(
    make_pg_database: Callable[[], str], client: TestClient
) -> None:
    _note(client, "From SQLite to PostgreSQL")
    export = client.get("/reports/export.json").content
    for pg in _app(make_pg_database()):
        page = pg.get("/reports")
        assert "pg_dump" in page.text and 'href="/reports/backup.db"' not in page.text
        assert (
            'action="/reports/restore#backup"' not in page.text
            and 'action="/reports/import#backup"' in page.text
        )
        download = pg.get("/reports/backup.db")
        assert download.status_code == 400 and "pg_dump" in download.text
        restore = _restore(pg, b"SQLite format 3\x00")
        assert restore.status_code == 400 and POSTGRES_ADVICE.split(";")[0] in restore.text

        response = _import(pg, export)
        assert response.status_code == 303
        assert "From SQLite to PostgreSQL" in pg.get("/reports").text
        _note(pg, "New row after the import")  # the id sequences were moved past the imported ids
        assert "New row after the import" in pg.get("/reports").text
