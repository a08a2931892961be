"""The `lapse` command group: log unplanned use without judgement, and list the lapses."""

from __future__ import annotations

import click

from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.output import echo, secho
from stepdown.domain.errors import InvalidInput
from stepdown.messages import toolkit as msg


@click.group(name="lapse")
def lapse() -> None:
    """Log unplanned use without judgement, reflect on it, and get a gentler plan to accept."""


@lapse.command(name="log")
@click.option("--amount", prompt="How much did you take?", metavar="AMOUNT", help="How much you took.")
@click.option("--unit", default=None, metavar="UNIT", help="Unit of the amount (default: your plan's unit).")
@click.option("--at", "at", default=None, metavar="YYYY-MM-DDTHH:MM", help="When (default: now).")
@click.option("--led-to", default=None, metavar="TEXT", help="What led to it.")
@click.option("--too-fast", default=None, metavar="yes|no|not sure", help="Did the taper feel too fast?")
@click.option("--unforeseen-trigger", default=None, metavar="TEXT", help="A trigger you did not see coming.")
@click.option(
    "--support", "support_", default=None, metavar="TEXT", help="Who you could reach out to next time."
)
@click.option("--next-time", default=None, metavar="TEXT", help="What might help next time.")
@click.option("--note", default=None, metavar="TEXT", help="A note for yourself.")
@click.option(
    "--now-taking",
    default=None,
    metavar="AMOUNT",
    help="The daily amount you take now; the gentler plan starts from it (default: today's planned amount).",
)
@click.option(
    "--clinician-agreed",
    default=None,
    metavar="TEXT",
    help="What your clinician agreed (who, when): needed for a plan above your starting dose.",
)
@database_option
@json_option
def lapse_log(
    amount: str,
    unit: str | None,
    at: str | None,
    led_to: str | None,
    too_fast: str | None,
    unforeseen_trigger: str | None,
    support_: str | None,
    next_time: str | None,
    note: str | None,
    now_taking: str | None,
    clinician_agreed: str | None,
    database_url: str | None,
    as_json: bool,
) -> None:
    """Log a lapse. Nothing is reset: your history and milestones stay."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    reflection = {
        k: v
        for k, v in {
            "too_fast": too_fast,
            "unforeseen_trigger": unforeseen_trigger,
            "support": support_,
            "next_time": next_time,
        }.items()
        if v is not None
    }
    raw = {"amount": amount, "unit": unit, "at": at, "led_to": led_to, "reflection": reflection, "note": note}
    try:
        result = svc.log_lapse(
            ctx.engine, ctx.person.id, raw, current_daily=now_taking, clinician_agreement=clinician_agreed
        )
    except InvalidInput as exc:
        if exc.field == "current_daily" and "your plan started from" in exc.message:  # name the options
            raise InvalidInput(
                f"{exc.message} (--now-taking; if a clinician agreed to a higher dose: "
                "--clinician-agreed TEXT)",
                field=exc.field,
            ) from None
        raise
    if as_json:
        echo_json(result)
        return
    echo("Lapse logged. " + result["message"])
    echo("")
    secho("Please read: " + result["tolerance_warning"], bold=True)
    echo("")
    if not reflection:
        echo(
            "Some questions to think over (you can add answers with the --too-fast, --unforeseen-trigger,"
        )
        echo("--support and --next-time options next time):")
        for p in result["prompts"]:
            echo(f"  - {p['question']}")
        echo("")
    proposal = result["proposal"]
    if result["replan_problem"]:
        echo(result["replan_problem"])
        if result["replan_problem"] == msg.REPLAN_AFTER_END:
            echo("(Give the daily amount you take now with --now-taking.)")
    if proposal:
        echo(proposal["explanation"])
        echo(f"Proposal {proposal['id']}: accept with `stepdown proposals accept {proposal['id']}`.")
    echo("\nIf you are in danger, call 911. For thoughts of self-harm, call or text 988.")


@lapse.command(name="list")
@database_option
@json_option
def lapse_list(database_url: str | None, as_json: bool) -> None:
    """Every lapse with your notes; they stay part of your history."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    rows = svc.list_lapses(ctx.engine, ctx.person.id)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        echo("No lapses logged.")
        return
    for r in rows:
        echo(f"{r['at']}  {r['amount']} {r['unit']}" + (f"  - {r['led_to']}" if r["led_to"] else ""))
        for pid, question in msg.REFLECTION_PROMPTS:
            if pid in r["reflection"]:
                echo(f"    {question} {r['reflection'][pid]}")
        if r["note"]:
            echo(f"    Note: {r['note']}")
