"""Alembic environment. The connection comes from `stepdown.storage.db.upgrade` (config.attributes);
run from the command line, `sqlalchemy.url` or STEPDOWN_DATABASE_URL is used instead."""

from __future__ import annotations

import os

from alembic import context

import stepdown.storage.models  # noqa: F401  (registers every table on Base.metadata)
from stepdown.storage.models.base import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    from stepdown.storage.db import make_engine

    url = config.get_main_option("sqlalchemy.url") or os.environ["STEPDOWN_DATABASE_URL"]
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("stepdown migrations run online only (they need a connection).")
run_migrations_online()
