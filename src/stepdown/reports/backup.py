"""Backup and restore of the SQLite database with SQLite's online backup API.

The backup API copies the database page by page through SQLite itself, so it is safe while the
app is running: it sees a consistent snapshot (WAL included) and restarts a pass when another
process writes in between. Copying the .db file by hand is NOT safe in WAL mode.

Restore checks the file first (an SQLite database, intact, made by stepdown at a migration this
version knows), then builds a NEW database from stepdown's own migrations and copies only the rows
in: a trigger, view or changed table in the file never reaches the live database. It keeps the
current database as a .bak copy (a name never used before), then writes the rebuilt one into place
through the same API, so open connections see the restored data, never a torn file.

PostgreSQL: use pg_dump / pg_restore; stepdown does not wrap them.
"""

from __future__ import annotations

import itertools
import os
import secrets
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from stepdown.domain.errors import InvalidInput
from stepdown.storage.files import claim, private_file

PAGES_PER_STEP = 256  # pages copied per step; writers get the lock between steps
SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRES_ADVICE = (
    "Backup and restore here work on the SQLite database; for PostgreSQL use pg_dump and pg_restore "
    "(for example: pg_dump --format=custom --file=stepdown.dump DBNAME)."
)


def sqlite_path(database_url: str) -> Path:
    """The database file of a SQLite URL; InvalidInput (with the pg_dump advice) for anything else."""
    from stepdown.storage.db import check_url

    url = check_url(database_url)  # garbage or an unsupported database: one sentence
    if url.get_backend_name() != "sqlite":
        raise InvalidInput(POSTGRES_ADVICE, field="database_url")
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise InvalidInput("Backup needs a SQLite database stored in a file.", field="database_url")
    return Path(url.database).expanduser()


def default_backup_path(data_dir: Path, now: datetime) -> Path:
    return data_dir / "backups" / f"stepdown-{now:%Y%m%d-%H%M%S}.db"


def uri(path: Path, mode: str = "ro") -> str:
    """An SQLite URI for `path` with the path percent-escaped: a `?`, `#` or `%` in a file name would
    otherwise start the query or fragment, and SQLite would open a different file."""
    return f"file:{quote(str(path.resolve()), safe='/')}?mode={mode}"


def backup(database: Path, out: Path) -> Path:
    """Copy `database` to `out` (a new 0600 file) while the app may be running; returns `out`."""
    if not database.exists():
        raise InvalidInput(f"There is no database at {database} to back up.", field="database")
    if out.exists():
        raise InvalidInput(f"{out} already exists; choose a new file name for the backup.", field="out")
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist; create it first.", field="out")
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    private_file(partial)
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
    private_file(target)  # SQLite gives -wal, -shm and -journal the database file's mode
    src = sqlite3.connect(uri(source), uri=True, timeout=30)
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
        conn = sqlite3.connect(uri(path), uri=True)
    except sqlite3.Error as exc:  # pragma: no cover
        return f"it cannot be opened ({exc})"
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
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
        shown = ", ".join(str(v) for v in versions)[:80] or "none"
        return f"it is at a migration this version of stepdown does not know ({shown})"
    return None


def known_revisions() -> set[str]:
    from stepdown.storage.db import known_revisions as known

    return known()


def restore(database: Path, source: Path, *, now: datetime) -> Path | None:
    """Replace `database` with the rows of the backup `source`; returns the .bak copy of the old one.

    Nothing the file brings is run or kept: a new database is built from stepdown's own migrations,
    only the rows of stepdown's tables are copied into it (triggers, views and extra tables are left
    behind), its values are checked as an import checks them, and only then does it go into place."""
    if not source.exists():
        raise InvalidInput(f"There is no file at {source}.", field="path")
    problem = check(source)
    if problem:
        raise InvalidInput(f"{source.name} cannot be restored: {problem}. Nothing was changed.", field="path")
    if database.exists() and source.resolve() == database.resolve():
        raise InvalidInput("That file is the database itself; choose a backup file.", field="path")
    if not database.parent.is_dir():
        raise InvalidInput(f"The folder {database.parent} does not exist; nothing was changed.", field="path")
    fresh = database.with_name(f".{database.name}.{secrets.token_hex(4)}.restoring")
    try:
        problem = rebuild(source, fresh)
        if problem:
            raise InvalidInput(
                f"{source.name} cannot be restored: {problem}. Nothing was changed.", field="path"
            )
        kept = keep_copy(database, now) if database.exists() else None
        # Writing through the backup API keeps WAL and open connections coherent (no stale -wal file).
        try:
            _copy(fresh, database, standalone=False)
        except sqlite3.Error as exc:  # e.g. another program holds a lock for longer than the timeout
            raise InvalidInput(
                f"The backup could not be written into place ({exc}); your database was kept as {kept}.",
                field="path",
            ) from None
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            leftover = fresh.with_name(fresh.name + suffix)
            leftover.unlink(missing_ok=True)
    return kept


def keep_copy(database: Path, now: datetime) -> Path:
    """Copy `database` to a .bak name beside it that did not exist before: never overwrites one."""
    stem = f"{database.name}.{now:%Y%m%d-%H%M%S}"
    for number in itertools.count(1):
        kept = database.with_name(f"{stem}.bak" if number == 1 else f"{stem}-{number}.bak")
        if claim(kept):
            _copy(database, kept)
            return kept
    raise AssertionError("unreachable")  # pragma: no cover


def rebuild(source: Path, fresh: Path) -> str | None:
    """Build `fresh` from our migrations at the source's revision, copy the rows of our tables in, bring
    it up to date and check every value; None when all is well, else what is wrong (in words)."""
    import sqlalchemy as sa

    from stepdown.storage.db import make_engine, upgrade

    with sqlite3.connect(uri(source), uri=True) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    private_file(fresh)
    engine = make_engine(f"sqlite:///{fresh}")
    try:
        upgrade(engine, revision)
        then = sa.MetaData()
        then.reflect(bind=engine)
        ours = [t for t in then.sorted_tables if t.name != "alembic_version"]
        engine.dispose()
        problem = _copy_rows(source, fresh, ours)
        if problem:
            return problem
        upgrade(engine)  # an older backup is brought up to date here, with the migrations' own data steps
        return _check_values(engine)
    finally:
        engine.dispose()


def _copy_rows(source: Path, fresh: Path, tables: list[Any]) -> str | None:
    conn = sqlite3.connect(uri(fresh, "rw"), uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")  # nothing in the attached file's schema may run
        conn.execute("ATTACH DATABASE ? AS src", (uri(source),))
        present = {r[0] for r in conn.execute("SELECT name FROM src.sqlite_master WHERE type = 'table'")}
        for table in tables:
            if table.name not in present:
                return f"it has no table '{table.name}', which stepdown needs"
            columns = {r[1] for r in conn.execute(f'PRAGMA src.table_info("{table.name}")')}
            missing = [c.name for c in table.columns if c.name not in columns]
            if missing:
                return f"its table '{table.name}' has no column '{missing[0]}', which stepdown needs"
        conn.execute("PRAGMA foreign_keys=OFF")  # checked once all rows are in, below
        conn.execute("BEGIN")
        for table in tables:
            names = ", ".join(f'"{c.name}"' for c in table.columns)
            conn.execute(f'INSERT INTO main."{table.name}" ({names}) SELECT {names} FROM src."{table.name}"')
        if conn.execute("PRAGMA main.foreign_key_check").fetchone() is not None:
            conn.execute("ROLLBACK")
            return "some of its rows refer to rows that are not there"
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE src")
    except sqlite3.IntegrityError:
        return "some of its rows repeat a unique value or leave out a required one"
    except sqlite3.DatabaseError as exc:
        return f"its rows could not be read ({exc})"
    finally:
        conn.close()
    return None


def _check_values(engine: Any) -> str | None:
    """Every value must read back as stepdown wrote it: the same checks as an import of an export."""
    from datetime import UTC

    from stepdown.reports.export import export_document
    from stepdown.reports.import_ import validate_document

    try:
        document = export_document(engine, now=datetime.now(UTC))
    except Exception as exc:  # a value the column type cannot read (text in a date column, ...)
        return f"some of its values do not fit their columns ({type(exc).__name__})"
    try:
        validate_document(document)
    except InvalidInput as exc:
        return exc.message.rstrip(".")
    return None
