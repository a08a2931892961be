"""`stepdown doses`: list the doses you logged, correct one, or remove one logged by mistake.
Every change is kept in the history (an event), never lost silently."""

from __future__ import annotations

from datetime import date, timedelta

import click

from stepdown import formatting
from stepdown.cli.context import (
    database_option,
    echo_json,
    group_database_url,
    json_option,
    open_database,
)
from stepdown.cli.output import echo, style
from stepdown.domain.errors import InvalidInput


def _day(value: str | None, default: date) -> date:
    if value in (None, ""):
        return default
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"The day {value!r} is not a date; write it as YYYY-MM-DD.", field="day") from None


@click.group(name="doses", invoke_without_command=True)
@click.option("--day", default=None, metavar="YYYY-MM-DD", help="Last day to list (default today).")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 366), help="Days to list.")
@database_option
@json_option
@click.pass_context
def doses(
    click_ctx: click.Context, day: str | None, days: int, database_url: str | None, as_json: bool
) -> None:
    """List the doses you logged (with their ids); correct or remove one."""
    click_ctx.ensure_object(dict)
    click_ctx.obj["database_url"] = database_url
    if click_ctx.invoked_subcommand is not None:
        return
    from stepdown.services.dose_changes import list_doses

    ctx = open_database(database_url)
    last = _day(day, ctx.person.today())
    rows = list_doses(ctx.engine, ctx.person.id, first=last - timedelta(days=days - 1), last=last)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        echo("No doses logged in these days.")
        return
    from stepdown.messages.daily import logged_dose

    for r in rows:
        line = logged_dose(r["actual"], r["unit"], r["planned"], r["corrected_from"])
        echo(f"#{r['id']}  {r['day']}  {line}{'' if r['planned'] is not None else ' (not planned)'}")
    echo(
        "Correct one with `stepdown doses correct ID --amount AMOUNT`, remove one with "
        "`stepdown doses remove ID`."
    )


@doses.command(name="correct")
@click.argument("dose_id", metavar="ID")
@click.option("--amount", required=True, metavar="AMOUNT", help="The amount you really took.")
@click.option("--reason", default=None, metavar="TEXT", help="Why (kept in the history).")
@database_option
@json_option
@click.pass_context
def correct(
    click_ctx: click.Context,
    dose_id: str,
    amount: str,
    reason: str | None,
    database_url: str | None,
    as_json: bool,
) -> None:
    """Correct the amount of a logged dose; the amount before is kept in the history."""
    from stepdown.messages.safety import TOLERANCE_WARNING
    from stepdown.services.dose_changes import correct_dose

    ctx = open_database(group_database_url(click_ctx, database_url))
    result = correct_dose(
        ctx.engine, ctx.person.id, dose_id, amount=amount, reason=reason, today=ctx.person.today()
    )
    if as_json:
        echo_json(result)
        return
    d, before = result["dose"], result["before"]
    on = formatting.day(d["day"])
    echo(f"Corrected dose #{d['id']} on {on}: {before['actual']} -> {d['actual']} {d['unit']}.")
    if d["planned"] is None or d["actual"] > d["planned"]:
        echo(style(TOLERANCE_WARNING, fg="red"))


@doses.command(name="remove")
@click.argument("dose_id", metavar="ID")
@click.option("--reason", default=None, metavar="TEXT", help="Why (kept in the history).")
@database_option
@json_option
@click.pass_context
def remove(
    click_ctx: click.Context, dose_id: str, reason: str | None, database_url: str | None, as_json: bool
) -> None:
    """Remove a dose logged by mistake; the record is kept in the history."""
    from stepdown.services.dose_changes import remove_dose

    ctx = open_database(group_database_url(click_ctx, database_url))
    result = remove_dose(ctx.engine, ctx.person.id, dose_id, reason=reason, today=ctx.person.today())
    if as_json:
        echo_json(result)
        return
    r = result["removed"]
    on = formatting.day(r["day"])
    echo(f"Removed dose #{r['id']} ({r['actual']} {r['unit']} on {on}); it stays in the history.")
