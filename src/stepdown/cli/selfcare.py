"""The `selfcare` command: self-care week by week, beside symptom and craving scores."""

from __future__ import annotations

import click

from stepdown import formatting
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.output import echo


@click.command(name="selfcare")
@click.option("--weeks", default="4", show_default=True, metavar="1-52", help="How many weeks to show.")
@click.option("--bedtime", default=None, metavar="HH:MM", help="Set your target bedtime.")
@database_option
@json_option
def selfcare(weeks: str, bedtime: str | None, database_url: str | None, as_json: bool) -> None:
    """Your self-care week by week, beside symptom and craving scores."""
    from stepdown.messages.checkin import SELF_CARE_LABELS
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    if bedtime is not None:
        svc.set_bedtime(ctx.engine, ctx.person.id, bedtime)
    view = svc.selfcare_view(ctx.engine, ctx.person.id, weeks=weeks)
    if as_json:
        echo_json(view)
        return
    if view["bedtime"]:
        echo(f"Target bedtime: {view['bedtime']}\n")
    if not view["enough"]:  # the note alone, as on the page: a table would contradict it
        for f in view["findings"]:
            echo(f"- {f['text']}")
        return
    labels = dict(SELF_CARE_LABELS)
    echo(f"{'Week of':<12}{'check-ins':>10}{'self-care days':>16}{'craving':>9}{'symptoms':>10}")
    for w in view["weeks"]:
        craving = "-" if w["craving_mean"] is None else f"{w['craving_mean']}/10"
        symptoms = "-" if w["symptom_mean"] is None else f"{w['symptom_mean']}%"
        echo(
            f"{w['week_start']:<12}{w['checkin_days']:>10}{w['self_care_days']:>16}{craving:>9}{symptoms:>10}"
        )
    last = view["weeks"][-1]
    echo("\nThis week:")
    for item in view["items"]:
        echo(f"  {labels.get(item, item)}: {formatting.days(last['item_days'][item])}")
    echo("")
    for f in view["findings"]:
        echo(f"- {f['text']}")
