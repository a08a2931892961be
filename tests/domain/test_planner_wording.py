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
