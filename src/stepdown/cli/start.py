"""`stepdown init`: the intake questions, the plan and magnesium plan, then saving them."""

from __future__ import annotations

from typing import Any

import click

from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.daily_shared import _day, _heading
from stepdown.cli.dose_options import dose_form_options, form_from_options, naming_options
from stepdown.cli.intake_options import conditions_from, health_options
from stepdown.cli.output import echo, secho
from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import digits_text

# --- init ---------------------------------------------------------------------------------------


@click.command(name="init")
@dose_form_options
@click.option("--substance", default="7-oh", show_default=True, metavar="NAME", help="What you take.")
@click.option("--duration-days", default=None, metavar="DAYS", help="How many days you have used it.")
@click.option("--attempts", default="0", show_default=True, metavar="N", help="Earlier attempts to stop.")
@health_options
@click.option(
    "--style", default=None, metavar="STYLE", help="short, gradual, slow or hyperbolic (default: suggested)."
)
@click.option("--start", default=None, metavar="YYYY-MM-DD", help="First day of the plan (default: today).")
@click.option("--cut", default=None, metavar="PERCENT", help="Cut per step, overriding the style's default.")
@click.option("--every", default=None, metavar="DAYS", help="Days per step, overriding the style's default.")
@click.option(
    "--stabilise-days", default="0", show_default=True, metavar="DAYS", help="Days before the first cut."
)
@click.option(
    "--final-hold-days", default="0", show_default=True, metavar="DAYS", help="Extra days on the last dose."
)
@click.option("--on-hand", default=None, metavar="UNITS", help="Tablets, g, mg or ml you have on hand.")
@click.option("--fit-to-supply", is_flag=True, help="Fit the plan to what you have on hand.")
@click.option("--mg-form", default="glycinate", show_default=True, metavar="FORM", help="Magnesium compound.")
@click.option("--mg-daily", default=None, metavar="MG", help="Daily elemental magnesium in mg (default 200).")
@click.option("--mg-capsule", default=None, metavar="MG", help="Elemental mg in one capsule or tablet.")
@click.option(
    "--meals", default="3", show_default=True, metavar="N", help="Meals a day to take magnesium with."
)
@click.option("--no-magnesium", is_flag=True, help="Do not plan magnesium.")
@click.option("--replace", is_flag=True, help="Replace an active plan (the old one is kept in the history).")
@click.option(
    "--against-advice",
    "against_advice",
    is_flag=True,
    help="Save a style faster than the one suggested for you (recorded with the plan).",
)
@click.option(
    "--clinician-agreed",
    "clinician_agreed",
    is_flag=True,
    help="A clinician agreed to this plan (recorded); needed where stepdown recommends clinician care.",
)
@click.option("--clinician-name", default="", metavar="NAME", help="Who agreed (with --clinician-agreed).")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Save without asking to confirm.")
@database_option
@json_option
def init(**kw: Any) -> None:
    """Start your taper: answer a few questions, check the plan and magnesium plan, then save them.

    Give everything by options, or leave out --amount and --duration-days to be asked.
    Not medical advice: go through the plan with a clinician before you start."""
    from decimal import Decimal

    from stepdown import formatting
    from stepdown.cli.magnesium import error_with_option
    from stepdown.cli.prompts import confirm
    from stepdown.domain.intake import assess, make_intake
    from stepdown.domain.magnesium import MagnesiumRequest, plan_magnesium
    from stepdown.domain.planner import PlanRequest, make_plan
    from stepdown.domain.planner.forms import parse_decimal
    from stepdown.messages.safety import DISCLAIMER
    from stepdown.services.onboarding import refuse_second_plan, start_taper

    ctx = open_database(kw["database_url"])
    if not kw["replace"]:  # refuse before the questions and the printed plan, not after them
        refuse_second_plan(ctx.engine, ctx.person.id)
    if kw["amount"] in (None, ""):
        kw["amount"] = click.prompt("How much do you take in a day, in total (in " + kw["unit"] + ")")
        if kw["form"] == "tablet" and not kw["strength"]:
            kw["strength"] = (click.prompt(f"How much is in one tablet (in {kw['unit']})"),)
    if kw["duration_days"] in (None, ""):
        kw["duration_days"] = click.prompt("For how many days have you been using it")
    amount, form, times = form_from_options(**kw)
    intake = make_intake(
        substance=kw["substance"],
        daily_amount=amount,
        unit=form.unit,
        duration_days=kw["duration_days"],
        times_per_day=times,
        attempts=kw["attempts"],
        severe_withdrawal=kw["severe_withdrawal"],
        conditions=conditions_from(kw),
        other_substances=kw["uses"],
        medicines=kw["medicine"],
        age_band=kw["age_band"],
        breastfeeding=kw["breastfeeding"],
    )
    assessment = assess(intake)
    start = _day(kw["start"], ctx, field="start")

    def optional_decimal(name: str, what: str) -> Decimal | None:
        return None if kw[name] in (None, "") else parse_decimal(kw[name], name, what)

    def whole(name: str, what: str) -> int:
        text = str(kw[name]).strip()
        if not digits_text(text):
            raise InvalidInput(f"{what} must be a whole number of 0 or more; got {text!r}.", field=name)
        return int(text)

    request = PlanRequest(
        daily_amount=amount,
        form=form,
        start=start,
        times_per_day=times,
        style=(kw["style"] or assessment.style).strip().lower(),
        cut_percent=optional_decimal("cut", "--cut"),
        every_days=None if kw["every"] in (None, "") else whole("every", "--every"),
        stabilise_days=whole("stabilise_days", "--stabilise-days"),
        final_hold_days=whole("final_hold_days", "--final-hold-days"),
        on_hand=optional_decimal("on_hand", "--on-hand"),
        fit_to_supply=kw["fit_to_supply"],
        clinician_agreed=kw["clinician_agreed"],
        day_text=formatting.day,
    )
    # init has --on-hand, --every and --clinician-agreed but no --step or --stop-percent
    try:
        with naming_options("on_hand", "every", "units"):
            plan = make_plan(request)
    except InvalidInput:
        if assessment.route:  # the recommended route comes first, even when the plan is refused
            from stepdown.messages.intake import HEADING_ROUTE

            echo(f"{HEADING_ROUTE}\n  ! {assessment.route}\n")
        raise
    from datetime import UTC, datetime

    from stepdown.domain.consent import plan_trigger

    def consent() -> dict[str, Any]:
        with naming_options("against_advice", "clinician_agreed"):
            return plan_trigger(
                assessment.to_dict(),
                plan.style,
                against_advice=kw["against_advice"],
                clinician_agreed=kw["clinician_agreed"],
                clinician_name=kw["clinician_name"],
                now_iso=datetime.now(UTC).isoformat(timespec="seconds"),
                needs_agreement=bool(plan.extra.get("clinician_exceptions")),
            )

    if assessment.route is None:
        trigger = consent()  # refuse before printing a plan that cannot be saved as asked
    magnesium = None
    if not kw["no_magnesium"]:
        try:
            magnesium = plan_magnesium(
                MagnesiumRequest.from_dict(
                    {
                        "form": kw["mg_form"],
                        "elemental_mg": kw["mg_daily"],
                        "capsule_mg": kw["mg_capsule"],
                        "kidney_disease": kw["kidney_disease"],
                        "medicines": list(kw["medicine"]),
                        "meals": kw["meals"],
                    }
                )
            )
        except InvalidInput as exc:  # the domain's wording is plain; name init's own options
            raise error_with_option(exc, MG_OPTION_FOR_FIELD) from None
    if not kw["as_json"]:
        _print_plan_summary(assessment, plan, magnesium)
    if assessment.route is not None:
        trigger = consent()  # the route is printed above; then the refusal names the option
    if not kw["assume_yes"] and not confirm("Save this plan and start?", default=True):
        raise click.exceptions.Abort()
    started = start_taper(
        ctx.engine,
        ctx.person.id,
        plan=plan,
        intake=intake.to_dict(),
        assessment=assessment.to_dict(),
        magnesium=magnesium.to_dict() if magnesium is not None else None,
        reason=f"First plan ({plan.style} style), made from the intake answers.",
        replace=kw["replace"],
        trigger=trigger,
    )
    if kw["as_json"]:
        echo_json(
            {
                "saved": started.to_dict(),
                "assessment": assessment.to_dict(),
                "plan": plan.to_dict(),
                "magnesium": magnesium.to_dict() if magnesium is not None else None,
            }
        )
        return
    echo(f"Saved: plan {started.plan_id}, revision {started.revision_number}.")
    echo("Each day: `stepdown today`, then `stepdown checkin`. " + DISCLAIMER)


# init's names for the magnesium fields (the magnesium command calls them --elemental, --capsule).
MG_OPTION_FOR_FIELD = {"elemental_mg": "--mg-daily", "capsule_mg": "--mg-capsule"}


def _print_plan_summary(assessment: Any, plan: Any, magnesium: Any) -> None:
    from stepdown.cli.assess import render_text
    from stepdown.formatting import count, day

    echo(render_text(assessment, next_step=False))  # init makes the plan itself
    from stepdown.domain.consent import is_faster

    if is_faster(plan.style, assessment.style):
        secho(
            f"! You chose the {plan.style} style, faster than the {assessment.style} style suggested above.",
            fg="yellow",
        )
    echo()
    steps = count(len(plan.steps), "step", "steps")
    echo(_heading(f"Your plan ({plan.style}): {day(plan.start)} to {day(plan.end)}, {steps}"))
    for number, step in enumerate(plan.steps, start=1):
        portions = ", ".join(p.label for p in step.portions)
        when = f"{day(step.start)} - {day(step.end)}"
        echo(f"  {number:>2}. {when}  {step.daily_amount} {step.unit} a day: {portions}")
    echo(f"  First day free: {day(plan.first_free_day)}")
    for warning in plan.warnings:
        echo(f"  ! {warning}")
    if magnesium is not None:
        echo()
        echo(
            _heading(f"Magnesium ({magnesium.form_label}): {magnesium.daily_elemental_mg} mg elemental a day")
        )
        for serving in magnesium.servings:
            d = serving.to_dict()
            echo(f"  with {d['meal']}: {d['elemental_mg']} mg elemental")
        for warning in magnesium.warnings:
            echo(f"  ! {warning.to_dict()['text']}")
    echo()
