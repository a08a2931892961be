"""The `craving` command group: log urges, list them, see their patterns, or run the urge timer."""

from __future__ import annotations

import math

import click

from stepdown import formatting
from stepdown.cli import hints
from stepdown.cli.breathing import _guide, _sleep_fn
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.output import echo
from stepdown.cli.types import Whole
from stepdown.messages import toolkit as msg


@click.group(name="craving")
def craving() -> None:
    """Log urges, list them, see their patterns, or ride one out with the urge timer."""


@craving.command(name="log")
@click.option("--intensity", default=None, metavar="0-10", help="Strength, 0 to 10 (asked if left out).")
@click.option(
    "--trigger",
    "triggers",
    multiple=True,
    metavar="TAG",
    help="What set it off (repeatable): " + ", ".join(msg.DEFAULT_TRIGGERS) + ", or your own word.",
)
@click.option("--helped", default=None, metavar="TEXT", help="What helped, if anything.")
@click.option(
    "--outcome",
    default=None,
    metavar="passed|used",
    help="Whether the urge passed or led to use (asked if left out).",
)
@click.option("--at", "at", default=None, metavar="YYYY-MM-DDTHH:MM", help="When (default: now).")
@click.option("--note", default=None, metavar="TEXT", help="A note for yourself.")
@database_option
@json_option
def craving_log(
    intensity: str | None,
    triggers: tuple[str, ...],
    helped: str | None,
    outcome: str | None,
    at: str | None,
    note: str | None,
    database_url: str | None,
    as_json: bool,
) -> None:
    """Log an urge in one line: stepdown craving log --intensity 6 --trigger stress --outcome passed"""
    from stepdown.cli.prompts import Checked
    from stepdown.domain.toolkit.cravings import FIELD_CHECKS
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    raw = {"intensity": intensity, "triggers": list(triggers), "helped": helped, "outcome": outcome}
    # What was given is checked before anything missing is asked for (a typo is not met after a prompt).
    for name, value in raw.items():
        if value is not None:
            FIELD_CHECKS[name](value)
    asked = (("intensity", msg.CRAVING_INTENSITY_QUESTION), ("outcome", msg.CRAVING_OUTCOME_QUESTION))
    for name, question in asked:
        if raw[name] is None:
            raw[name] = click.prompt(question, type=Checked(FIELD_CHECKS[name]))
    raw.update({"at": at, "note": note})
    result = svc.log_craving(ctx.engine, ctx.person.id, raw)
    if as_json:
        echo_json(result)
        return
    c = result["craving"]
    tags = ", ".join(c["triggers"]) or "no trigger noted"
    echo(f"Urge {c['intensity']}/10 at {c['at']} ({tags}).")
    echo(hints.with_hint(result["message"]))


@craving.command(name="list")
@click.option(
    "--limit", default=20, show_default=True, type=Whole(1, 1000), help="How many to show."
)
@database_option
@json_option
def craving_list(limit: int, database_url: str | None, as_json: bool) -> None:
    """Your logged urges, newest first."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    rows = svc.list_cravings(ctx.engine, ctx.person.id, limit=limit)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        echo("No urges logged yet. `stepdown craving log` takes a few seconds.")
        return
    for r in rows:
        tags = ", ".join(r["triggers"]) or "-"
        helped = f"; helped: {r['helped']}" if r["helped"] else ""
        outcome = msg.OUTCOME_LABELS[r["outcome"]]
        echo(f"{r['at']}  {r['intensity']:>2}/10  {outcome:<10}  {tags}{helped}")
        if r["note"]:
            echo(f"    {r['note']}")


@craving.command(name="patterns")
@click.option(
    "--days", default=90, show_default=True, type=Whole(7, 3650), help="How far back to look."
)
@database_option
@json_option
def craving_patterns(days: int, database_url: str | None, as_json: bool) -> None:
    """Your top triggers, the times urges come, and how they move with sleep and symptoms."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    result = svc.craving_patterns(ctx.engine, ctx.person.id, days=days)
    if as_json:
        echo_json(result)
        return
    for finding in result["findings"]:
        echo(f"- {finding['text']}")
    if not result["enough"]:
        return  # the note alone: tables of a few counts would contradict it
    if result["triggers"]:
        echo("\nTriggers:")
        for t in result["triggers"]:
            urges = formatting.plural(t["count"], "urge", "urges")
            echo(f"  {t['trigger']:<20} {t['count']:>3} {urges}, average {t['mean_intensity']}/10")
    if result["periods"]:
        echo("\nTimes of day:")
        for p in result["periods"]:
            echo(f"  {msg.PERIODS[p['period']]:<32} {p['count']:>3}")


@craving.command(name="timer")
@click.option("--minutes", default=None, metavar="1-60", help="Length of the timer (default 15).")
@click.option("--pattern", default="box", show_default=True, metavar="box|4-7-8", help="Breathing to follow.")
@click.pass_context
def craving_timer(ctx: click.Context, minutes: str | None, pattern: str) -> None:
    """Urge timer: breathe along until the urge has peaked and passed."""
    from stepdown.domain.toolkit import breathing

    seconds = breathing.urge_timer_seconds(minutes)
    ex = breathing.exercise(pattern)
    cycles = math.ceil(seconds / ex.cycle_seconds)
    echo(msg.URGE_TIMER_INTRO)
    length = formatting.count(seconds // 60, "minute", "minutes")
    echo(f"{length} of {ex.name}. Press Ctrl+C to stop at any time.\n")
    _guide(ex.cycle * cycles, _sleep_fn(ctx), every_cycle=len(ex.cycle), total=seconds)
    echo("\n" + msg.URGE_TIMER_DONE)
    echo("Log it if you like: stepdown craving log --intensity N --outcome passed")
