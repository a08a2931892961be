"""The migrations build the schema the models describe, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from stepdown.storage.db import current_revision, head_revision, make_engine, upgrade
from stepdown.storage.models import Base


def _schema(url: str) -> dict[str, dict[str, object]]:
    engine = make_engine(url)
    try:
        insp = inspect(engine)
        schema: dict[str, dict[str, object]] = {}
        for table in sorted(insp.get_table_names()):
            schema[table] = {
                "columns": sorted((c["name"], bool(c["nullable"])) for c in insp.get_columns(table)),
                "primary_key": sorted(insp.get_pk_constraint(table)["constrained_columns"]),
                "unique": sorted(
                    (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(table)
                    # PostgreSQL reports the index behind each unique constraint too.
                    if i["name"] not in {u["name"] for u in insp.get_unique_constraints(table)}
                ),
                "foreign_keys": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                    for f in insp.get_foreign_keys(table)
                ),
            }
        return schema
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_migrations_build_the_same_tables_on_sqlite_and_postgresql(
    tmp_path: Path, make_pg_database: Callable[[], str]
) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    pg_url = make_pg_database()
    upgrade(sqlite_url)
    upgrade(pg_url)
    sqlite_schema, pg_schema = _schema(sqlite_url), _schema(pg_url)
    assert set(Base.metadata.tables) | {"alembic_version"} == set(sqlite_schema)
    assert sqlite_schema == pg_schema


def test_models_and_migrations_do_not_differ(engine) -> None:
    """What `alembic check` does: autogenerate against the migrated database finds nothing to add."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_reaches_head_and_running_it_again_changes_nothing(engine) -> None:
    assert current_revision(engine) == head_revision()
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_migrations_go_down_to_nothing_and_back_up(db_url: str) -> None:
    from alembic import command

    from stepdown.storage.db import alembic_config

    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()


def test_needs_upgrade_reads_the_head_from_the_files_like_alembic(back_end, tmp_path, request) -> None:
    from stepdown.storage.db import _heads_from_files, needs_upgrade

    assert _heads_from_files() == {head_revision()}
    if back_end == "sqlite":
        url = f"sqlite:///{tmp_path / 'new.db'}"
    else:
        url = request.getfixturevalue("make_pg_database")()
    engine = make_engine(url)
    try:
        assert needs_upgrade(engine)
        upgrade(engine, "0001_core")
        assert needs_upgrade(engine) == (head_revision() != "0001_core")
        upgrade(engine)
        assert not needs_upgrade(engine)
    finally:
        engine.dispose()


def test_a_sqlite_file_in_a_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    from stepdown.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="does not exist"):
        make_engine(f"sqlite:///{tmp_path / 'sub' / 'dir' / 'x.db'}")
    assert not (tmp_path / "sub").exists()
