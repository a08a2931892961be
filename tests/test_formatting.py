"""One formatting module (Babel) for numbers, dates and plural forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from stepdown import formatting


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("52.5000"), "52.5"),
        (Decimal("400.0000"), "400"),
        (Decimal("1E+9"), "1,000,000,000"),
        (Decimal("0.25"), "0.25"),
        (Fraction(45, 2), "22.5"),
        (0.1 + 0.2, "0.3"),
        (Decimal("2E+1"), "20"),
        (None, "-"),
    ],
)
def test_numbers_never_carry_trailing_zeros_or_an_exponent(value: object, text: str) -> None:
    assert formatting.number(value) == text  # type: ignore[arg-type]


def test_a_plain_number_has_no_grouping_so_it_can_be_typed_back() -> None:
    assert formatting.plain_number(Decimal("12000.500")) == "12000.5"


@pytest.mark.parametrize(
    ("n", "text"), [(0, "0 days"), (1, "1 day"), (2, "2 days"), (21, "21 days"), (Decimal("1.5"), "1.5 days")]
)
def test_counts_take_the_plural_form_of_the_locale(n: int, text: str) -> None:
    assert formatting.count(n, "day", "days") == text


def test_dates_have_one_short_and_one_long_style() -> None:
    assert formatting.day(date(2026, 12, 1)) == "Tue 1 Dec"
    assert formatting.day("2026-11-26", "long") == "Thursday 26 November 2026"
    assert formatting.day(None) == "-"


def test_percentages_read_as_a_person_reads_them() -> None:
    assert formatting.percent(Decimal("0.3")) == "30%"
    assert formatting.percent(0.125, decimals=1) == "12.5%"


def test_the_locale_setting_changes_numbers_and_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPDOWN_LOCALE", "de_DE")
    assert formatting.number(Decimal("1234.5")) == "1.234,5"
    assert formatting.day(date(2026, 12, 1)) == "Di. 1 Dez."
    monkeypatch.setenv("STEPDOWN_LOCALE", "zz_ZZ")
    assert formatting.number(Decimal("1234.5")) == "1,234.5"  # an unknown locale falls back to en_US


def test_every_hand_made_plural_is_gone() -> None:
    """No "day(s)" or "dose(s)" left in what people read."""
    import re
    from pathlib import Path

    src = Path(formatting.__file__).parent
    offenders = [
        f"{p.relative_to(src)}: {m.group(0)}"
        for p in [*src.rglob("*.py"), *src.rglob("*.html")]
        if p.name != "formatting.py"
        for m in re.finditer(r"\b[a-z-]{3,}\(s\)[ .,;:)\"']", p.read_text(encoding="utf-8"))
        if m.group(0)[:-4] not in ("explanation", "dict", "_num", "_dec", "from_dict", "sizes")
    ]
    assert offenders == []
