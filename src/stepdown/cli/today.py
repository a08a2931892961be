"""`stepdown today` and `stepdown status`: what to take today, and how the taper is going."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from stepdown import formatting
from stepdown.cli import hints
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.daily_shared import _day, _heading, _urgent_block
from stepdown.cli.output import echo
from stepdown.cli.supply import print_supply
from stepdown.cli.types import Whole
from stepdown.messages import words

# --- today --------------------------------------------------------------------------------------


@click.command(name="today")
@click.option("--day", default=None, metavar="YYYY-MM-DD", help="Show another day (default: today).")
@click.option("--acknowledge", is_flag=True, help="Mark the red flags shown as read (after reading them).")
@database_option
@json_option
def today(day: str | None, acknowledge: bool, database_url: str | None, as_json: bool) -> None:
    """What to take today and when, magnesium with meals, proposals waiting, and red flags first."""
    from stepdown.services.red_flags import acknowledge as acknowledge_flags
    from stepdown.services.today import today_view

    ctx = open_database(database_url)
    the_day = _day(day, ctx)
    view = today_view(ctx.engine, ctx.person.id, the_day)
    acknowledged = 0
    if acknowledge and view.red_flags:
        # The view (with the red flags) is printed below in the same run: nothing is marked unseen.
        acknowledged = acknowledge_flags(
            ctx.engine, ctx.person.id, event_ids=[f["id"] for f in view.red_flags], day=ctx.person.today()
        )
    milestones: list[dict[str, Any]] = []
    if view.plan is not None and the_day == ctx.person.today():
        from stepdown.services.toolkit import celebrate_new_milestones

        # Marked celebrated as they are shown (here, on the web or in `milestones`), so each is said once.
        milestones = celebrate_new_milestones(ctx.engine, ctx.person.id)
    if as_json:
        echo_json({**view.to_dict(), "acknowledged": acknowledged, "milestones": milestones})
        return
    _print_today(view, acknowledged=acknowledged, milestones=milestones)


def _print_today(view: Any, *, acknowledged: int, milestones: list[dict[str, Any]] | None = None) -> None:

    if view.emergency_flags:  # true red flags first, in the emergency wording
        lines = []
        for flag in view.emergency_flags:
            names = ", ".join(f["question"] if isinstance(f, dict) else str(f) for f in flag["flags"])
            when = formatting.day(flag["day"])
            lines.append(f"Red flag from {when}: {names}" if names else f"Red flag from {when}")
        _urgent_block(view.urgent_guidance + lines, ack_hint=not acknowledged and not view.seek_care)
    if view.seek_care:  # symptoms that stay strong: still first and kept until acknowledged
        days = ", ".join(dict.fromkeys(formatting.day(f["day"]) for f in view.seek_care))
        lines = [f"Strong withdrawal symptoms on {days}."]
        _urgent_block(view.seek_care_guidance + lines, ack_hint=not acknowledged, colour="yellow")
    if view.red_flags and acknowledged:
        marked = formatting.count(acknowledged, "red flag", "red flags")
        echo(f"Marked {marked} as read. Please act on them if you have not yet.\n")
    if milestones:  # after the red flags, which always come first
        from stepdown.messages.toolkit import CELEBRATE

        echo(_heading(CELEBRATE))
        for milestone in milestones:
            echo(f"  * {milestone['text']}")
        echo()
    plan = view.plan
    if plan is not None and plan["state"] == "active":
        echo(
            _heading(
                f"{formatting.day(view.day, 'long')}: day {plan['day_number']} of {plan['total_days']}, "
                f"step {plan['step_number']} of {plan['step_count']} "
                f"({plan['daily_amount']} {plan['unit']} a day)"
            )
        )
        for dose in view.doses:
            mark = "[x]" if dose["taken"] else "[ ]"
            echo(f"  {mark} {dose['time']:<14} {dose['label']}")
        if plan["next_change"]:
            change = plan["next_change"]
            on = formatting.day(change["day"])
            echo(f"  Next change: {change['daily_amount']} {plan['unit']} a day from {on}.")
    else:
        echo(_heading(formatting.day(view.day, "long")))
    for line in view.messages:
        echo(f"  {hints.with_hint(line)}")
    print_supply(view.supply)
    if view.magnesium:
        echo(_heading("Magnesium, with meals"))
        for serving in view.magnesium:
            mark = "[x]" if serving["taken"] else "[ ]"
            echo(f"  {mark} {serving['meal']:<14} {serving['elemental_mg']} mg elemental")
    if view.proposals:
        echo(_heading("Waiting for your decision"))
        for proposal in view.proposals:
            echo(f"  #{proposal['id']} {proposal['title']}: {proposal['explanation']}")
            echo(f"     {hints.ACCEPT.format(id=proposal['id'])}")
    echo()
    echo(view.disclaimer)


# --- status -------------------------------------------------------------------------------------


@click.command(name="status")
@click.option("--day", default=None, metavar="YYYY-MM-DD", help="Status on another day (default: today).")
@click.option(
    "--days", default=28, show_default=True, type=Whole(1, 366), help="Days of trend to show."
)
@database_option
@json_option
def status(day: str | None, days: int, database_url: str | None, as_json: bool) -> None:
    """Day X of Y, the current step, and dose and symptom trends as sparklines."""
    from stepdown.cli.sparkline import sparkline
    from stepdown.services.red_flags import is_symptoms_notice, open_red_flags, seek_care_lines, urgent_lines
    from stepdown.services.status import status_view

    ctx = open_database(database_url)
    view = status_view(ctx.engine, ctx.person.id, day=_day(day, ctx), days=days)
    flags = open_red_flags(ctx.engine, ctx.person.id)
    if as_json:
        echo_json({**view.to_dict(), "open_red_flags": flags})
        return
    notices = [f for f in flags if is_symptoms_notice(f)]
    if len(notices) < len(flags):
        _urgent_block(urgent_lines(), ack_hint=not notices)
    if notices:
        _urgent_block(seek_care_lines(), ack_hint=True, colour="yellow")
    plan = view.plan
    if plan is None:
        from stepdown.messages import daily as msg

        echo(hints.with_hint(msg.NO_PLAN))
        return
    if plan["state"] == "active":
        echo(_heading(f"Day {plan['day_number']} of {plan['total_days']}"))
        echo(
            f"Step {plan['step_number']} of {plan['step_count']}: "
            f"{plan['daily_amount']} {plan['unit']} a day "
            f"until {formatting.day(plan['step_ends'])} "
            f"(your plan started from {plan['starting_amount']} {plan['unit']} a day)."
        )
    elif plan["state"] == "before":
        start = formatting.day(plan["start"])
        echo(_heading(f"Your taper starts on {start} ({formatting.days(plan['total_days'])})."))
    else:
        echo(_heading(f"Your taper ended on {formatting.day(plan['end'])}."))
    echo(f"First day free: {formatting.day(plan['first_free_day'])}.")
    rev = view.revision
    echo(f"Plan revision {rev['number']} ({words.revision_kind(rev['kind'])}): {rev['reason']}")
    if view.dose_trend:
        planned = [d["planned"] for d in view.dose_trend]
        taken = [d["taken"] for d in view.dose_trend]
        top = max([v for v in planned + taken if v is not None] or [1])
        echo(
            _heading(f"Dose, last {formatting.days(len(view.dose_trend))} ({plan['unit']} a day, 0-{top})")
        )
        echo(f"  planned {sparkline(planned, low=0, high=top)}")
        echo(f"  taken   {sparkline(taken, low=0, high=top)}")
    if view.symptom_trend:
        shares = [
            None if not s["max_total"] else 100 * s["total"] / s["max_total"]
            for s in _daily(view.symptom_trend, view)
        ]
        cravings = [None if s is None else s["craving"] for s in _by_day(view.symptom_trend, view)]
        sleep = [None if s is None else s["sleep_hours"] for s in _by_day(view.symptom_trend, view)]
        last = view.symptom_trend[-1]
        last_score = f"last: {last['total']} of {last['max_total']}"
        echo(_heading(f"Symptoms, last {formatting.days(days)} ({last_score})"))
        echo(f"  withdrawal {sparkline(shares, low=0, high=100)}")
        echo(f"  craving    {sparkline(cravings, low=0, high=10)}")
        echo(f"  sleep (h)  {sparkline(sleep, low=0, high=12)}")
    counts = view.counts
    echo(
        f"Holds: {counts.get('hold', 0)}, slow-downs: {counts.get('slowdown', 0)}, "
        f"red flags: {counts.get('red_flag', 0)}, proposals waiting: {counts.get('pending_proposals', 0)}."
    )


def _by_day(trend: list[dict[str, Any]], view: Any) -> list[dict[str, Any] | None]:
    """One entry per day of the window, None where there was no check-in."""
    from datetime import timedelta

    by_day = {s["day"]: s for s in trend}
    first = date.fromisoformat(trend[0]["day"])
    out: list[dict[str, Any] | None] = []
    cursor = first
    while cursor <= view.day:
        out.append(by_day.get(cursor.isoformat()))
        cursor += timedelta(days=1)
    return out


def _daily(trend: list[dict[str, Any]], view: Any) -> list[dict[str, Any]]:
    return [s if s is not None else {"total": None, "max_total": None} for s in _by_day(trend, view)]
