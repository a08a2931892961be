"""`stepdown checkin` and its interactive prompts."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from stepdown import formatting
from stepdown.cli import hints
from stepdown.cli.context import database_option, echo_json, json_option, open_database
from stepdown.cli.daily_shared import _day, _heading, _urgent_block
from stepdown.cli.output import echo
from stepdown.domain.errors import InvalidInput

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
        raw = {"answers": _parse_answers(kw["answers"]), **_given(kw)}
    raw = {**raw, "day": the_day.isoformat(), "scale": scale.id}
    result = record_checkin(ctx.engine, ctx.person.id, raw, today=ctx.person.today())
    if kw["as_json"]:
        echo_json(result.to_dict())
        return
    _print_checkin(result, today=ctx.person.today())


# Check-in field -> the option that can give it (the rest are asked for when left out).
GIVEN_OPTIONS = {
    "craving": "craving",
    "sleep_hours": "sleep_hours",
    "sleep_quality": "sleep_quality",
    "mood": "mood",
    "water_glasses": "water",
    "meals": "meals",
    "exercise_minutes": "exercise",
    "self_care": "self_care",
    "note": "note",
    "red_flags": "red_flag",
}
MULTIPLE = ("self_care", "red_flag")


def _given(kw: dict[str, Any]) -> dict[str, Any]:
    """The check-in fields given as options (repeatable options as lists)."""
    return {f: list(kw[o]) if o in MULTIPLE else kw[o] for f, o in GIVEN_OPTIONS.items()}


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
    from stepdown.cli.prompts import Checked, Rating, confirm
    from stepdown.domain.checkin import check_field
    from stepdown.domain.triage import RED_FLAGS
    from stepdown.messages import checkin as msg

    # The answers given as options are checked before the first question, not after the last.
    for field, value in _given(kw).items():
        check_field(field, value)
    # Safety questions first, as on the web page: always asked, one by one, unless given as options.
    if kw["red_flag"] or kw["no_red_flags"]:
        red_flags = list(kw["red_flag"])
    else:
        echo(_heading(msg.RED_FLAGS_INTRO))
        red_flags = [f.id for f in RED_FLAGS if confirm(f"  {f.question}")]
    echo(_heading(scale.name))
    echo(msg.SCALE_INTRO)
    echo("  " + ", ".join(f"{i} = {label}" for i, label in enumerate(scale.anchors)))
    answers = {}
    for number, item in enumerate(scale.items, start=1):
        answers[item.id] = click.prompt(
            f"{number:>2}. {item.question}", type=Rating(scale.max_rating, tuple(scale.anchors))
        )

    def optional(question: str, field: str) -> Any:
        given = kw[GIVEN_OPTIONS[field]]
        if given not in (None, ""):
            return given
        # Each answer is checked with the domain's own limits as it is typed, and asked again if wrong.
        check = Checked(lambda v: check_field(field, v), msg.TYPE_AGAIN_OR_SKIP)
        return click.prompt(question + " (Enter to skip)", default="", show_default=False, type=check)

    if scale.id == "sows16" and kw["craving"] in (None, ""):
        echo(msg.CRAVING_VS_SYMPTOM)
    raw: dict[str, Any] = {
        "answers": answers,
        "craving": optional(msg.CRAVING_QUESTION, "craving"),
        "sleep_hours": optional(msg.SLEEP_HOURS_QUESTION, "sleep_hours"),
        "sleep_quality": optional(msg.SLEEP_QUALITY_QUESTION, "sleep_quality"),
        "mood": optional(msg.MOOD_QUESTION, "mood"),
        "water_glasses": optional(msg.WATER_QUESTION, "water_glasses"),
        "meals": optional(msg.MEALS_QUESTION, "meals"),
        "exercise_minutes": optional(msg.EXERCISE_QUESTION, "exercise_minutes"),
    }
    if kw["self_care"]:
        raw["self_care"] = list(kw["self_care"])
    else:
        echo(_heading("Self-care today"))
        raw["self_care"] = [
            i for i, label in msg.SELF_CARE_LABELS if confirm(f"  {label}?")
        ]
    raw["note"] = kw["note"] if kw["note"] is not None else optional(msg.NOTE_QUESTION, "note")
    raw["red_flags"] = red_flags
    return raw


def _print_checkin(result: Any, *, today: date) -> None:
    """What was saved, spoken of the day the check-in is for; then today's decision, saying so when
    it rests on a newer check-in than this one or none at all."""
    from stepdown.messages import checkin as cmsg

    data = result.to_dict()
    if data["triage"]["urgent"]:
        _urgent_block(list(data["triage"]["guidance"]), ack_hint=True)
    verb = "Updated" if data["replaced"] else "Saved"
    day = formatting.day(data["day"])
    echo(f"{verb} your check-in for {day}.")
    earlier = result.day != today
    on = f" on {day}" if earlier else ""
    echo(f"Withdrawal score{on}: {data['total']} of {data['max_total']}.")
    if not data["triage"]["urgent"]:
        echo(cmsg.NO_RED_FLAGS_ON.format(day=day) if earlier else cmsg.NO_RED_FLAGS)
    decision = data["decision"]
    if decision is not None:
        judged = result.judged_day
        if earlier and judged is not None and judged != result.day:
            echo(cmsg.JUDGED_NEWER.format(judged=formatting.day(judged)))
        elif earlier and decision["trigger"].get("state") == "no_recent_checkin":
            echo(cmsg.JUDGED_TOO_OLD.format(day=day))
        echo(decision["explanation"])
    proposal = data["proposal"]
    if proposal is not None:
        echo(_heading(f"Proposal #{proposal['id']}: {proposal['title']}"))
        echo("  " + hints.ACCEPT.format(id=proposal["id"]))
