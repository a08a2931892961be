"""`stepdown take dose` and `stepdown take magnesium`."""

from __future__ import annotations

import click

from stepdown import formatting
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.daily_shared import _day
from stepdown.cli.output import echo, style

# --- take ---------------------------------------------------------------------------------------


@click.group(name="take")
def take() -> None:
    """Log a dose or a magnesium serving you took."""


@take.command(name="dose")
@click.option(
    "--amount", default=None, metavar="AMOUNT", help="Amount taken in the plan's unit (default: planned)."
)
@click.option(
    "--day", default=None, metavar="YYYY-MM-DD", help="The day (default today; never a future day)."
)
@click.option("--note", default=None, metavar="TEXT", help="A note, e.g. why it differs from the plan.")
@database_option
@json_option
def take_dose(
    amount: str | None, day: str | None, note: str | None, database_url: str | None, as_json: bool
) -> None:
    """Log a dose. Without --amount, the next planned portion of the day is logged."""
    from stepdown.messages.daily import EARLIER_PLAN_TODAY
    from stepdown.messages.safety import TOLERANCE_WARNING
    from stepdown.services.doses import take_dose as service

    ctx = open_database(database_url)
    result = service(
        ctx.engine, ctx.person.id, day=_day(day, ctx), today=ctx.person.today(), amount=amount, note=note
    )
    if as_json:
        echo_json(result.to_dict())
        return
    n = formatting.number
    planned = " (not planned)"
    if result.planned is not None:
        planned = f" (planned {n(result.planned)} {result.unit})"
    on = formatting.day(result.day)
    echo(f"Logged {n(result.actual)} {result.unit} on {on}{planned} (dose #{result.id}).")
    if result.planned_today is not None:
        echo(f"Today so far: {n(result.taken_today)} of {n(result.planned_today)} {result.unit}.")
    if result.earlier_plan_today:
        echo(EARLIER_PLAN_TODAY.format(amount=f"{n(result.earlier_plan_today)} {result.unit}"))
    if result.above_plan:
        echo(style(TOLERANCE_WARNING, fg="red"))
    if result.above_start:
        echo(
            f"That is more than the {result.start_amount} {result.unit} a day your plan started from. "
            f"If you took more than you meant to, log it as a lapse for a gentler plan from where you are: "
            f"`stepdown lapse log --amount {result.actual}` (add --now-taking with your daily amount now)."
        )
    echo(
        f"A typo? `stepdown doses correct {result.id} --amount AMOUNT` "
        f"or `stepdown doses remove {result.id}`."
    )


@take.command(name="magnesium")
@click.option(
    "--mg", "elemental_mg", default=None, metavar="MG", help="Elemental magnesium in mg (default: planned)."
)
@click.option(
    "--meal", default=None, metavar="MEAL", help="The meal it was taken with (default: the next planned)."
)
@click.option(
    "--day", default=None, metavar="YYYY-MM-DD", help="The day (default today; never a future day)."
)
@database_option
@json_option
def take_magnesium(
    elemental_mg: str | None, meal: str | None, day: str | None, database_url: str | None, as_json: bool
) -> None:
    """Log a magnesium serving (written Mg or magnesium, never "MGM")."""
    from stepdown.services.doses import take_magnesium as service

    ctx = open_database(database_url)
    result = service(
        ctx.engine,
        ctx.person.id,
        day=_day(day, ctx),
        today=ctx.person.today(),
        meal=meal,
        elemental_mg=elemental_mg,
    )
    if as_json:
        echo_json(result.to_dict())
        return
    n = formatting.number
    with_meal = f" with {result.meal}" if result.meal else ""
    on = formatting.day(result.day)
    echo(f"Logged {n(result.elemental_mg)} mg elemental magnesium{with_meal} on {on}.")
    planned = f" of {n(result.planned_today_mg)} mg planned" if result.planned_today_mg is not None else ""
    echo(f"Today so far: {n(result.taken_today_mg)} mg{planned}.")
    if result.plan_blocked:
        echo(style(result.plan_blocked, fg="red", bold=True))
    if result.above_upper_limit:
        echo(
            "That is above 350 mg a day from supplements, the upper limit for adults; loose stools are the "
            "first sign of too much. Talk to a clinician before taking more."
        )
