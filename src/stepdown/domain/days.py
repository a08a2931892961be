"""How the domain writes a day inside a sentence: a callable the caller passes in.

The domain builds some sentences with days in them ("Your withdrawal score on ... "); it must not
import Babel, so the service passes `stepdown.formatting.day` and the sentence reads "Fri 27 Nov".
The default, ISO, is for callers with no person to show it to (tests, machine output)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

DayText = Callable[[date], str]


def iso(day: date) -> str:
    return day.isoformat()
