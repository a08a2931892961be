"""`stepdown pause`: stay on today's dose 1-3 days more, at your own request (no proposal needed)."""

from __future__ import annotations

import click

from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.output import echo
from stepdown.messages import words


@click.command(name="pause")
@click.option(
    "--days", required=True, metavar="1-3", help="Days to stay on today's dose before the next change."
)
@click.option("--reason", required=True, metavar="TEXT", help="Why (kept with the plan).")
@database_option
@json_option
def pause(days: str, reason: str, database_url: str | None, as_json: bool) -> None:
    """Pause your taper for 1-3 days: today's dose stays longer, nothing is cut sooner.

    Recorded at once as a plan revision (kind "pause") with your reason. For a longer pause, talk
    to your clinician."""
    from stepdown.services.proposals import pause as service

    ctx = open_database(database_url)
    result = service(ctx.engine, ctx.person.id, days=days, reason=reason, day=ctx.person.today())
    if as_json:
        echo_json(result)
        return
    echo(f"Plan revision {result['revision']['number']} ({words.revision_kind('pause')}): {reason}")
    echo(result["message"])
    echo(f"Your taper now ends on {result['revision']['end']}.")
