"""Guided breathing as data: each exercise is a sequence of timed phases.

The CLI prints the phases with a sleep between them; the web page animates the same sequence
(it reads `to_dict()` from the page), so the timing rules live here only.

Patterns: box breathing (4 s in, 4 s hold, 4 s out, 4 s hold) and 4-7-8 (4 s in, 7 s hold, 8 s out),
as commonly taught for slowing the breath and calming the body. No source in clinical-facts.md rates
them for withdrawal; they are offered as coping tools (the seed: "deep breathing exercises"), not
as treatment. 4-7-8 is usually taught as four cycles for beginners, so that is its default.

The urge timer (urge surfing) lasts `URGE_TIMER_DEFAULT_MINUTES`: urges are commonly described as
peaking and fading within about 15-30 minutes (UNVERIFIED: counselling practice, no primary source
found), so the default is the cautious low end and the person can choose 1-60 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit import _parse
from stepdown.messages import toolkit as msg

MAX_CYCLES = 50
URGE_TIMER_DEFAULT_MINUTES = 15
URGE_TIMER_MAX_MINUTES = 60


@dataclass(frozen=True)
class Phase:
    kind: str  # in | hold | out | hold_empty
    seconds: int

    @property
    def label(self) -> str:
        return msg.PHASE_LABELS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "seconds": self.seconds, "label": self.label}


@dataclass(frozen=True)
class Exercise:
    id: str
    cycle: tuple[Phase, ...]
    default_cycles: int

    @property
    def name(self) -> str:
        return msg.BREATHING_NAMES[self.id]

    @property
    def cycle_seconds(self) -> int:
        return sum(p.seconds for p in self.cycle)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "cycle": [p.to_dict() for p in self.cycle],
            "default_cycles": self.default_cycles,
        }


EXERCISES: dict[str, Exercise] = {
    "box": Exercise("box", (Phase("in", 4), Phase("hold", 4), Phase("out", 4), Phase("hold_empty", 4)), 4),
    "478": Exercise("478", (Phase("in", 4), Phase("hold", 7), Phase("out", 8)), 4),
}


def exercise(exercise_id: str) -> Exercise:
    key = (exercise_id or "").strip().lower().replace("-", "")
    if key not in EXERCISES:
        raise InvalidInput("The breathing exercise must be 'box' or '4-7-8'.", field="pattern")
    return EXERCISES[key]


def sequence(exercise_id: str, cycles: Any = None) -> tuple[Phase, ...]:
    """Every phase of the session in order: the exercise's cycle repeated `cycles` times."""
    ex = exercise(exercise_id)
    n = (
        ex.default_cycles
        if cycles is None
        else _parse.integer(cycles, "cycles", "The number of cycles", low=1, high=MAX_CYCLES)
    )
    return ex.cycle * n


def total_seconds(phases: tuple[Phase, ...]) -> int:
    return sum(p.seconds for p in phases)


def urge_timer_seconds(minutes: Any = None) -> int:
    """Length of an urge-surfing timer in seconds; 1-60 whole minutes."""
    if minutes is None:
        return URGE_TIMER_DEFAULT_MINUTES * 60
    return 60 * _parse.integer(
        minutes, "minutes", "The timer length in minutes", low=1, high=URGE_TIMER_MAX_MINUTES
    )
