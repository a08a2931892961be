"""`stepdown refill`, and the supply lines `today`, `proposals accept` and `return-to-previous` print.

Storage is imported inside the command body so `stepdown --help` stays fast."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.domain.errors import InvalidInput

REFILL_HINT = "Record one with `stepdown refill --amount N` when you get more."


@click.command(name="refill")
@click.option("--amount", required=True, metavar="UNITS", help="How much you got: tablets, g, mg or ml.")
@click.option("--day", default=None, metavar="YYYY-MM-DD", help="The day you got it (default: today).")
@click.option("--note", default=None, metavar="TEXT", help="A note, e.g. where it came from.")
@database_option
@json_option
def refill(amount: str, day: str | None, note: str | None, database_url: str | None, as_json: bool) -> None:
    """Record more supply; what is left and the run-out date follow it."""
    from stepdown.services.supply import record_refill, supply_today
    from stepdown.settings import refill_warning_days

    ctx = open_database(database_url)
    today = ctx.person.today()
    the_day = today if day in (None, "") else _date(day)
    result = record_refill(ctx.engine, ctx.person.id, amount=amount, day=the_day, today=today, note=note)
    block = supply_today(ctx.engine, ctx.person.id, today, refill_warning_days())
    if as_json:
        echo_json({**result, "today": block})
        return
    click.echo(result["message"])
    print_supply(block)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"The day {value!r} is not a date; write it as YYYY-MM-DD.", field="day") from None


def print_supply(block: dict[str, Any] | None) -> None:
    """Today's supply lines; the refill warning in yellow with the CLI's hint."""
    if not block:
        return
    for line in block["lines"]:
        click.echo(f"  {line}")
    if block.get("warning"):
        click.echo(click.style(f"  {block['warning']} {REFILL_HINT}", fg="yellow", bold=True))


def print_revision_supply(revision: dict[str, Any] | None) -> None:
    """The run-out warning a revision was written with, if the plan as changed needs more than is left."""
    figures = (revision or {}).get("supply") or {}
    if figures.get("warning"):
        click.echo(click.style(f"{figures['warning']} {REFILL_HINT}", fg="yellow", bold=True))
