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


def count(n: int, singular: str, plural: str) -> str:
    """'1 time', '3 times' inside the domain's sentences (English rules: the domain has no Babel).

    The same name and argument order as stepdown.formatting.count, so `pybabel extract -k count:2,3`
    collects both words of each pair for a catalogue."""
    return f"{n} {singular if n == 1 else plural}"
