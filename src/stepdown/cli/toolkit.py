"""Recovery toolkit commands: craving, lapse, support, milestones, breathe, selfcare.

Thin: parse options, call `stepdown.services.toolkit`, print. Storage is imported inside command
bodies (through `open_database`) so start-up stays fast. The breathing guide takes its sleep
function from click's context object (`obj={"sleep": fn}`), so tests run it without waiting.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import click

from stepdown import formatting
from stepdown.cli import hints
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.messages import toolkit as msg


def _sleep_fn(ctx: click.Context) -> Callable[[float], Any]:
    obj = ctx.find_root().obj
    if isinstance(obj, dict) and callable(obj.get("sleep")):
        return obj["sleep"]
    return time.sleep


# --- craving -------------------------------------------------------------------------------------


@click.group(name="craving")
def craving() -> None:
    """Log urges, list them, see their patterns, or ride one out with the urge timer."""


@craving.command(name="log")
@click.option(
    "--intensity", prompt="How strong is the urge (0-10)?", metavar="0-10", help="Strength, 0 to 10."
)
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
    prompt="Did it pass, or did you use? (passed/used)",
    metavar="passed|used",
    help="Whether the urge passed or led to use.",
)
@click.option("--at", "at", default=None, metavar="YYYY-MM-DDTHH:MM", help="When (default: now).")
@click.option("--note", default=None, metavar="TEXT", help="A note for yourself.")
@database_option
@json_option
def craving_log(
    intensity: str,
    triggers: tuple[str, ...],
    helped: str | None,
    outcome: str,
    at: str | None,
    note: str | None,
    database_url: str | None,
    as_json: bool,
) -> None:
    """Log an urge in one line: stepdown craving log --intensity 6 --trigger stress --outcome passed"""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    raw = {"intensity": intensity, "triggers": list(triggers), "helped": helped, "outcome": outcome}
    raw.update({"at": at, "note": note})
    result = svc.log_craving(ctx.engine, ctx.person.id, raw)
    if as_json:
        echo_json(result)
        return
    c = result["craving"]
    tags = ", ".join(c["triggers"]) or "no trigger noted"
    click.echo(f"Urge {c['intensity']}/10 at {c['at']} ({tags}).")
    click.echo(hints.with_hint(result["message"]))


@craving.command(name="list")
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="How many to show."
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
        click.echo("No urges logged yet. `stepdown craving log` takes a few seconds.")
        return
    for r in rows:
        tags = ", ".join(r["triggers"]) or "-"
        helped = f"; helped: {r['helped']}" if r["helped"] else ""
        outcome = msg.OUTCOME_LABELS[r["outcome"]]
        click.echo(f"{r['at']}  {r['intensity']:>2}/10  {outcome:<10}  {tags}{helped}")
        if r["note"]:
            click.echo(f"    {r['note']}")


@craving.command(name="patterns")
@click.option(
    "--days", default=90, show_default=True, type=click.IntRange(7, 3650), help="How far back to look."
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
        click.echo(f"- {finding['text']}")
    if result["triggers"]:
        click.echo("\nTriggers:")
        for t in result["triggers"]:
            urges = formatting.plural(t["count"], "urge", "urges")
            click.echo(f"  {t['trigger']:<20} {t['count']:>3} {urges}, average {t['mean_intensity']}/10")
    if result["periods"]:
        click.echo("\nTimes of day:")
        for p in result["periods"]:
            click.echo(f"  {msg.PERIODS[p['period']]:<32} {p['count']:>3}")


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
    click.echo(msg.URGE_TIMER_INTRO)
    length = formatting.count(seconds // 60, "minute", "minutes")
    click.echo(f"{length} of {ex.name}. Press Ctrl+C to stop at any time.\n")
    _guide(ex.cycle * cycles, _sleep_fn(ctx), every_cycle=len(ex.cycle), total=seconds)
    click.echo("\n" + msg.URGE_TIMER_DONE)
    click.echo("Log it if you like: stepdown craving log --intensity N --outcome passed")


# --- breathe -------------------------------------------------------------------------------------


def _guide(phases: tuple[Any, ...], sleep: Callable[[float], Any], *, every_cycle: int, total: int) -> None:
    elapsed = 0
    for i, phase in enumerate(phases):
        if i and i % every_cycle == 0:
            left = max(0, total - elapsed)
            click.echo(f"  ({left // 60}:{left % 60:02d} left)")
        click.echo(f"{phase.label:<20}", nl=False)
        for second in range(1, phase.seconds + 1):
            sleep(1)
            click.echo(f" {second}", nl=False)
        click.echo()
        elapsed += phase.seconds


@click.command(name="breathe")
@click.option(
    "--pattern", default="box", show_default=True, metavar="box|4-7-8", help="Box breathing or 4-7-8."
)
@click.option("--cycles", default=None, metavar="1-50", help="How many rounds (default 4).")
@click.pass_context
def breathe(ctx: click.Context, pattern: str, cycles: str | None) -> None:
    """A guided breathing exercise in the terminal, one count a second."""
    from stepdown.domain.toolkit import breathing

    ex = breathing.exercise(pattern)
    phases = breathing.sequence(pattern, cycles)
    total = breathing.total_seconds(phases)
    rounds = formatting.count(len(phases) // len(ex.cycle), "round", "rounds")
    click.echo(f"{ex.name}: {rounds}, about {math.ceil(total / 60)} min.\n")
    _guide(phases, _sleep_fn(ctx), every_cycle=len(ex.cycle), total=total)
    click.echo("\n" + msg.BREATHE_DONE)


# --- lapse ---------------------------------------------------------------------------------------


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
    result = svc.log_lapse(ctx.engine, ctx.person.id, raw, current_daily=now_taking)
    if as_json:
        echo_json(result)
        return
    click.echo("Lapse logged. " + result["message"])
    click.echo("")
    click.secho("Please read: " + result["tolerance_warning"], bold=True)
    click.echo("")
    if not reflection:
        click.echo(
            "Some questions to think over (you can add answers with the --too-fast, --unforeseen-trigger,"
        )
        click.echo("--support and --next-time options next time):")
        for p in result["prompts"]:
            click.echo(f"  - {p['question']}")
        click.echo("")
    proposal = result["proposal"]
    if result["replan_problem"]:
        click.echo(result["replan_problem"])
    if proposal:
        click.echo(proposal["explanation"])
        click.echo(f"Proposal {proposal['id']}: accept with `stepdown proposals accept {proposal['id']}`.")
    click.echo("\nIf you are in danger, call 911. For thoughts of self-harm, call or text 988.")


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
        click.echo("No lapses logged.")
        return
    for r in rows:
        click.echo(f"{r['at']}  {r['amount']} {r['unit']}" + (f"  - {r['led_to']}" if r["led_to"] else ""))
        for pid, question in msg.REFLECTION_PROMPTS:
            if pid in r["reflection"]:
                click.echo(f"    {question} {r['reflection'][pid]}")
        if r["note"]:
            click.echo(f"    Note: {r['note']}")


# --- support -------------------------------------------------------------------------------------


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
    click.echo("People")
    if not view["contacts"]:
        click.echo("  (none yet: stepdown support add --name NAME --phone NUMBER)")
    for c in view["contacts"]:
        role = " - therapist/counsellor" if c["is_therapist"] else ""
        rel = f" ({c['relation']})" if c["relation"] else ""
        click.echo(f"  [{c['id']}] {c['name']}{rel}: {c['phone']}{role}")
    click.echo("\nSupport groups")
    for g in view["groups"]:
        ident = "" if g["builtin"] else f"[{g['id']}] "
        kind = f" ({g['kind']})" if g["kind"] else ""
        click.echo(f"  {ident}{g['name']}{kind}" + (f": {g['details']}" if g["details"] else ""))
    click.echo("\nHelplines (US, free, 24/7)")
    for h in view["helplines"]:
        click.echo(f"  {h['name']}: {h['phone']} - {h['details']}")
    click.echo("\nDistractions")
    for d in view["distractions"]:
        click.echo(f"  [{d['id']}] {d['text']}")
    if view["suggested_distractions"]:
        click.echo("  Some ideas (add your own with `stepdown support distraction TEXT`):")
    for text in view["suggested_distractions"]:
        click.echo(f"  - {text}")


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
    click.echo(f"Added {c['name']} ({c['phone']}) as contact {c['id']}.")


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
    click.echo(f"Added {g['name']} as group {g['id']}.")


@support.command(name="distraction")
@click.argument("text")
@database_option
def support_distraction(text: str, database_url: str | None) -> None:
    """Add something that takes your mind off an urge."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    d = svc.add_distraction(ctx.engine, ctx.person.id, text)
    click.echo(f"Added to your distraction list ({d['id']}): {d['text']}")


@support.command(name="remove")
@click.argument("what", type=click.Choice(["contact", "group", "distraction"]))
@click.argument("item_id", metavar="ID")
@database_option
def support_remove(what: str, item_id: str, database_url: str | None) -> None:
    """Remove one of your contacts, groups or distractions by its id."""
    from stepdown.services import toolkit as svc

    ctx = open_database(database_url)
    svc.remove(ctx.engine, ctx.person.id, what, item_id)
    click.echo(f"Removed {what} {item_id}.")


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
    click.echo(card.to_text())
    if (msg.CARD_NO_CONTACTS, "") in card.sections[0].lines:
        click.echo(hints.NO_CONTACTS)  # not on the card itself, which is printed and carried


# --- milestones ----------------------------------------------------------------------------------


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
        click.secho(f"* {msg.CELEBRATE} {m['text']}", bold=True)
    if view["celebrate"]:
        click.echo("")
    if not view["milestones"]:
        click.echo("No milestones yet: the first comes when you finish your first step.")
    for m in view["milestones"]:
        click.echo(f"{m['achieved_on']}  {m['text']}")
    if view["days_since_last_dose"] is not None:
        days = view["days_since_last_dose"]
        click.echo("\n" + msg.MILESTONE_DAYS_FREE.format(days=days, day_word="day" if days == 1 else "days"))
    if view["money_text"]:
        click.echo("\n" + view["money_text"])
    if view["lapses"]:
        click.echo("\n" + msg.LAPSES_KEPT.format(count=len(view["lapses"])))


# --- self-care -----------------------------------------------------------------------------------


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
        click.echo(f"Target bedtime: {view['bedtime']}\n")
    labels = dict(SELF_CARE_LABELS)
    click.echo(f"{'Week of':<12}{'check-ins':>10}{'self-care days':>16}{'craving':>9}{'symptoms':>10}")
    for w in view["weeks"]:
        craving = "-" if w["craving_mean"] is None else f"{w['craving_mean']}/10"
        symptoms = "-" if w["symptom_mean"] is None else f"{w['symptom_mean']}%"
        click.echo(
            f"{w['week_start']:<12}{w['checkin_days']:>10}{w['self_care_days']:>16}{craving:>9}{symptoms:>10}"
        )
    last = view["weeks"][-1]
    click.echo("\nThis week:")
    for item in view["items"]:
        click.echo(f"  {labels.get(item, item)}: {formatting.days(last['item_days'][item])}")
    click.echo("")
    for f in view["findings"]:
        click.echo(f"- {f['text']}")
