"""Parsers for a person's answers that several domain modules share (check-in, triage).

Kept apart so that checkin.py and triage.py both import from here instead of from each other.
"""

from __future__ import annotations

from typing import Any

from stepdown.domain.errors import InvalidInput

_TRUE = {"yes", "y", "true", "t", "1", "on"}
_FALSE = {"no", "n", "false", "f", "0", "off"}


def blank(value: Any) -> bool:
    """No answer: None or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def yes_no(value: Any, name: str) -> bool | None:
    """A yes/no answer (yes, y, true, 1, on / no, n, false, 0, off); None when left blank."""
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput(f"Answer {name.replace('_', ' ')} with yes or no, not {value!r}.", field=name)
