"""Health and history options shared by `stepdown assess` and `stepdown init`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click

from stepdown.domain.intake import OTHER_SUBSTANCES

F = TypeVar("F", bound=Callable[..., Any])

# option parameter name -> condition code in stepdown.domain.intake.CONDITIONS
CONDITION_FLAGS: dict[str, str] = {
    "pregnant": "pregnancy",
    "kidney_disease": "kidney-disease",
    "heart_problems": "heart-problems",
    "seizures": "seizures",
    "liver_disease": "liver-disease",
    "mental_health": "mental-health",
    "self_harm_thoughts": "self-harm-thoughts",
}

_OPTIONS: tuple[Callable[[F], F], ...] = (
    click.option("--severe-withdrawal", is_flag=True, help="Withdrawal was severe in an earlier attempt."),
    click.option("--pregnant", is_flag=True, help="You are pregnant."),
    click.option(
        "--kidney-disease", is_flag=True, help="You have kidney disease (magnesium is not planned)."
    ),
    click.option("--heart-problems", is_flag=True, help="You have heart problems."),
    click.option("--seizures", is_flag=True, help="You have ever had a seizure."),
    click.option("--liver-disease", is_flag=True, help="You have liver disease."),
    click.option("--mental-health", is_flag=True, help="You have a mental-health condition."),
    click.option("--self-harm-thoughts", is_flag=True, help="You have had thoughts of harming yourself."),
    click.option(
        "--uses",
        multiple=True,
        metavar="SUBSTANCE",
        help=f"Another substance you use (repeatable): {', '.join(OTHER_SUBSTANCES)}.",
    ),
    click.option(
        "--medicine", multiple=True, metavar="NAME", help="A medicine you take (repeatable), any name."
    ),
    click.option(
        "--age-band", "age_band", default="", metavar="BAND", help="Your age: under-18, 18-64 or 65-plus."
    ),
    click.option("--breastfeeding", is_flag=True, help="You are breastfeeding."),
)


def health_options(func: F) -> F:
    """Add the health, other-substance and medicine options, in a stable order for --help."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


def conditions_from(values: Mapping[str, Any]) -> list[str]:
    """The condition codes whose flags are set."""
    return [code for name, code in CONDITION_FLAGS.items() if values.get(name)]
