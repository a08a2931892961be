"""`stepdown proposals`: list, accept, decline, or return to the previous step."""

from __future__ import annotations

import click

from stepdown.cli import hints
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.context import group_database_url as _group_url
from stepdown.cli.daily_shared import _heading
from stepdown.cli.output import echo, style
from stepdown.cli.supply import print_revision_supply
from stepdown.domain.errors import InvalidInput

# --- proposals ----------------------------------------------------------------------------------


@click.group(name="proposals", invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="List decided proposals too.")
@database_option
@json_option
@click.pass_context
def proposals(click_ctx: click.Context, show_all: bool, database_url: str | None, as_json: bool) -> None:
    """List the plan changes waiting for your decision; accept or decline each one."""
    click_ctx.ensure_object(dict)
    click_ctx.obj["database_url"] = database_url
    if click_ctx.invoked_subcommand is not None:
        return
    from stepdown.services.proposals import list_proposals

    ctx = open_database(database_url)
    rows = list_proposals(
        ctx.engine, ctx.person.id, status=None if show_all else "pending", today=ctx.person.today()
    )
    if as_json:
        echo_json(rows)
        return
    if not rows:
        echo("No proposals waiting." if not show_all else "No proposals yet.")
        return
    for row in rows:
        echo(_heading(f"#{row['id']} {row['title']} ({row['status']}, {row['day']})"))
        echo(f"  {row['explanation']}")
        if row["status"] == "pending":
            echo(f"  {hints.ACCEPT.format(id=row['id'])}")


def _proposal_id(value: str) -> int:
    from stepdown.domain.numbers import parse_id

    return parse_id(value, "A proposal")


@proposals.command(name="accept")
@click.argument("proposal_id", metavar="ID")
@database_option
@json_option
@click.pass_context
def accept(click_ctx: click.Context, proposal_id: str, database_url: str | None, as_json: bool) -> None:
    """Accept a proposal: a new plan revision is written and the remaining steps are re-dated."""
    from stepdown.services.proposals import accept as service

    ctx = open_database(_group_url(click_ctx, database_url))
    with hints.unknown_proposal():
        result = service(ctx.engine, ctx.person.id, _proposal_id(proposal_id), day=ctx.person.today())
    if as_json:
        echo_json(result)
        return
    revision = result["revision"]
    if revision is None:
        echo(f"Accepted proposal #{result['proposal']['id']}; your plan goes on unchanged.")
        return
    echo(f"Accepted. Plan revision {revision['number']}: {revision['reason']}")
    echo(f"Your taper now ends on {revision['end']}.")
    print_revision_supply(revision)


@proposals.command(name="decline")
@click.argument("proposal_id", metavar="ID")
@click.option("--note", default=None, metavar="TEXT", help="Why, for your own record.")
@database_option
@json_option
@click.pass_context
def decline(
    click_ctx: click.Context, proposal_id: str, note: str | None, database_url: str | None, as_json: bool
) -> None:
    """Decline a proposal; the plan stays as it is and your decision is recorded."""
    from stepdown.services.proposals import decline as service

    ctx = open_database(_group_url(click_ctx, database_url))
    with hints.unknown_proposal():
        result = service(
            ctx.engine, ctx.person.id, _proposal_id(proposal_id), day=ctx.person.today(), note=note
        )
    if as_json:
        echo_json(result)
        return
    echo(f"Declined proposal #{result['id']}; your plan is unchanged.")


@proposals.command(name="return-to-previous")
@click.option("--reason", required=True, metavar="TEXT", help="Why you want to go back (kept with the plan).")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Do not ask again after the warning.")
@database_option
@json_option
@click.pass_context
def return_to_previous(
    click_ctx: click.Context, reason: str, assume_yes: bool, database_url: str | None, as_json: bool
) -> None:
    """Go back to the previous step's dose, at your own request (talk to your clinician too).

    The tolerance warning comes first; it never goes above the dose your plan started from."""
    from stepdown.cli.prompts import confirm
    from stepdown.messages.safety import TOLERANCE_WARNING
    from stepdown.services.proposals import return_refusal
    from stepdown.services.proposals import return_to_previous as service

    if not reason.strip():
        raise InvalidInput("Please give a reason for going back to the previous step.", field="reason")
    ctx = open_database(_group_url(click_ctx, database_url))
    refusal = return_refusal(ctx.engine, ctx.person.id, ctx.person.today())
    if refusal is not None:  # before the warning and the question, not after them
        raise InvalidInput(refusal, field="day")
    if not as_json:
        echo(style("Please read first: " + TOLERANCE_WARNING, fg="red", bold=True))
    if not assume_yes and not as_json and not confirm("Go back to the previous step?"):
        raise click.exceptions.Abort()
    result = service(ctx.engine, ctx.person.id, reason=reason, day=ctx.person.today())
    if as_json:
        echo_json({**result, "tolerance_warning": TOLERANCE_WARNING})
        return
    echo(f"Plan revision {result['revision']['number']}: back to the previous step. {reason}")
    echo(TOLERANCE_WARNING)
    print_revision_supply(result["revision"])
