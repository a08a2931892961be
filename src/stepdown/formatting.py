"""Numbers, dates and plural forms as people read them, in one place, through Babel.

The CLI, the web pages, the PDF and the calendar all format through these few functions, so
"52.5000", "1E+9", "1 minutes" and "day(s)" cannot come back one front end at a time. The locale is
the STEPDOWN_LOCALE setting (default en_US). Babel is imported inside the functions: the CLI's
start-up stays fast and the pure domain never needs it.

Plural words go through gettext's `ngettext` (a null translation until a catalogue is added), so
`pybabel extract -k count:2,3` finds them; see docs/development.md, "Adding a translation".
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any

DEFAULT_LOCALE = "en_US"
LOCALE_ENV = "STEPDOWN_LOCALE"

# One style per surface: people read "Tue 1 Dec" on pages and in the PDF, the long form where the
# day stands alone as a heading. CLDR patterns, so another locale gets its own day and month names.
DATE_PATTERNS = {"short": "EEE d MMM", "long": "EEEE d MMMM y", "medium": "EEE d MMM y"}


def locale_name() -> str:
    """The locale from STEPDOWN_LOCALE, or en_US."""
    return os.environ.get(LOCALE_ENV, "").strip() or DEFAULT_LOCALE


@lru_cache(maxsize=8)
def _locale(name: str) -> Any:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


@lru_cache(maxsize=1)
def translations() -> gettext.NullTranslations:
    """The message catalogue; a null translation (English as written) until one is shipped."""
    return gettext.NullTranslations()


def _decimal(value: Decimal | Fraction | float | int | str) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value if isinstance(value, Decimal) else Decimal(str(value).strip())


def number(value: Decimal | Fraction | float | int | str | None, *, decimals: int = 3) -> str:
    """An amount as a person writes it: 52.5, 45, 0.25, 1,000,000,000; never 52.5000 or 1E+9.

    At most `decimals` places (an amount nobody can measure is noise); None gives "-".
    """
    return _format(value, "#,##0", decimals, grouping=True)


def plain_number(value: Decimal | Fraction | float | int | str | None, *, decimals: int = 3) -> str:
    """Like `number` but without grouping, for text a person may type back in (12000, not 12,000)."""
    return _format(value, "0", decimals, grouping=False)


def _format(
    value: Decimal | Fraction | float | int | str | None, whole: str, decimals: int, *, grouping: bool
) -> str:
    """The one number formatter behind `number` and `plain_number` ("-" for nothing; text it cannot
    read as a finite number is shown as it is)."""
    if value is None or value == "":
        return "-"
    try:
        d = _decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not d.is_finite():
        return str(value)
    pattern = whole + ("." + "#" * decimals if decimals else "")
    return _babel_decimal(d, pattern, grouping, locale_name())


# Babel's formatters cost tens of microseconds a call; a chart or table of years repeats the same
# days and amounts thousands of times (equal Decimals such as 52.5 and 52.50 format the same).
@lru_cache(maxsize=4096)
def _babel_decimal(d: Decimal, pattern: str, grouping: bool, name: str) -> str:
    from babel.numbers import format_decimal

    extra = {} if grouping else {"group_separator": False}
    return format_decimal(d, format=pattern, locale=_locale(name), **extra)


@lru_cache(maxsize=4096)
def _babel_date(value: date, pattern: str, name: str) -> str:
    from babel.dates import format_date

    return format_date(value, pattern, locale=_locale(name))


def percent(fraction: Decimal | float | int, *, decimals: int = 0) -> str:
    """0.3 -> '30%'; 0.125 -> '13%' (or '12.5%' with decimals=1)."""
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    return format_percent(_decimal(fraction), format=pattern, locale=_locale(locale_name()))


def day(value: date | datetime | str | None, style: str = "short") -> str:
    """A date as people read it: 'Thu 26 Nov' (short; 'Fri 23 Apr 2027' outside this year),
    'Thursday 26 November 2026' (long)."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:  # a day typed wrong: shown as typed (its error is beside the field)
            return value[:40]
    if isinstance(value, datetime):
        value = value.date()
    if style == "short" and value.year != this_year():
        style = "medium"  # "Fri 23 Apr" next year would read as this year's: name the year
    return _babel_date(value, DATE_PATTERNS.get(style, style), locale_name())


def this_year() -> int:
    """The year a date is read in (a day in another year names its year)."""
    return date.today().year


def period(start: date, end: date) -> str:
    """'Mon 26 Oct to Sat 14 Nov'; a year is named once, at the end, when it is not this year's:
    'Wed 3 Feb to Mon 22 Feb 2027', 'Fri 25 Dec to Wed 13 Jan 2027'."""
    same_year = start.year == end.year
    first = _babel_date(start, DATE_PATTERNS["short"], locale_name()) if same_year else day(start)
    return f"{first} to {day(end)}"


def plural(n: int, singular: str, plural_: str) -> str:
    """The word for n things: plural(1, 'day', 'days') -> 'day'."""
    return translations().ngettext(singular, plural_, n)


def count(n: int | Decimal, singular: str, plural_: str) -> str:
    """n and its word: count(1, 'minute', 'minutes') -> '1 minute'; count(2, ...) -> '2 minutes'."""
    whole = int(n) if Decimal(n) == Decimal(n).to_integral_value() else None
    word = plural(whole if whole is not None else 2, singular, plural_)
    return f"{number(n)} {word}"


def days(n: int) -> str:
    """'1 day', '3 days': the count people read most."""
    return count(n, "day", "days")
