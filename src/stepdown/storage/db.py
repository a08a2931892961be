"""Engines, migrations and transactions.

SQLite (the default, one file in the data folder) runs in WAL mode with foreign keys on. A write
transaction (`session_scope`) starts with BEGIN IMMEDIATE: writers queue on the busy timeout instead
of failing half way, which is what makes "two check-ins at once leave one" hold on SQLite. A read
(`read_scope`) starts a plain BEGIN and takes no write lock, so page views never wait for writers
(WAL readers see the last commit). PostgreSQL is reached through psycopg 3 (`postgresql+psycopg://`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "head"
# One fixed key for PostgreSQL's advisory lock, so two processes never migrate at once.
_MIGRATION_LOCK = 7_020_615


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs too; we always talk to PostgreSQL through psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_url(url: str) -> Any:
    """The parsed URL, or InvalidInput in one sentence: not a URL, or not SQLite / PostgreSQL (psycopg)."""
    from sqlalchemy.exc import ArgumentError

    from stepdown.domain.errors import InvalidInput

    shown = url if len(url) <= 60 else url[:60] + "..."
    try:
        parsed = make_url(normalise_url(url))
        backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    except (ArgumentError, ValueError):
        raise InvalidInput(
            f"{shown!r} is not a database URL stepdown can use; give sqlite:///PATH/stepdown.db or "
            "postgresql://USER@HOST/DBNAME.",
            field="database_url",
        ) from None
    if (backend, driver) not in (("sqlite", "pysqlite"), ("postgresql", "psycopg")):
        raise InvalidInput(
            f"stepdown keeps its data in SQLite or PostgreSQL; the database URL {shown!r} is for "
            f"{backend}{'+' + driver if driver else ''}, which it does not support.",
            field="database_url",
        )
    return parsed


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = check_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return Path(database).expanduser()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`. A SQLite file must be in an existing folder (a missing one is NOT created: a
    new empty database in a mistyped place looks like lost data); the file is created 0600 (its -wal
    and -shm files take its mode), with WAL, foreign keys and a busy timeout."""
    from stepdown.domain.errors import InvalidInput
    from stepdown.storage.files import private_file, tighten

    parsed = check_url(url)
    url = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            if not path.parent.is_dir():
                raise InvalidInput(
                    f"The folder {path.parent} for the database does not exist; check the database URL, "
                    "or create the folder first.",
                    field="database_url",
                )
            if path.is_dir():
                raise InvalidInput(f"{path} is a folder, not a database file.", field="database_url")
            try:
                private_file(path)
            except OSError as exc:
                raise InvalidInput(f"The database {path} cannot be opened ({exc.strerror}).",
                                   field="database_url") from None  # fmt: skip
            for suffix in ("-wal", "-shm", "-journal"):
                tighten(path.with_name(path.name + suffix))
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("timeout", 30)
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _sqlite_begin).
        connect_args.setdefault("isolation_level", None)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        engine.__dict__[_WRITER] = threading.Lock()
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "commit", _sqlite_end)
        event.listen(engine, "rollback", _sqlite_end)
        # A safety net: a connection back in the pool (or thrown away) never keeps the writer lock.
        event.listen(engine, "checkin", _sqlite_pool_end)
        event.listen(engine, "invalidate", _sqlite_pool_end)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if _is_file_database(dbapi_connection):
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL survives a crash of the app; only a power cut can lose the last commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _is_file_database(dbapi_connection: Any) -> bool:
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    return any(row[1] == "main" and row[2] for row in rows)


_READ_ONLY = "stepdown_read_only"
_WRITER = "stepdown_writer_lock"
_WRITER_TIMEOUT = 30


def _sqlite_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock up front: concurrent writers wait (busy timeout) rather than
    # failing with SQLITE_BUSY when a read transaction tries to become a write transaction. Reads
    # (read_scope) begin DEFERRED and never write, so they need no lock.
    if conn.get_execution_options().get(_READ_ONLY):
        conn.exec_driver_sql("BEGIN")
        return
    # Writers in this process queue on a lock first: SQLite's busy handler polls with sleeps of up
    # to 100 ms, which made the slowest of four concurrent check-ins wait a second. Other processes
    # still meet the busy timeout. Bounded like the busy timeout, so nothing waits forever.
    lock = conn.engine.__dict__.get(_WRITER)
    if lock is not None and not lock.acquire(timeout=_WRITER_TIMEOUT):
        raise TimeoutError("another stepdown write did not finish within 30 s; nothing was changed")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if lock is not None:
        conn.info[_WRITER] = lock


def _sqlite_end(conn: Any) -> None:
    if conn.invalidated:  # the "invalidate" listener has released it
        return
    lock = conn.info.pop(_WRITER, None)
    if lock is not None:
        lock.release()


def _sqlite_pool_end(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
    lock = record.info.pop(_WRITER, None) if record is not None else None
    if lock is not None:
        lock.release()


def alembic_config(connection: Any = None) -> Any:
    """Alembic's configuration, built in code so migrations run from an installed package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(MIGRATIONS / "versions"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine_or_url: Engine | str, revision: str = HEAD) -> None:
    """Bring the database to `revision` (default: the newest), in one transaction where possible."""
    from alembic import command

    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            command.upgrade(alembic_config(connection), revision)
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revisions() -> set[str]:
    """Every migration this stepdown knows (a backup or export at one of them can be read)."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _heads_from_files() -> set[str]:
    """Head revisions read straight from the migration files: no Alembic import on every CLI run."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", text, re.MULTILINE)
        down = re.search(r"^down_revision\s*=\s*(.+)$", text, re.MULTILINE)
        if rev is None or down is None:
            return set()  # unusual file: let Alembic decide
        revisions.add(rev.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return revisions - parents


def needs_upgrade(engine: Engine) -> bool:
    """Whether the database is behind the newest migration (cheap: one query, no Alembic import)."""
    from sqlalchemy import inspect, text

    heads = _heads_from_files()
    if len(heads) != 1:
        return current_revision(engine) != head_revision()
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return True
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return current != list(heads)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit when the block succeeds, roll back on any error (nothing half-written)."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class ReadOnlyWrite(RuntimeError):
    """A read transaction tried to write: a bug (use session_scope for writes)."""


class _ReadSession(Session):
    def flush(self, objects: Any = None) -> None:
        if self.new or self.dirty or self.deleted:
            raise ReadOnlyWrite("read_scope is for reads; this change needs session_scope")
        super().flush(objects)


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A read-only transaction: one consistent snapshot, no write lock (see the module docstring).

    Any attempt to write raises ReadOnlyWrite instead of being dropped silently."""
    reader = engine.__dict__.get("_stepdown_reader")
    if reader is None:  # one option-engine per engine; it shares the pool and the event listeners
        reader = engine.__dict__["_stepdown_reader"] = engine.execution_options(**{_READ_ONLY: True})
    session = _ReadSession(reader, expire_on_commit=False)
    try:
        yield session
        if session.new or session.dirty or session.deleted:
            raise ReadOnlyWrite("read_scope is for reads; this change needs session_scope")
    finally:
        session.rollback()
        session.close()
