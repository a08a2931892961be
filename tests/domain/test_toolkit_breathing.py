"""Breathing exercises as timed phase sequences; the urge timer's length."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit.breathing import EXERCISES, exercise, sequence, total_seconds, urge_timer_seconds


def test_box_breathing_is_four_equal_sides() -> None:
    phases = sequence("box", 1)
    assert [(p.kind, p.seconds) for p in phases] == [("in", 4), ("hold", 4), ("out", 4), ("hold_empty", 4)]
    assert phases[0].label == "Breathe in"


def test_478_is_in_4_hold_7_out_8_and_defaults_to_four_cycles() -> None:
    phases = sequence("4-7-8")
    assert [p.seconds for p in phases[:3]] == [4, 7, 8]
    assert len(phases) == 12
    assert total_seconds(phases) == 4 * 19


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(EXERCISES)), st.integers(1, 50))
def test_a_session_is_the_cycle_repeated(pattern: str, cycles: int) -> None:
    phases = sequence(pattern, cycles)
    assert len(phases) == cycles * len(EXERCISES[pattern].cycle)
    assert total_seconds(phases) == cycles * EXERCISES[pattern].cycle_seconds


@pytest.mark.parametrize("cycles", [0, 51, -3, "many", 2.5])
def test_bad_cycle_counts_are_refused(cycles: object) -> None:
    with pytest.raises(InvalidInput) as err:
        sequence("box", cycles)
    assert err.value.field == "cycles"


def test_unknown_exercise_is_refused() -> None:
    with pytest.raises(InvalidInput, match="box"):
        exercise("square")


def test_urge_timer() -> None:
    assert urge_timer_seconds() == 15 * 60
    assert urge_timer_seconds("20") == 1200
    for bad in (0, 61, "x"):
        with pytest.raises(InvalidInput):
            urge_timer_seconds(bad)


def test_exercise_dict_is_what_the_web_page_animates() -> None:
    d = exercise("box").to_dict()
    assert d["cycle"][1] == {"kind": "hold", "seconds": 4, "label": "Hold"}
    assert d["default_cycles"] == 4
