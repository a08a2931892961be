"""`stepdown assess`: suggest a taper style and list what to talk over with a clinician first."""

from __future__ import annotations

import json
from dataclasses import replace

import click

from stepdown.cli.intake_options import conditions_from, health_options
from stepdown.domain.intake import SUBSTANCES, UNITS, Assessment, make_intake
from stepdown.domain.intake import assess as assess_intake
from stepdown.messages import intake as msg
from stepdown.messages.safety import HELPLINES


@click.command(name="assess")
@click.option(
    "--substance",
    required=True,
    metavar="NAME",
    help=f"What you take: {', '.join(SUBSTANCES)} (aliases: 7oh, kratom, extract, mgm15, ...).",
)
@click.option("--amount", required=True, metavar="N", help="How much you take in a day, e.g. 60.")
@click.option("--unit", required=True, metavar="UNIT", help=f"Unit of --amount: {', '.join(UNITS)}.")
@click.option(
    "--duration-days", required=True, type=int, metavar="DAYS", help="How many days you have used it."
)
@click.option("--times", default=1, show_default=True, type=int, help="How many times a day you take it.")
@click.option(
    "--attempts", default=0, show_default=True, type=int, help="Earlier attempts to stop or cut down."
)
@health_options
@click.option("--json", "as_json", is_flag=True, help="Print the assessment as JSON.")
def assess(
    substance: str,
    amount: str,
    unit: str,
    duration_days: int,
    times: int,
    attempts: int,
    severe_withdrawal: bool,
    uses: tuple[str, ...],
    medicine: tuple[str, ...],
    age_band: str,
    breastfeeding: bool,
    as_json: bool,
    **conditions: bool,
) -> None:
    """Suggest a taper style (short, gradual or slow) with its reasons, and list what to talk over
    with a clinician before you start. Not medical advice."""
    intake = make_intake(
        substance=substance,
        daily_amount=amount,
        unit=unit,
        duration_days=duration_days,
        times_per_day=times,
        attempts=attempts,
        severe_withdrawal=severe_withdrawal,
        conditions=conditions_from(conditions),
        other_substances=uses,
        medicines=medicine,
        age_band=age_band,
        breastfeeding=breastfeeding,
    )
    result = assess_intake(intake)
    if as_json:
        click.echo(json.dumps(with_command_hints(result).to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(result))


def with_command_hints(result: Assessment) -> Assessment:
    """The assessment with the command to run named where it helps: the domain's wording is plain
    for every front end (the web shows the magnesium plan's spacing right below the flags)."""
    hint = msg.CLI_MAGNESIUM_MEDICINES
    flags = tuple(
        replace(f, reason=f"{f.reason} {hint}") if f.code == "magnesium_medicines" else f
        for f in result.clinician_flags
    )
    return replace(result, clinician_flags=flags)


def render_text(result: Assessment, *, next_step: bool = True) -> str:
    """The assessment as plain text: urgent help first, then style, reasons, flags, disclaimer.
    `next_step=False` leaves out the pointer to `stepdown plan` (for `init`, which makes the plan)."""
    result = with_command_hints(result)
    lines: list[str] = []
    urgent = [f for f in result.clinician_flags if f.level == "urgent"]
    if urgent:
        lines.append(msg.HEADING_URGENT)
        lines.extend(f"  ! {f.reason}" for f in urgent)
        lines.extend(f"    {name}: {number} ({what})" for name, number, what in HELPLINES)
        lines.append("")
    if result.route:
        lines.append(msg.HEADING_ROUTE)
        lines.append(f"  ! {result.route}")
        lines.append("")
    lines.append(msg.HEADING_STYLE.format(style=result.style))
    lines.append(msg.HEADING_REASONS)
    for reason in result.reasons:
        lines.append(f"  - {reason.text}")
        lines.append(f"    Source: {reason.source}")
    lines.append("")
    lines.append(msg.HEADING_FLAGS)
    others = [f for f in result.clinician_flags if f.level != "urgent"]
    if not others and not urgent:
        lines.append(f"  {msg.NO_FLAGS}")
    for flag in others:
        if flag.code == "clinician_route":
            continue  # shown first, above
        lines.append(f"  * {flag.reason}")
        lines.append(f"    Source: {flag.source}")
    lines.append("")
    lines.append(msg.HEADING_SAFETY)
    lines.extend(f"  * {note}" for note in result.safety_notes)
    lines.append("")
    if next_step:
        lines.append(msg.NEXT_STEP.format(style=result.style))
    lines.append(result.disclaimer)
    return "\n".join(lines)
