"""The `milestones` command: steps completed, days since the last dose, money no longer spent."""

from __future__ import annotations

import click

from stepdown import formatting
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.output import echo, secho
from stepdown.messages import toolkit as msg


@click.command(name="milestones")
@click.option("--cost", default=None, metavar="AMOUNT", help="What one unit (e.g. one mg) costs you.")
@click.option("--currency", default=None, metavar="SYMBOL", help="Currency symbol for --cost (default $).")
@database_option
@json_option
def milestones(cost: str | None, currency: str | None, database_url: str | None, as_json: bool) -> None:
    """Steps completed, halfway, last dose, days since; and money no longer spent."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    if cost is not None:
        svc.set_cost(ctx.engine, ctx.person.id, cost, currency)
    elif currency is not None:
        raise click.UsageError("--currency goes together with --cost.")
    view = svc.milestones_view(ctx.engine, ctx.person.id)
    if as_json:
        echo_json(view)
        return
    for m in view["celebrate"]:
        secho(f"* {msg.CELEBRATE} {m['text']}", bold=True)
    if view["celebrate"]:
        echo("")
    if not view["milestones"]:
        echo("No milestones yet: the first comes when you finish your first step.")
    for m in view["milestones"]:
        echo(f"{m['achieved_on']}  {m['text']}")
    if view["days_since_last_dose"] is not None:
        days = view["days_since_last_dose"]
        word = formatting.plural(days, "day", "days")
        echo("\n" + msg.MILESTONE_DAYS_FREE.format(days=days, day_word=word))
    if view["money_text"]:
        echo("\n" + view["money_text"])
    if view["lapses"]:
        echo("\n" + msg.LAPSES_KEPT.format(count=len(view["lapses"])))
