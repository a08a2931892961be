"""`stepdown admin`: accounts of the clinic server from the command line (the first admin)."""

from __future__ import annotations

import click

from stepdown.cli.errors import InputError


@click.group()
def admin() -> None:
    """Clinic server accounts (see "Clinic server" in the README)."""


@admin.command("create")
@click.option("--username", required=True, help="User name of the new admin (3-100 letters, digits, . _ -).")
@click.option("--name", "display_name", default="", help="Name shown to others. Default: the user name.")
@click.option(
    "--database-url", default=None, help="SQLAlchemy URL of the database (overrides STEPDOWN_DATABASE_URL)."
)
@click.password_option(
    "--password", prompt="Password (10 characters or more)", help="Asked for when left out (never echoed)."
)
def create(username: str, display_name: str, database_url: str | None, password: str) -> None:
    """Create an admin account. Admins invite clinicians; clinicians invite people."""
    from stepdown.domain.errors import InvalidInput
    from stepdown.services.accounts import create_account
    from stepdown.settings import load_settings
    from stepdown.storage.db import make_engine, upgrade

    engine = make_engine(load_settings(database_url=database_url).database_url)
    try:
        upgrade(engine)
        account = create_account(
            engine, username=username, password=password, role="admin", display_name=display_name
        )
    except InvalidInput as exc:
        raise InputError(exc.message) from None
    finally:
        engine.dispose()
    click.echo(f"Admin {account.username} created. Sign in at /login on the clinic server.")
