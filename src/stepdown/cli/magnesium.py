"""`stepdown magnesium`: a daily magnesium plan in elemental mg, split into servings with meals."""

from __future__ import annotations

import json
from dataclasses import replace

import click

from stepdown.cli.output import echo
from stepdown.cli.types import Whole
from stepdown.domain.errors import InvalidInput
from stepdown.domain.magnesium import FORMS, MagnesiumPlan, MagnesiumRequest, plan_magnesium
from stepdown.messages import magnesium as msg
from stepdown.messages.safety import DISCLAIMER


@click.command(name="magnesium")
@click.option("--form", required=True, metavar="FORM", help=f"Magnesium form: {', '.join(FORMS)}.")
@click.option(
    "--elemental",
    metavar="MG",
    help="Magnesium a day in mg of elemental magnesium, as on the label (the 'magnesium' line).",
)
@click.option(
    "--compound", metavar="MG", help="Magnesium a day in mg of the compound (e.g. mg of glycinate)."
)
@click.option(
    "--capsule",
    metavar="MG",
    help="One capsule or tablet, in the same terms as --elemental or --compound; "
    "servings become whole capsules.",
)
@click.option("--kidney-disease", is_flag=True, help="You have kidney disease (the plan then gives 0 mg).")
@click.option("--medicine", multiple=True, metavar="NAME", help="A medicine you take (repeatable), any name.")
@click.option(
    "--meals", default=3, show_default=True, type=Whole(), help="Meals a day (1-6); servings go with meals."
)
@click.option("--diarrhoea", "--diarrhea", "diarrhoea", is_flag=True, help="You have diarrhoea now.")
@click.option(
    "--clinician-agreed", is_flag=True, help="A clinician agreed to more than 350 mg a day (up to 400 mg)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def magnesium(
    form: str,
    elemental: str | None,
    compound: str | None,
    capsule: str | None,
    kidney_disease: bool,
    medicine: tuple[str, ...],
    meals: int,
    diarrhoea: bool,
    clinician_agreed: bool,
    as_json: bool,
) -> None:
    """A magnesium plan (200-400 mg elemental a day, in 2-3 servings with meals) with the warnings
    that apply to you. Not medical advice."""
    try:
        request = MagnesiumRequest.from_dict(
            {
                "form": form,
                "elemental_mg": elemental,
                "compound_mg": compound,
                "capsule_mg": capsule,
                "kidney_disease": kidney_disease,
                "medicines": list(medicine),
                "meals": meals,
                "diarrhoea": diarrhoea,
                "clinician_agreed": clinician_agreed,
            }
        )
        plan = with_option_names(plan_magnesium(request))
    except InvalidInput as exc:
        raise error_with_option(exc, OPTION_FOR_FIELD) from None
    if as_json:
        data = plan.to_dict()
        data["disclaimer"] = DISCLAIMER
        echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        echo(render_text(plan))


# The domain speaks plain words for every front end; this command names its own options.
OPTION_FOR_FIELD = {"elemental_mg": "--elemental", "compound_mg": "--compound", "capsule_mg": "--capsule"}


def error_with_option(exc: InvalidInput, options: dict[str, str]) -> InvalidInput:
    """The same error with the option to change named, unless it already names one."""
    option = options.get(exc.field or "")
    if exc.message == msg.BOTH_AMOUNTS:
        option = "--elemental or --compound"
    if option is None or "--" in exc.message:
        return exc
    return InvalidInput(f"{exc.message.rstrip().removesuffix('.')} ({option}).", field=exc.field)


def with_option_names(plan: MagnesiumPlan) -> MagnesiumPlan:
    """The plan with `stepdown magnesium`'s options named where the plain wording leaves the reader
    to find them: --elemental for the label's amount, --clinician-agreed above the upper limit."""
    warnings = tuple(
        replace(w, text=f"{w.text} {msg.CLI_CLINICIAN_AGREED}") if w.code == "above_upper_limit" else w
        for w in plan.warnings
    )
    label = msg.ELEMENTAL_FROM_LABEL
    notes = tuple(note.replace(label, f"{label} (--elemental)") for note in plan.notes)
    return replace(plan, warnings=warnings, notes=notes)


def render_text(plan: MagnesiumPlan) -> str:
    """The plan as plain text: servings, then warnings (most serious first), notes and the disclaimer."""
    lines: list[str] = []
    if plan.blocked:
        lines.append(msg.HEADING_BLOCKED)
    else:
        lines.append(msg.HEADING.format(daily=plan.daily_elemental_mg, form=plan.form_label))
        for s in plan.servings:
            extra = []
            if s.capsules is not None:
                extra.append(f"{s.capsules} capsule{'s' if s.capsules != 1 else ''}")
            if s.compound_mg is not None:
                extra.append(f"about {s.compound_mg} mg of magnesium {plan.form_label}")
            lines.append(
                msg.SERVING_LINE.format(
                    meal=s.meal.capitalize(),
                    elemental=s.elemental_mg,
                    extra=f" ({', '.join(extra)})" if extra else "",
                )
            )
    if plan.warnings:
        lines += ["", msg.HEADING_WARNINGS]
        lines += [f"  {'!' if w.level in ('block', 'clinician') else '*'} {w.text}" for w in plan.warnings]
    lines += ["", msg.HEADING_NOTES]
    lines += [f"  - {note}" for note in plan.notes]
    lines += ["", DISCLAIMER]
    return "\n".join(lines)
