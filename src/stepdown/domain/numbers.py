"""How a number typed by a person is read: ASCII digits only, in plain notation, of a storable size.

Python's int() and Decimal() also read other scripts' digits ("٣" is 3), underscores ("1_0" is 10) and
exponents ("1e308"), so a slip of the keyboard could become a number nobody meant. Here a whole number
is [+-]digits (at most 18 of them, so it fits the databases' 64-bit integers), and a decimal is
[+-]digits[.digits]; anything else is refused with one plain sentence by the caller.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput

_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")
_DIGITS = re.compile(r"[0-9]{1,18}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,15}(?:[.][0-9]{0,12})?|[.][0-9]{1,12})")
LARGEST_ID = 2**63 - 1  # the largest id either database stores
LARGEST = Decimal(10) ** 15  # far above any amount; the domain's plausibility limits are much lower


def whole_text(text: str) -> bool:
    """Whether `text` (already stripped) is a whole number written with ASCII digits."""
    return _WHOLE.fullmatch(text) is not None


def digits_text(text: str) -> bool:
    """Whether `text` is 1-18 ASCII digits and nothing else ("²" and "٣" pass str.isdigit(), not this)."""
    return _DIGITS.fullmatch(text) is not None


def decimal_text(text: str) -> bool:
    """Whether `text` (already stripped) is a plain decimal written with ASCII digits: 7, 7.5, .5."""
    return _DECIMAL.fullmatch(text) is not None


def plain_decimal(value: Any) -> Decimal | None:
    """A finite Decimal of a sensible size from text or a number; None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal | int | float):
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    else:
        text = str(value).strip()
        if not decimal_text(text):
            return None
        number = Decimal(text)
    if not number.is_finite() or abs(number) >= LARGEST:
        return None
    return number


def parse_id(value: Any, what: str, *, field: str = "id") -> int:
    """A record id: ASCII digits (a leading # is allowed), 1 to 2**63-1; InvalidInput otherwise."""
    text = str(value).strip().removeprefix("#")
    if not digits_text(text) or not 1 <= int(text) <= LARGEST_ID:
        shown = str(value) if len(str(value)) <= 30 else str(value)[:30] + "..."
        raise InvalidInput(
            f"{what} id is a whole number such as 3 (digits 0-9, at most {LARGEST_ID}); got {shown!r}.",
            field=field,
        )
    return int(text)
