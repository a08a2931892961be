"""Every kind of user-facing wording reaches the message catalogue: Babel's own extractor (the Python
API behind `pybabel extract -F babel.cfg`, no network) run over src/stepdown finds a safety message,
a CLI hint, a domain count word and a page template's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from stepdown.messages import N_, adapt, daily, safety

ROOT = Path(__file__).resolve().parents[1]
# The keywords docs/development.md gives pybabel: N_ (marked constants) and _ are Babel's defaults.
KEYWORDS = {"count": (2, 3), "plural": (2, 3)}


@pytest.fixture(scope="module")
def catalogue() -> set[str]:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "src" / "stepdown",
        method_map,
        options_map,
        keywords={**DEFAULT_KEYWORDS, **KEYWORDS},
    ):
        found.update(message if isinstance(message, tuple) else (message,))
    return found


def test_the_marker_changes_nothing() -> None:
    text = "Get help now"
    assert N_(text) is text


@pytest.mark.parametrize(
    "message",
    [
        safety.DISCLAIMER,  # a safety message, implicit string concatenation and all
        safety.TOLERANCE_WARNING,
        safety.HELPLINES[0][0],  # inside a tuple
        adapt.KIND_TITLES["seek_care"],  # a dict value
        daily.ACTIVE_PLAN_EXISTS,  # a refusal the CLI and the web both show
        "Start one with `stepdown init`.",  # a CLI hint (cli/hints.py)
        "Type y for yes or n for no, then press Enter.",  # a CLI prompt's error (cli/prompts.py)
        "time",  # a count word from the pure domain (domain.days.count)
        "minutes",  # a count word through formatting.count in a service
    ],
)
def test_the_extractor_finds_it(catalogue: set[str], message: str) -> None:
    assert message in catalogue


def test_the_templates_marked_text_is_extracted(catalogue: set[str]) -> None:
    assert "Skip to content" in catalogue and "Help right now (US)" in catalogue  # base.html
    assert len(catalogue) > 450  # every messages/ constant, the CLI hints and the templates' marked text
