"""Red-flag triage: every flag is urgent, leads to its level's help, and nothing can switch it off."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain import triage as triage_module
from stepdown.domain.errors import InvalidInput
from stepdown.domain.triage import LEVELS, RED_FLAG_IDS, RED_FLAGS, triage
from stepdown.messages import safety

REQUIRED = {
    "no_fluids", "dehydration", "fainting", "chest_pain", "seizure", "self_harm", "pregnancy",
    "use_after_break", "fast_heartbeat", "vomiting",
}
HELPLINE_NUMBERS = ("911", "988", "1-800-662-4357", "1-800-222-1222")


def test_every_required_question_is_asked_with_a_level_and_a_source():
    assert set(RED_FLAG_IDS) == REQUIRED
    for flag in RED_FLAGS:
        assert flag.level in LEVELS
        assert flag.question.endswith("?")
        assert flag.guidance and flag.source


@pytest.mark.parametrize(
    ("flag_id", "level", "number"),
    [
        ("seizure", "emergency", "911"),
        ("fainting", "emergency", "911"),
        ("chest_pain", "emergency", "911"),
        ("self_harm", "crisis", "988"),
        ("use_after_break", "clinician_today", "1-800-222-1222"),
    ],
)
def test_level_and_own_guidance(flag_id, level, number):
    result = triage([flag_id])
    assert result.urgent and result.level == level
    own = next(f for f in RED_FLAGS if f.id == flag_id).guidance
    assert own in result.guidance and number in own


def test_chest_pain_says_it_is_a_generic_rule():
    flag = next(f for f in RED_FLAGS if f.id == "chest_pain")
    assert "generic" in flag.source


def test_use_after_break_leads_with_the_overdose_warning():
    result = triage(["pregnancy", "use_after_break"])
    assert result.guidance[0] == safety.URGENT_HEADLINE
    assert result.guidance[1] == safety.TOLERANCE_WARNING
    assert "naloxone" in safety.TOLERANCE_WARNING.lower()


@settings(max_examples=200)
@given(st.sets(st.sampled_from(RED_FLAG_IDS), min_size=1))
def test_any_flag_is_urgent_with_every_helpline(flags):
    result = triage(sorted(flags))
    assert result.urgent
    assert set(result.flag_ids) == flags
    # The most urgent level wins and comes first.
    assert result.level == min((f.level for f in result.flags), key=LEVELS.index)
    ranks = [LEVELS.index(f.level) for f in result.flags]
    assert ranks == sorted(ranks)
    text = "\n".join(result.guidance)
    for number in HELPLINE_NUMBERS:
        assert number in text
    assert safety.TOLERANCE_WARNING in result.guidance


def test_no_flags_is_not_urgent_and_mapping_answers_work():
    assert not triage([]).urgent
    result = triage({"seizure": "no", "vomiting": "yes", "pregnancy": False})
    assert result.flag_ids == ("vomiting",) and result.level == "clinician_today"


def test_unknown_question_is_refused():
    with pytest.raises(InvalidInput, match="Unknown safety question"):
        triage(["headache"])


def test_there_is_no_way_to_switch_triage_off():
    # The only input is the answers: no setting, flag or keyword can hide a red flag.
    assert list(inspect.signature(triage).parameters) == ["answers"]
    assert not any("disable" in name or "snooze" in name for name in dir(triage_module))
