"""`stepdown plan`: print a taper plan whose every dose can be measured; `--json` for scripts."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from stepdown.cli.dose_options import dose_form_options, form_from_options, naming_options
from stepdown.cli.output import echo
from stepdown.domain.errors import InvalidInput
from stepdown.messages import words

STYLE_NAMES = ("short", "gradual", "slow", "hyperbolic", "custom")


@click.command(name="plan")
@dose_form_options
@click.option(
    "--style", default="short", show_default=True, metavar="|".join(STYLE_NAMES), help="Taper style."
)
@click.option(
    "--start", "start", default=None, metavar="YYYY-MM-DD", help="First day of the plan (default today)."
)
@click.option("--cut", "cut", default=None, metavar="PERCENT", help="Override the style's cut, 1-50 (%).")
@click.option("--every", "every", default=None, metavar="DAYS", help="Override the days between cuts, 1-90.")
@click.option(
    "--on-hand", "on_hand", default=None, metavar="UNITS", help="Supply you have: tablets, g, mg or ml."
)
@click.option(
    "--fit-to-supply", is_flag=True, help="Fit the plan to --on-hand, never beyond the style's range."
)
@click.option(
    "--stabilise-days", "stabilise_days", default="0", metavar="N", help="Days on today's dose first."
)
@click.option(
    "--final-hold-days", "final_hold_days", default="0", metavar="N", help="Extra days on the last dose."
)
@click.option(
    "--stop-percent",
    "stop_percent",
    default=None,
    metavar="PERCENT",
    help="Override where gradual/slow/hyperbolic stop: % of the start, 0-30 (0 = smallest measurable dose).",
)
@click.option(
    "--clinician-agreed",
    "clinician_agreed",
    is_flag=True,
    help="A clinician agreed to a plan outside the style's rules (units too coarse, --every shorter).",
)
@click.option("--step", "steps", multiple=True, metavar="AMOUNT:DAYS", help="A custom step (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (schema in the README).")
def plan(**kw: Any) -> None:
    """Make a taper plan. Not medical advice: go through it with your clinician."""
    from stepdown import formatting
    from stepdown.domain.planner import PlanRequest, make_plan
    from stepdown.domain.planner.forms import parse_decimal

    amount, form, times = form_from_options(**kw)
    request = PlanRequest(
        daily_amount=amount,
        form=form,
        start=_start(kw.get("start")),
        times_per_day=times,
        style=(kw.get("style") or "short").strip().lower(),
        cut_percent=None if kw.get("cut") is None else parse_decimal(kw["cut"], "cut", "--cut"),
        every_days=None if kw.get("every") is None else _int(kw["every"], "every", "--every", "1 to 90"),
        stabilise_days=_int(kw["stabilise_days"], "stabilise_days", "--stabilise-days", "0 to 180"),
        final_hold_days=_int(kw["final_hold_days"], "final_hold_days", "--final-hold-days", "0 to 180"),
        on_hand=None if kw.get("on_hand") is None else parse_decimal(kw["on_hand"], "on_hand", "--on-hand"),
        fit_to_supply=bool(kw.get("fit_to_supply")),
        custom_steps=tuple(_step(s, form.unit) for s in kw.get("steps") or ()),
        stop_percent=None
        if kw.get("stop_percent") is None
        else parse_decimal(kw["stop_percent"], "stop_percent", "--stop-percent"),
        clinician_agreed=bool(kw.get("clinician_agreed")),
        day_text=formatting.day,
    )
    if request.style == "custom" and (request.cut_percent is not None or request.every_days is not None):
        raise InvalidInput(
            "The custom style takes its cuts from the steps (--step); leave out --cut and --every.",
            field="step",
        )
    with naming_options():
        result = make_plan(request)
    if kw.get("as_json"):
        echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        echo(render_table(result))


def _start(text: str | None) -> date:
    if text is None:
        return date.today()  # the CLI reads the clock; the domain never does
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"--start must be a real date written YYYY-MM-DD, e.g. 2026-12-01; got {text!r}.", field="start"
        ) from None


def _int(value: object, field: str, option: str, accepted: str) -> int:
    from stepdown.domain.numbers import whole_text

    text = str(value).strip()
    if not whole_text(text):  # ASCII digits only
        raise InvalidInput(f"{option} must be a whole number ({accepted}); got {text!r}.", field=field)
    return int(text)


def _step(text: str, unit: str) -> tuple[Any, int]:
    from stepdown.domain.planner.forms import parse_decimal

    amount, sep, days = text.partition(":")
    if not sep:
        raise InvalidInput(
            f"--step must be AMOUNT:DAYS, e.g. --step 45:3 for 45 {unit} a day for 3 days; got {text!r}.",
            field="step",
        )
    return parse_decimal(amount, "step", "A --step amount"), _int(days, "step", "--step days", "1 to 365")


def render_table(p: Any) -> str:
    """A readable plan: one row per step, then warnings, sources and the disclaimer."""
    from stepdown import formatting
    from stepdown.domain.planner.forms import fmt
    from stepdown.messages.safety import DISCLAIMER

    unit = p.unit
    measure_unit = p.steps[0].portions[0].measure_unit
    units = "tablets" if measure_unit == "tablet" else measure_unit
    lines = [
        f"Taper plan ({p.style}): {p.start.isoformat()} to {p.end.isoformat()}, "
        f"{formatting.days((p.end - p.start).days + 1)}; "
        f"first day with none: {p.first_free_day.isoformat()}",
        f"Starting amount: {fmt_any(p.extra.get('starting_amount'))} {unit} a day, "
        f"{p.times_per_day} time{'s' if p.times_per_day > 1 else ''} a day; smallest step: "
        f"{p.extra.get('smallest_step', '')}",
        "",
    ]
    header = (
        "#",
        "From",
        "To",
        "Days",
        f"Daily ({unit})",
        "Cut",
        "Each time (smaller first)",
        f"Need ({units})",
    )
    rows = [header]
    for i, s in enumerate(p.steps, start=1):
        kind = {"stabilise": " (stabilise)", "hold": " (hold)"}.get(s.kind, "")
        rows.append(
            (
                f"{i}{kind}",
                s.start.isoformat(),
                s.end.isoformat(),
                str(s.days),
                fmt(s.daily_amount),
                "-" if s.cut_percent is None else f"{fmt(s.cut_percent)}%",
                " | ".join(x.label for x in s.portions),
                fmt(s.units_needed),
            )
        )
    rows.append(("", p.first_free_day.isoformat(), "", "", "0", "off", "none", ""))
    widths = [max(len(r[c]) for r in rows) for c in range(len(header))]
    for r in rows:
        lines.append("  ".join(cell.ljust(widths[c]) for c, cell in enumerate(r)).rstrip())
    lines.append("")
    lines.append(
        f"Total needed: {fmt(p.units_needed)} {units}"
        + (f"; on hand: {fmt(p.on_hand)} {units}" if p.on_hand is not None else "")
    )
    if p.warnings:
        lines.append("")
        lines.append("Warnings:")
        lines.extend(f"  ! {w}" for w in p.warnings)
    lines.append("")
    lines.append("Parameters (and where each comes from):")
    for prm in p.parameters:
        value = words.parameter_value(prm.value)
        value = value if isinstance(value, str) else fmt_any(value)
        lines.append(f"  - {words.parameter(prm.name)}: {value}  [{words.source_title(prm.source)}]")
    lines.append("")
    lines.append("Sources:")
    lines.extend(f"  - {src}" for src in p.sources)
    lines.append("")
    lines.append(DISCLAIMER)
    return "\n".join(lines)


def fmt_any(value: object) -> str:
    from decimal import Decimal

    from stepdown.domain.planner.forms import fmt

    if value is None:
        return ""
    return fmt(Decimal(str(value)))
