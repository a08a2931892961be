"""Opening the database for a CLI command: settings, data folder, migrations on first use, the person."""

from __future__ import annotations

from collections.abc import Callable
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


def open_database(database_url: str | None) -> Context:
    """Engine for the configured database, migrated to the newest schema, and the local person."""
    from stepdown.services.person import get_or_create_local_person
    from stepdown.settings import load_settings
    from stepdown.storage.db import make_engine, needs_upgrade, upgrade

    settings = load_settings(database_url=database_url)
    if settings.database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    # Close the connections when the command ends (matters when commands run in one process: tests).
    click_ctx = click.get_current_context(silent=True)
    if click_ctx is not None:
        click_ctx.find_root().call_on_close(engine.dispose)
    if needs_upgrade(engine):
        upgrade(engine)
    return Context(engine=engine, person=get_or_create_local_person(engine))


def echo_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
