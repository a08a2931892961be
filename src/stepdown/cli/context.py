"""Opening the database for a CLI command: settings, data folder, migrations on first use, the person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # keeps sqlalchemy out of CLI start-up
    from sqlalchemy import Engine

    from stepdown.services.person import PersonInfo

F = TypeVar("F", bound=Callable[..., Any])


def database_option(func: F) -> F:
    return click.option(
        "--database-url",
        envvar="STEPDOWN_DATABASE_URL",
        default=None,
        metavar="URL",
        help="Database URL (default: SQLite in the data folder; env STEPDOWN_DATABASE_URL).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


@dataclass(frozen=True)
class Context:
    engine: Engine
    person: PersonInfo


def group_database_url(click_ctx: click.Context, database_url: str | None) -> str | None:
    """A subcommand's --database-url, or the one given to its group (`stepdown doses --database-url ...`)."""
    return database_url or (click_ctx.obj or {}).get("database_url")


def open_database(database_url: str | None) -> Context:
    """Engine for the configured database, migrated to the newest schema, and the local person."""
    from stepdown.services.person import get_or_create_local_person
    from stepdown.settings import load_settings
    from stepdown.storage.db import needs_upgrade, upgrade

    settings = load_settings(database_url=database_url)
    engine = checked_engine(settings)
    # Close the connections when the command ends (matters when commands run in one process: tests).
    click_ctx = click.get_current_context(silent=True)
    if click_ctx is not None:
        click_ctx.find_root().call_on_close(engine.dispose)
    with refusing_database_errors(settings.database_url):
        if needs_upgrade(engine):
            upgrade(engine)
    return Context(engine=engine, person=get_or_create_local_person(engine))


def checked_engine(settings: Any) -> Engine:
    """An engine for the configured database. Only the default data folder is created (0700); a SQLite
    file elsewhere must be in an existing folder (see storage.db.make_engine)."""
    from stepdown.storage.db import make_engine, sqlite_file
    from stepdown.storage.files import private_folder

    path = sqlite_file(settings.database_url)
    if path is not None and path.parent == settings.data_dir:
        private_folder(settings.data_dir)
    return make_engine(settings.database_url)


@contextmanager
def refusing_database_errors(url: str) -> Iterator[None]:
    """A database that cannot be reached or read: one sentence (exit 2), not a traceback."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from stepdown.domain.errors import InvalidInput

    try:
        yield
    except (OperationalError, DatabaseError) as exc:
        from sqlalchemy.engine import make_url

        from stepdown.storage.db import normalise_url

        where = make_url(normalise_url(url)).render_as_string(hide_password=True)
        reason = " ".join(str(exc.orig).split())[:160] if exc.orig is not None else type(exc).__name__
        raise InvalidInput(f"Cannot open the database {where} ({reason}).", field="database_url") from None


def echo_json(data: Any) -> None:
    import json

    from stepdown.cli.output import json_text

    click.echo(json_text(json.dumps(data, indent=2, ensure_ascii=False, default=str)))
