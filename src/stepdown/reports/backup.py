"""Backup and restore of the SQLite database with SQLite's online backup API.

The backup API copies the database page by page through SQLite itself, so it is safe while the
app is running: it sees a consistent snapshot (WAL included) and restarts a pass when another
process writes in between. Copying the .db file by hand is NOT safe in WAL mode.

Restore checks the file first (an SQLite database, intact, made by stepdown at a migration this
version knows), keeps the current database as a time-stamped .bak copy, then writes the backup
into place through the same API, so open connections see the restored data, never a torn file.

PostgreSQL: use pg_dump / pg_restore; stepdown does not wrap them.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from stepdown.domain.errors import InvalidInput

PAGES_PER_STEP = 256  # pages copied per step; writers get the lock between steps
SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRES_ADVICE = (
    "Backup and restore here work on the SQLite database; for PostgreSQL use pg_dump and pg_restore "
    "(for example: pg_dump --format=custom --file=stepdown.dump DBNAME)."
)


def sqlite_path(database_url: str) -> Path:
    """The database file of a SQLite URL; InvalidInput (with the pg_dump advice) for anything else."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise InvalidInput(POSTGRES_ADVICE, field="database_url")
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise InvalidInput("Backup needs a SQLite database stored in a file.", field="database_url")
    return Path(url.database).expanduser()


def default_backup_path(data_dir: Path, now: datetime) -> Path:
    return data_dir / "backups" / f"stepdown-{now:%Y%m%d-%H%M%S}.db"


def backup(database: Path, out: Path) -> Path:
    """Copy `database` to `out` (a new file) while the app may be running; returns `out`."""
    if not database.exists():
        raise InvalidInput(f"There is no database at {database} to back up.", field="database")
    if out.exists():
        raise InvalidInput(f"{out} already exists; choose a new file name for the backup.", field="out")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    _copy(database, partial)
    problem = check(partial)
    if problem:  # pragma: no cover - only a failing disk gets here
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"The backup could not be verified ({problem}); nothing was written.", field="out")
    os.replace(partial, out)  # the backup appears whole or not at all
    return out


def _copy(source: Path, target: Path, *, standalone: bool = True) -> None:
    """Copy through the backup API. A standalone copy is switched out of WAL mode, so it is one
    self-contained file (no -wal/-shm companions to lose when it is moved or mailed)."""
    src = sqlite3.connect(str(source), timeout=30)
    try:
        dst = sqlite3.connect(str(target), timeout=30)
        try:
            src.backup(dst, pages=PAGES_PER_STEP, sleep=0.005)
            if standalone:
                dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def check(path: Path) -> str | None:
    """None when `path` is an intact stepdown database at a known migration, else what is wrong."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"it cannot be read: {exc.strerror}"
    if header != SQLITE_HEADER:
        return "it is not an SQLite database"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:  # pragma: no cover
        return f"it cannot be opened ({exc})"
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return "it is damaged (SQLite's integrity check failed)"
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in names or "person" not in names:
            return "it is not a stepdown database"
        versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        return f"it is damaged ({exc})"
    finally:
        conn.close()
    known = known_revisions()
    if len(versions) != 1 or versions[0] not in known:
        return (
            f"it is at a migration this version of stepdown does not know ({', '.join(versions) or 'none'})"
        )
    return None


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from stepdown.storage.db import alembic_config

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def restore(database: Path, source: Path, *, now: datetime) -> Path | None:
    """Replace `database` with the backup `source`; returns the .bak copy of the old one (None if none)."""
    if not source.exists():
        raise InvalidInput(f"There is no file at {source}.", field="path")
    problem = check(source)
    if problem:
        raise InvalidInput(f"{source.name} cannot be restored: {problem}. Nothing was changed.", field="path")
    if database.exists() and source.resolve() == database.resolve():
        raise InvalidInput("That file is the database itself; choose a backup file.", field="path")
    kept: Path | None = None
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists():
        kept = database.with_name(f"{database.name}.{now:%Y%m%d-%H%M%S}.bak")
        _copy(database, kept)
    # Writing through the backup API keeps WAL and open connections coherent (no stale -wal file).
    try:
        _copy(source, database, standalone=False)
    except sqlite3.Error as exc:  # e.g. another program holds a lock for longer than the timeout
        raise InvalidInput(
            f"The backup could not be written into place ({exc}); your database was kept as {kept}.",
            field="path",
        ) from None
    return kept
