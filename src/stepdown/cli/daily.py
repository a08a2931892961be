"""The daily loop: `init`, `today`, `checkin`, `take`, `status`, `proposals`.

Thin commands: every rule lives in the domain, every write in a service (one transaction each).
Storage libraries are imported inside command bodies so `stepdown --help` stays fast.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from stepdown import formatting
from stepdown.cli import hints
from stepdown.cli.context import Context, database_option, echo_json, json_option, open_database
from stepdown.cli.dose_options import dose_form_options, form_from_options, naming_options
from stepdown.cli.intake_options import conditions_from, health_options
from stepdown.cli.supply import print_revision_supply, print_supply
from stepdown.domain.errors import InvalidInput


def _day(value: str | None, ctx: Context, *, field: str = "day") -> date:
    if value in (None, ""):
        return ctx.person.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"The {field} {value!r} is not a date; write it as YYYY-MM-DD.", field=field
        ) from None


def _heading(text: str) -> str:
    return click.style(text, bold=True)


def _urgent_block(lines: list[str], *, ack_hint: bool, colour: str = "red") -> None:

    border = "!" * 72
    click.echo(click.style(border, fg=colour, bold=True))
    for i, line in enumerate(lines):
        click.echo(click.style(line, fg=colour, bold=i == 0))
    if ack_hint:
        click.echo(hints.RED_FLAG_ACK)
    click.echo(click.style(border, fg=colour, bold=True))
    click.echo()


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

    from stepdown.cli.magnesium import error_with_option
    from stepdown.domain.intake import assess, make_intake
    from stepdown.domain.magnesium import MagnesiumRequest, plan_magnesium
    from stepdown.domain.planner import PlanRequest, make_plan
    from stepdown.domain.planner.forms import parse_decimal
    from stepdown.messages.safety import DISCLAIMER
    from stepdown.services.onboarding import start_taper

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
    ctx = open_database(kw["database_url"])
    start = _day(kw["start"], ctx, field="start")

    def optional_decimal(name: str, what: str) -> Decimal | None:
        return None if kw[name] in (None, "") else parse_decimal(kw[name], name, what)

    def whole(name: str, what: str) -> int:
        text = str(kw[name]).strip()
        if not text.isdigit():
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
    )
    # init has --on-hand, --every and --clinician-agreed but no --step or --stop-percent
    try:
        with naming_options("on_hand", "every", "units"):
            plan = make_plan(request)
    except InvalidInput:
        if assessment.route:  # the recommended route comes first, even when the plan is refused
            from stepdown.messages.intake import HEADING_ROUTE

            click.echo(f"{HEADING_ROUTE}\n  ! {assessment.route}\n")
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
    if not kw["assume_yes"] and not click.confirm("Save this plan and start?", default=True):
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
    click.echo(f"Saved: plan {started.plan_id}, revision {started.revision_number}.")
    click.echo("Each day: `stepdown today`, then `stepdown checkin`. " + DISCLAIMER)


# init's names for the magnesium fields (the magnesium command calls them --elemental, --capsule).
MG_OPTION_FOR_FIELD = {"elemental_mg": "--mg-daily", "capsule_mg": "--mg-capsule"}


def _print_plan_summary(assessment: Any, plan: Any, magnesium: Any) -> None:
    from stepdown.cli.assess import render_text

    click.echo(render_text(assessment, next_step=False))  # init makes the plan itself
    from stepdown.domain.consent import is_faster

    if is_faster(plan.style, assessment.style):
        click.echo(
            click.style(
                f"! You chose the {plan.style} style, faster than the {assessment.style} style suggested "
                "above.",
                fg="yellow",
            )
        )
    click.echo()
    click.echo(_heading(f"Your plan ({plan.style}): {plan.start} to {plan.end}, {len(plan.steps)} steps"))
    for number, step in enumerate(plan.steps, start=1):
        portions = ", ".join(p.label for p in step.portions)
        click.echo(
            f"  {number:>2}. {step.start} - {step.end}  {step.daily_amount} {step.unit} a day: {portions}"
        )
    click.echo(f"  First day free: {plan.first_free_day}")
    for warning in plan.warnings:
        click.echo(f"  ! {warning}")
    if magnesium is not None:
        click.echo()
        click.echo(
            _heading(f"Magnesium ({magnesium.form_label}): {magnesium.daily_elemental_mg} mg elemental a day")
        )
        for serving in magnesium.servings:
            d = serving.to_dict()
            click.echo(f"  with {d['meal']}: {d['elemental_mg']} mg elemental")
        for warning in magnesium.warnings:
            click.echo(f"  ! {warning.to_dict()['text']}")
    click.echo()


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
            lines.append(f"Red flag from {flag['day']}: {names}" if names else f"Red flag from {flag['day']}")
        _urgent_block(view.urgent_guidance + lines, ack_hint=not acknowledged and not view.seek_care)
    if view.seek_care:  # symptoms that stay strong: still first and kept until acknowledged
        days = ", ".join(dict.fromkeys(f["day"] for f in view.seek_care))
        lines = [f"Strong withdrawal symptoms on {days}."]
        _urgent_block(view.seek_care_guidance + lines, ack_hint=not acknowledged, colour="yellow")
    if view.red_flags and acknowledged:
        marked = formatting.count(acknowledged, "red flag", "red flags")
        click.echo(f"Marked {marked} as read. Please act on them if you have not yet.\n")
    if milestones:  # after the red flags, which always come first
        from stepdown.messages.toolkit import CELEBRATE

        click.echo(_heading(CELEBRATE))
        for milestone in milestones:
            click.echo(f"  * {milestone['text']}")
        click.echo()
    plan = view.plan
    if plan is not None and plan["state"] == "active":
        click.echo(
            _heading(
                f"{view.day:%A %d %B %Y}: day {plan['day_number']} of {plan['total_days']}, "
                f"step {plan['step_number']} of {plan['step_count']} "
                f"({plan['daily_amount']} {plan['unit']} a day)"
            )
        )
        for dose in view.doses:
            mark = "[x]" if dose["taken"] else "[ ]"
            click.echo(f"  {mark} {dose['time']:<14} {dose['label']}")
        if plan["next_change"]:
            change = plan["next_change"]
            click.echo(f"  Next change: {change['daily_amount']} {plan['unit']} a day from {change['day']}.")
    else:
        click.echo(_heading(f"{view.day:%A %d %B %Y}"))
    for line in view.messages:
        click.echo(f"  {hints.with_hint(line)}")
    print_supply(view.supply)
    if view.magnesium:
        click.echo(_heading("Magnesium, with meals"))
        for serving in view.magnesium:
            mark = "[x]" if serving["taken"] else "[ ]"
            click.echo(f"  {mark} {serving['meal']:<14} {serving['elemental_mg']} mg elemental")
    if view.proposals:
        click.echo(_heading("Waiting for your decision"))
        for proposal in view.proposals:
            click.echo(f"  #{proposal['id']} {proposal['title']}: {proposal['explanation']}")
            click.echo(f"     {hints.ACCEPT.format(id=proposal['id'])}")
    click.echo()
    click.echo(view.disclaimer)


# --- checkin ------------------------------------------------------------------------------------


@click.command(name="checkin")
@click.option(
    "--day", default=None, metavar="YYYY-MM-DD", help="The day (default today; never a future day)."
)
@click.option("--quick", is_flag=True, help="The quick 10-symptom form (SOWS-Gossop, 0-3 each).")
@click.option(
    "--answers",
    default=None,
    metavar="LIST",
    help="Symptom ratings in question order, comma-separated (e.g. 0,1,2,...), or id=rating pairs.",
)
@click.option("--craving", default=None, metavar="0-10", help="Craving, 0 none to 10 strongest.")
@click.option("--sleep-hours", default=None, metavar="HOURS", help="Hours slept last night (halves allowed).")
@click.option(
    "--sleep-quality", default=None, metavar="0-10", help="Sleep quality, 0 terrible to 10 excellent."
)
@click.option("--mood", default=None, metavar="0-10", help="Mood, 0 very low to 10 very good.")
@click.option("--water", default=None, metavar="GLASSES", help="Glasses of water so far today.")
@click.option("--meals", default=None, metavar="N", help="Meals eaten today.")
@click.option("--exercise", default=None, metavar="MINUTES", help="Minutes of movement today.")
@click.option("--self-care", multiple=True, metavar="ITEM", help="A self-care item done today (repeatable).")
@click.option("--note", default=None, metavar="TEXT", help="A free note.")
@click.option("--red-flag", multiple=True, metavar="ID", help="A safety question answered yes (repeatable).")
@click.option("--no-red-flags", is_flag=True, help="Answer no to every safety question.")
@database_option
@json_option
def checkin(**kw: Any) -> None:
    """Daily check-in: withdrawal symptoms, craving, sleep, mood, self-care and the safety questions.

    Without --answers you are asked each question. The safety questions are asked every time: by
    options, give --red-flag ID for each that applies or --no-red-flags."""
    from stepdown.domain.scales import SOWS10, SOWS16
    from stepdown.services.checkins import record_checkin

    scale = SOWS10 if kw["quick"] else SOWS16
    if kw["red_flag"] and kw["no_red_flags"]:
        raise InvalidInput("Give either --red-flag or --no-red-flags, not both.", field="red_flags")
    ctx = open_database(kw["database_url"])
    the_day = _day(kw["day"], ctx)
    if kw["answers"] is None:
        raw = _ask_checkin(scale, kw)
    else:
        if not kw["red_flag"] and not kw["no_red_flags"]:
            raise InvalidInput(
                "Please answer the safety questions: give --red-flag ID for each that applies, "
                "or --no-red-flags if none do.",
                field="red_flags",
            )
        raw = {
            "answers": _parse_answers(kw["answers"]),
            "craving": kw["craving"],
            "sleep_hours": kw["sleep_hours"],
            "sleep_quality": kw["sleep_quality"],
            "mood": kw["mood"],
            "water_glasses": kw["water"],
            "meals": kw["meals"],
            "exercise_minutes": kw["exercise"],
            "self_care": list(kw["self_care"]),
            "note": kw["note"],
            "red_flags": list(kw["red_flag"]),
        }
    raw = {**raw, "day": the_day.isoformat(), "scale": scale.id}
    result = record_checkin(ctx.engine, ctx.person.id, raw, today=ctx.person.today())
    if kw["as_json"]:
        echo_json(result.to_dict())
        return
    _print_checkin(result)


def _parse_answers(text: str) -> Any:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if parts and all("=" in p for p in parts):
        return {k.strip(): v.strip() for k, v in (p.split("=", 1) for p in parts)}
    if any("=" in p for p in parts):
        raise InvalidInput(
            "Give --answers either as ratings in question order (0,1,2,...) or as id=rating pairs, not both.",
            field="answers",
        )
    return parts


def _ask_checkin(scale: Any, kw: dict[str, Any]) -> dict[str, Any]:
    from stepdown.cli.prompts import Rating
    from stepdown.domain.triage import RED_FLAGS
    from stepdown.messages import checkin as msg

    # Safety questions first, as on the web page: always asked, one by one, unless given as options.
    if kw["red_flag"] or kw["no_red_flags"]:
        red_flags = list(kw["red_flag"])
    else:
        click.echo(_heading(msg.RED_FLAGS_INTRO))
        red_flags = [f.id for f in RED_FLAGS if click.confirm(f"  {f.question}", default=False)]
    click.echo(_heading(scale.name))
    click.echo(msg.SCALE_INTRO)
    click.echo("  " + ", ".join(f"{i} = {label}" for i, label in enumerate(scale.anchors)))
    answers = {}
    for number, item in enumerate(scale.items, start=1):
        answers[item.id] = click.prompt(
            f"{number:>2}. {item.question}", type=Rating(scale.max_rating, tuple(scale.anchors))
        )

    def optional(question: str, given: Any) -> Any:
        if given not in (None, ""):
            return given
        value = click.prompt(question + " (Enter to skip)", default="", show_default=False)
        return value or None

    if scale.id == "sows16" and kw["craving"] in (None, ""):
        click.echo(msg.CRAVING_VS_SYMPTOM)
    raw: dict[str, Any] = {
        "answers": answers,
        "craving": optional(msg.CRAVING_QUESTION, kw["craving"]),
        "sleep_hours": optional(msg.SLEEP_HOURS_QUESTION, kw["sleep_hours"]),
        "sleep_quality": optional(msg.SLEEP_QUALITY_QUESTION, kw["sleep_quality"]),
        "mood": optional(msg.MOOD_QUESTION, kw["mood"]),
        "water_glasses": optional(msg.WATER_QUESTION, kw["water"]),
        "meals": optional(msg.MEALS_QUESTION, kw["meals"]),
        "exercise_minutes": optional(msg.EXERCISE_QUESTION, kw["exercise"]),
    }
    if kw["self_care"]:
        raw["self_care"] = list(kw["self_care"])
    else:
        click.echo(_heading("Self-care today"))
        raw["self_care"] = [
            i for i, label in msg.SELF_CARE_LABELS if click.confirm(f"  {label}?", default=False)
        ]
    raw["note"] = kw["note"] if kw["note"] is not None else optional(msg.NOTE_QUESTION, None)
    raw["red_flags"] = red_flags
    return raw


def _print_checkin(result: Any) -> None:
    from stepdown.messages import checkin as cmsg

    data = result.to_dict()
    if data["triage"]["urgent"]:
        _urgent_block(list(data["triage"]["guidance"]), ack_hint=True)
    verb = "Updated" if data["replaced"] else "Saved"
    click.echo(f"{verb} your check-in for {data['day']}.")
    click.echo(f"Withdrawal score: {data['total']} of {data['max_total']}.")
    if not data["triage"]["urgent"]:
        click.echo(cmsg.NO_RED_FLAGS)
    decision = data["decision"]
    if decision is not None:
        click.echo(decision["explanation"])
    proposal = data["proposal"]
    if proposal is not None:
        click.echo(_heading(f"Proposal #{proposal['id']}: {proposal['title']}"))
        click.echo("  " + hints.ACCEPT.format(id=proposal["id"]))


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
    click.echo(f"Logged {n(result.actual)} {result.unit} on {result.day}{planned}.")
    if result.planned_today is not None:
        click.echo(f"Today so far: {n(result.taken_today)} of {n(result.planned_today)} {result.unit}.")
    if result.above_plan:
        click.echo(click.style(TOLERANCE_WARNING, fg="red"))


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
    click.echo(f"Logged {n(result.elemental_mg)} mg elemental magnesium{with_meal} on {result.day}.")
    planned = f" of {n(result.planned_today_mg)} mg planned" if result.planned_today_mg is not None else ""
    click.echo(f"Today so far: {n(result.taken_today_mg)} mg{planned}.")
    if result.above_upper_limit:
        click.echo(
            "That is above 350 mg a day from supplements, the upper limit for adults; loose stools are the "
            "first sign of too much. Talk to a clinician before taking more."
        )


# --- status -------------------------------------------------------------------------------------


@click.command(name="status")
@click.option("--day", default=None, metavar="YYYY-MM-DD", help="Status on another day (default: today).")
@click.option(
    "--days", default=28, show_default=True, type=click.IntRange(1, 366), help="Days of trend to show."
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

        click.echo(hints.with_hint(msg.NO_PLAN))
        return
    if plan["state"] == "active":
        click.echo(_heading(f"Day {plan['day_number']} of {plan['total_days']}"))
        click.echo(
            f"Step {plan['step_number']} of {plan['step_count']}: "
            f"{plan['daily_amount']} {plan['unit']} a day "
            f"until {plan['step_ends']} (started at {plan['starting_amount']} {plan['unit']})."
        )
    elif plan["state"] == "before":
        click.echo(_heading(f"Your taper starts on {plan['start']} ({formatting.days(plan['total_days'])})."))
    else:
        click.echo(_heading(f"Your taper ended on {plan['end']}."))
    click.echo(f"First day free: {plan['first_free_day']}.")
    rev = view.revision
    click.echo(f"Plan revision {rev['number']} ({rev['kind']}): {rev['reason']}")
    if view.dose_trend:
        planned = [d["planned"] for d in view.dose_trend]
        taken = [d["taken"] for d in view.dose_trend]
        top = max([v for v in planned + taken if v is not None] or [1])
        click.echo(
            _heading(f"Dose, last {formatting.days(len(view.dose_trend))} ({plan['unit']} a day, 0-{top})")
        )
        click.echo(f"  planned {sparkline(planned, low=0, high=top)}")
        click.echo(f"  taken   {sparkline(taken, low=0, high=top)}")
    if view.symptom_trend:
        shares = [
            None if not s["max_total"] else 100 * s["total"] / s["max_total"]
            for s in _daily(view.symptom_trend, view)
        ]
        cravings = [None if s is None else s["craving"] for s in _by_day(view.symptom_trend, view)]
        sleep = [None if s is None else s["sleep_hours"] for s in _by_day(view.symptom_trend, view)]
        last = view.symptom_trend[-1]
        last_score = f"last: {last['total']} of {last['max_total']}"
        click.echo(_heading(f"Symptoms, last {formatting.days(days)} ({last_score})"))
        click.echo(f"  withdrawal {sparkline(shares, low=0, high=100)}")
        click.echo(f"  craving    {sparkline(cravings, low=0, high=10)}")
        click.echo(f"  sleep (h)  {sparkline(sleep, low=0, high=12)}")
    counts = view.counts
    click.echo(
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
    rows = list_proposals(ctx.engine, ctx.person.id, status=None if show_all else "pending")
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No proposals waiting." if not show_all else "No proposals yet.")
        return
    for row in rows:
        click.echo(_heading(f"#{row['id']} {row['title']} ({row['status']}, {row['day']})"))
        click.echo(f"  {row['explanation']}")
        if row["status"] == "pending":
            click.echo(f"  {hints.ACCEPT.format(id=row['id'])}")


def _group_url(click_ctx: click.Context, database_url: str | None) -> str | None:
    return database_url or (click_ctx.obj or {}).get("database_url")


def _proposal_id(value: str) -> int:
    text = value.strip().lstrip("#")
    if not text.isdigit():
        raise InvalidInput(f"A proposal id is a whole number such as 3; got {value!r}.", field="id")
    return int(text)


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
        click.echo(f"Accepted proposal #{result['proposal']['id']}; your plan goes on unchanged.")
        return
    click.echo(f"Accepted. Plan revision {revision['number']}: {revision['reason']}")
    click.echo(f"Your taper now ends on {revision['end']}.")
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
    click.echo(f"Declined proposal #{result['id']}; your plan is unchanged.")


@proposals.command(name="return-to-previous")
@click.option("--reason", required=True, metavar="TEXT", help="Why you want to go back (kept with the plan).")
@database_option
@json_option
@click.pass_context
def return_to_previous(
    click_ctx: click.Context, reason: str, database_url: str | None, as_json: bool
) -> None:
    """Go back to the previous step's dose, at your own request (talk to your clinician too)."""
    from stepdown.messages.safety import TOLERANCE_WARNING
    from stepdown.services.proposals import return_to_previous as service

    ctx = open_database(_group_url(click_ctx, database_url))
    result = service(ctx.engine, ctx.person.id, reason=reason, day=ctx.person.today())
    if as_json:
        echo_json(result)
        return
    click.echo(f"Plan revision {result['revision']['number']}: back to the previous step. {reason}")
    click.echo(TOLERANCE_WARNING)
    print_revision_supply(result["revision"])
