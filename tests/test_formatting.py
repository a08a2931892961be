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
        if m.group(0)[:-4] not in ("explanation", "dict", "str", "_num", "_dec", "from_dict", "sizes")
    ]
    assert offenders == []


def test_no_count_placeholder_is_followed_by_a_fixed_plural_word() -> None:
    """ "{n} days", "{holds} times", "{minutes} minutes" read "1 days" when n is 1: the number and its
    word come from formatting.count (or domain.days.count in the pure core) as one placeholder."""
    import re
    from pathlib import Path

    src = Path(formatting.__file__).parent
    pattern = re.compile(r"\{[^{}]+\} (days|times|urges|minutes|holds|steps|weeks|doses|tablets|rounds)\b")
    allowed = {
        "{total} urges",  # patterns are shown from 3 logged urges on (CravingSettings.min_entries)
        "{name} days",  # "The stabilise days must be ...": a name, not a count
        "{MAX_TABLETS_A_DAY} tablets",  # a constant far above 1
    }
    offenders = [
        f"{p.relative_to(src)}: {m.group(0)}"
        for p in [*src.rglob("*.py"), *src.rglob("*.html")]
        for m in pattern.finditer(p.read_text(encoding="utf-8"))
        if m.group(0) not in allowed
    ]
    assert offenders == []


def test_counts_of_one_read_in_the_singular_in_the_domains_sentences() -> None:
    from stepdown.domain.days import count
    from stepdown.domain.intake import assess, make_intake

    assert count(1, "time", "times") == "1 time" and count(3, "time", "times") == "3 times"
    one_day = assess(make_intake(substance="7-oh", daily_amount="20", unit="mg", duration_days="1"))
    text = " ".join(r.text for r in one_day.reasons)
    assert "used it for 1 day (less than a month)" in text and "1 days" not in text
    tried = assess(
        make_intake(substance="7-oh", daily_amount="20", unit="mg", duration_days="90", attempts="2")
    )
    assert "You have tried 2 times before" in " ".join(r.text for r in tried.reasons)


def test_a_day_outside_this_year_names_its_year_and_a_period_names_it_once() -> None:
    from datetime import date, timedelta

    this_year = formatting.this_year()  # 2026 in the tests (tests/conftest.py)
    inside = date(this_year, 3, 2)
    assert str(this_year) not in formatting.day(inside)
    nxt = date(this_year + 1, 4, 23)
    assert formatting.day(nxt).endswith(str(this_year + 1))  # "Fri 23 Apr 2027", never a bare "Fri 23 Apr"
    assert formatting.period(nxt, nxt + timedelta(days=19)).count(str(this_year + 1)) == 1
    across = formatting.period(date(this_year, 12, 25), date(this_year + 1, 1, 13))
    assert across.count(str(this_year + 1)) == 1 and str(this_year) + " " not in across
