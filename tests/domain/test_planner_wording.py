"""The planner's error messages are plain words for every front end: no command-line options in them
(the CLI adds its option names itself, see cli/dose_options.with_option)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from stepdown.domain.errors import InvalidInput
from stepdown.domain.planner import PlanRequest, make_form, make_plan

START = date(2026, 12, 1)
TABLETS = make_form("tablet", "mg", strengths=(D(15),), pieces=4)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "tablet", "unit": "mg"}, "strength"),
        ({"kind": "tablet", "unit": "mg", "strengths": ("0",)}, "strength"),
        ({"kind": "tablet", "unit": "mg", "strengths": ("15",), "resolution": "1"}, "form"),
        ({"kind": "powder", "unit": "g", "strengths": ("15",), "resolution": "0.1"}, "strength"),
        ({"kind": "powder", "unit": "g"}, "resolution"),
        ({"kind": "liquid", "unit": "mg"}, "resolution"),
        ({"kind": "powder", "unit": "g", "resolution": "0.1", "concentration": "5"}, "concentration"),
        ({"kind": "liquid", "unit": "mg", "resolution": "0.5"}, "concentration"),
    ],
)
def test_dose_form_errors_name_the_field_in_plain_words(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        make_form(**kwargs)
    assert caught.value.field == field
    assert "--" not in caught.value.message and caught.value.message.endswith(".")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"style": "short", "stop_percent": D(5)}, "stop_percent"),
        ({"fit_to_supply": True}, "on_hand"),
        ({"style": "custom"}, "step"),
        ({"style": "custom", "custom_steps": ((D(45), 3),), "cut_percent": D(10)}, "step"),
        ({"custom_steps": ((D(45), 3),)}, "step"),
    ],
)
def test_plan_errors_name_the_field_in_plain_words(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        make_plan(PlanRequest(D(60), TABLETS, START, **changes))
    assert caught.value.field == field
    assert "--" not in caught.value.message and caught.value.message.endswith(".")


def test_the_units_warning_names_its_first_step_in_plain_numbers() -> None:
    """The README's case (60 mg, 15 and 5 mg tablets in quarters, gradual): the warning names the
    first step kept longer because the units are coarse, says 20% (not 20.0%) and nests no
    brackets. The 20 -> 15 mg cut (25%) before it is the style's own first-phase cut."""
    form = make_form("tablet", "mg", strengths=(D(15), D(5)), pieces=4)
    plan = make_plan(
        PlanRequest(daily_amount=D(60), form=form, start=START, style="gradual", times_per_day=2)
    )
    (warning,) = [w for w in plan.warnings if "usual step" in w]
    switch = D(60) * D("0.3")  # the style's second phase: 10% of the dose before
    first = next(
        i
        for i, s in enumerate(plan.steps)
        if i and plan.steps[i - 1].daily_amount <= switch and s.cut_percent > 10
    )
    assert f"From step {first + 1} ({plan.steps[first].start.isoformat()})" in warning
    assert "20%" in warning and "20.0%" not in warning
    assert "))" not in warning and "((" not in warning


def test_a_units_refusal_says_whole_percents_without_nested_brackets() -> None:
    form = make_form("tablet", "mg", strengths=(D(5),), pieces=2)
    with pytest.raises(InvalidInput) as caught:
        make_plan(PlanRequest(daily_amount=D("27.5"), form=form, start=START, style="short"))
    assert "25%" in caught.value.message and "25.0%" not in caught.value.message
    assert "))" not in caught.value.message
