"""Small parsers shared by the toolkit validators; each raises InvalidInput with one plain sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import plain_decimal, whole_text

# A moment logged "now" on a phone can be a little ahead of the server's clock.
CLOCK_SLACK = timedelta(minutes=5)


def text(value: Any, field: str, label: str, *, max_len: int, required: bool = False) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label} must be text.", field=field)
    cleaned = " ".join(value.split()) if "\n" not in value else value.strip()
    if not cleaned:
        if required:
            raise InvalidInput(f"{label} is required.", field=field)
        return None
    if len(cleaned) > max_len:
        raise InvalidInput(f"{label} is too long: at most {max_len} characters are accepted.", field=field)
    return cleaned


def integer(value: Any, field: str, label: str, *, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise InvalidInput(f"{label} must be a whole number from {low} to {high}.", field=field)
    if isinstance(value, str):
        value = value.strip()
        if not whole_text(value):  # ASCII digits only: "٣" or "1_0" is not read as a number
            raise InvalidInput(f"{label} must be a whole number from {low} to {high}.", field=field)
    try:
        number = int(value)
        if isinstance(value, float) and value != number:
            raise ValueError
    except (TypeError, ValueError):
        raise InvalidInput(f"{label} must be a whole number from {low} to {high}.", field=field) from None
    if not low <= number <= high:
        raise InvalidInput(f"{label} must be a whole number from {low} to {high}.", field=field)
    return number


def decimal(
    value: Any, field: str, label: str, *, positive: bool = True, maximum: Decimal | None = None
) -> Decimal:
    what = "a number above 0" if positive else "a number of 0 or more"
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"{label} must be {what}.", field=field)
    parsed = plain_decimal(value)  # ASCII digits, plain notation, a sensible size
    if parsed is None:
        raise InvalidInput(f"{label} must be {what}.", field=field)
    number = parsed
    if not number.is_finite() or (number <= 0 if positive else number < 0):
        raise InvalidInput(f"{label} must be {what}.", field=field)
    if maximum is not None and number > maximum:
        raise InvalidInput(f"{label} must be at most {maximum}.", field=field)
    return number


def moment(value: Any, field: str, label: str, *, now: datetime) -> datetime:
    """A past or present moment; missing means now. Naive times are read in `now`'s zone."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return now
    if isinstance(value, datetime):
        at = value
    elif isinstance(value, date):
        raise InvalidInput(f"{label} needs a time as well as a date, like 2026-03-01T14:30.", field=field)
    elif isinstance(value, str):
        try:
            at = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(
                f"{label} must be a date and time like 2026-03-01T14:30.", field=field
            ) from None
    else:
        raise InvalidInput(f"{label} must be a date and time like 2026-03-01T14:30.", field=field)
    if at.tzinfo is None and now.tzinfo is not None:
        at = at.replace(tzinfo=now.tzinfo)
    elif at.tzinfo is not None and now.tzinfo is None:
        at = at.astimezone(UTC).replace(tzinfo=None)  # a naive `now` means UTC
    if at > now + CLOCK_SLACK:
        raise InvalidInput(f"{label} cannot be in the future.", field=field)
    return at
