"""The `support` command group: your people, support groups, helplines, distractions and card."""

from __future__ import annotations

import click

from stepdown.cli import hints
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.output import echo
from stepdown.messages import toolkit as msg


@click.group(name="support", invoke_without_command=True)
@database_option
@json_option
@click.pass_context
def support(ctx: click.Context, database_url: str | None, as_json: bool) -> None:
    """Your people, support groups, helplines and distraction list; `support card` prints a card."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(support_list, database_url=database_url, as_json=as_json)


@support.command(name="list")
@database_option
@json_option
def support_list(database_url: str | None = None, as_json: bool = False) -> None:
    """Everyone and everything you can turn to."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    view = svc.support_view(ctx.engine, ctx.person.id)
    if as_json:
        echo_json(view)
        return
    echo("People")
    if not view["contacts"]:
        echo("  (none yet: stepdown support add --name NAME --phone NUMBER)")
    for c in view["contacts"]:
        role = " - therapist/counsellor" if c["is_therapist"] else ""
        rel = f" ({c['relation']})" if c["relation"] else ""
        echo(f"  [{c['id']}] {c['name']}{rel}: {c['phone']}{role}")
    echo("\nSupport groups")
    for g in view["groups"]:
        ident = "" if g["builtin"] else f"[{g['id']}] "
        kind = f" ({g['kind']})" if g["kind"] else ""
        echo(f"  {ident}{g['name']}{kind}" + (f": {g['details']}" if g["details"] else ""))
    echo("\nHelplines (US, free, 24/7)")
    for h in view["helplines"]:
        echo(f"  {h['name']}: {h['phone']} - {h['details']}")
    echo("\nDistractions")
    for d in view["distractions"]:
        echo(f"  [{d['id']}] {d['text']}")
    if view["suggested_distractions"]:
        echo("  Some ideas (add your own with `stepdown support distraction TEXT`):")
    for text in view["suggested_distractions"]:
        echo(f"  - {text}")


@support.command(name="add")
@click.option("--name", required=True, metavar="NAME", help="Their name.")
@click.option("--phone", required=True, metavar="NUMBER", help="Their phone number.")
@click.option("--relation", default=None, metavar="TEXT", help="Who they are to you (friend, sister...).")
@click.option("--therapist", is_flag=True, help="This is your therapist or counsellor.")
@database_option
def support_add(
    name: str, phone: str, relation: str | None, therapist: bool, database_url: str | None
) -> None:
    """Add a person to call."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    c = svc.add_contact(
        ctx.engine,
        ctx.person.id,
        {"name": name, "phone": phone, "relation": relation, "is_therapist": therapist},
    )
    echo(f"Added {c['name']} ({c['phone']}) as contact {c['id']}.")


@support.command(name="add-group")
@click.option("--name", required=True, metavar="NAME", help="The group's name.")
@click.option("--kind", default=None, metavar="TEXT", help="What kind of group.")
@click.option("--details", default=None, metavar="TEXT", help="When and where it meets, how to join.")
@database_option
def support_add_group(name: str, kind: str | None, details: str | None, database_url: str | None) -> None:
    """Add a support group you go to."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    g = svc.add_group(ctx.engine, ctx.person.id, {"name": name, "kind": kind, "details": details})
    echo(f"Added {g['name']} as group {g['id']}.")


@support.command(name="distraction")
@click.argument("text")
@database_option
def support_distraction(text: str, database_url: str | None) -> None:
    """Add something that takes your mind off an urge."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    d = svc.add_distraction(ctx.engine, ctx.person.id, text)
    echo(f"Added to your distraction list ({d['id']}): {d['text']}")


@support.command(name="remove")
@click.argument("what", type=click.Choice(["contact", "group", "distraction"]))
@click.argument("item_id", metavar="ID")
@database_option
def support_remove(what: str, item_id: str, database_url: str | None) -> None:
    """Remove one of your contacts, groups or distractions by its id."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    svc.remove(ctx.engine, ctx.person.id, what, item_id)
    echo(f"Removed {what} {item_id}.")


@support.command(name="card")
@database_option
@json_option
def support_card(database_url: str | None, as_json: bool) -> None:
    """Print your emergency card (to cut out and carry)."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    card = svc.emergency_card(ctx.engine, ctx.person.id)
    if as_json:
        echo_json(card.to_dict())
        return
    echo(card.to_text())
    if (msg.CARD_NO_CONTACTS, "") in card.sections[0].lines:
        echo(hints.NO_CONTACTS)  # not on the card itself, which is printed and carried
