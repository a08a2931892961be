"""Support network input and the printable emergency card."""

from __future__ import annotations

import pytest

from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit.support import (
    ContactInput,
    default_groups,
    emergency_card,
    validate_contact,
    validate_distraction,
    validate_group,
)
from stepdown.messages.safety import HELPLINES, TOLERANCE_WARNING


def test_contact_is_cleaned() -> None:
    c = validate_contact(
        {"name": "  Sam  ", "phone": "+1 (555) 010-2030", "relation": "sister", "is_therapist": "no"}
    )
    assert c == ContactInput("Sam", "+1 (555) 010-2030", "sister", False)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"name": "", "phone": "555 0100"}, "name"),
        ({"name": "Sam", "phone": ""}, "phone"),
        ({"name": "Sam", "phone": "call me"}, "phone"),
        ({"name": "Sam", "phone": "12"}, "phone"),
        ({"name": "Sam", "phone": "1" * 16}, "phone"),
        ({"name": "S" * 81, "phone": "5550100"}, "name"),
        ({"name": "Sam", "phone": "5550100", "is_therapist": "perhaps"}, "is_therapist"),
    ],
)
def test_bad_contact_is_refused(raw: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_contact(raw)
    assert err.value.field == field


def test_groups_and_distractions() -> None:
    names = [g.name for g in default_groups()]
    assert names == ["Narcotics Anonymous", "SMART Recovery"]
    assert validate_group({"name": "Tuesday group", "kind": "peer"}).kind == "peer"
    with pytest.raises(InvalidInput):
        validate_group({"name": " "})
    assert validate_distraction("  Walk the dog ") == "Walk the dog"
    with pytest.raises(InvalidInput):
        validate_distraction("")


def test_card_lists_people_therapist_helplines_and_the_tolerance_warning() -> None:
    card = emergency_card(
        [ContactInput("Sam", "555 0100", "sister"), ContactInput("Dr Lee", "555 0199", "counsellor", True)],
        current_amount="15 mg",
    )
    text = card.to_text()
    assert "Sam (sister): 555 0100" in text
    assert "Dr Lee (counsellor): 555 0199" in text
    for name, number, _ in HELPLINES:
        assert f"{name}: {number}" in text
    assert "988" in text and "1-800-662-4357" in text and "1-800-222-1222" in text
    assert TOLERANCE_WARNING in text
    assert "My planned daily amount now: 15 mg." in text


def test_card_without_contacts_says_how_to_add_them() -> None:
    assert "no contacts added yet" in emergency_card([]).to_text()
