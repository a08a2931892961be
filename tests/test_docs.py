"""Tests that keep the documentation honest.

The reference lives in docs/ (built by MkDocs; the command reference is generated from the click
commands). These tests check what the generated page cannot: that the hand-written pages name every
command and option, that the README's settings table is complete, and that every documented JSON
shape still matches what the code produces.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from stepdown.cli.main import COMMANDS, cli
from stepdown.settings import DOCUMENTED

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))}
REFERENCE = "\n".join(PAGES.values())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_in_the_reference(name: str) -> None:
    assert re.search(rf"stepdown {re.escape(name)}\b", REFERENCE), f"`stepdown {name}` is not in docs/"
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    commands = [command]
    if isinstance(command, click.Group):
        commands += list(command.commands.values())
    for cmd in commands:
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in REFERENCE, f"option {opt} of `stepdown {name}` is not in docs/"


def test_the_cli_reference_is_generated_from_the_commands() -> None:
    assert "::: mkdocs-click" in PAGES["cli.md"] and ":module: stepdown.cli.main" in PAGES["cli.md"]


def test_every_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in PAGES:
        assert f": {name}" in nav, f"docs/{name} is not in mkdocs.yml's nav"


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_every_setting_is_in_the_readme(name: str) -> None:
    env, _ = DOCUMENTED[name]
    assert env in README, f"setting {env} is not in the README"


def test_readme_is_short_and_states_it_is_not_medical_advice() -> None:
    assert "not medical advice" in README and "not medical advice" in PAGES["index.md"]
    assert len(README.splitlines()) <= 150


# ------------------------------------------------------------------ documented JSON shapes


def _blocks(page: str, heading: str) -> dict[str, Any]:
    """The first JSON block after `heading` in docs/<page>, with // comments removed."""
    text = PAGES[page]
    start = text.index(heading)
    match = re.search(r"```jsonc?\n(.*?)\n```", text[start:], re.S)
    assert match, f"no JSON block after {heading!r} in docs/{page}"
    body = re.sub(r"\s{2,}//[^\n]*", "", match.group(1))
    return json.loads(body)


def _keys_match(documented: Any, real: list[Any], path: str) -> list[str]:
    """Differences between a documented shape and real outputs (several, for optional keys)."""
    problems: list[str] = []
    dicts = [r for r in real if isinstance(r, dict)]
    if isinstance(documented, dict) and dicts:
        seen = set().union(*(d.keys() for d in dicts))
        for key, value in documented.items():
            if key == "...":
                continue
            if key not in seen:
                problems.append(f"{path}.{key} is documented but the code does not produce it")
                continue
            problems += _keys_match(value, [d[key] for d in dicts if key in d], f"{path}.{key}")
        if "..." not in documented:
            missing = sorted(seen - documented.keys())
            problems += [f"{path}.{k} is produced but not documented" for k in missing]
    elif isinstance(documented, list) and documented and isinstance(documented[0], dict):
        items = [item for r in real if isinstance(r, list) for item in r]
        if items:
            problems += _keys_match(documented[0], items, f"{path}[]")
    return problems


def _json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


DOSE = ("--amount", "60", "--strength", "15", "--split", "4", "--times", "2", "--start", "2026-12-01")


def test_the_plan_json_shape_is_documented() -> None:
    real = [
        _json("plan", *DOSE, "--style", "short", "--on-hand", "40"),
        # 32: fitting can only quicken short's first phase (its low end is at the 20% limit, issue 9)
        _json("plan", *DOSE, "--style", "short", "--on-hand", "32", "--fit-to-supply"),
    ]
    assert _keys_match(_blocks("planner.md", "## JSON"), real, "plan") == []


def test_the_assess_json_shape_is_documented() -> None:
    args = ("--substance", "7-oh", "--amount", "60", "--unit", "mg", "--duration-days", "400")
    real = [_json("assess", *args)]
    assert _keys_match(_blocks("intake-magnesium.md", "## JSON"), real, "assess") == []


def test_the_magnesium_json_shape_is_documented() -> None:
    real = [_json("magnesium", "--form", "glycinate")]
    heading = PAGES["intake-magnesium.md"].index("# `stepdown magnesium`")
    page = PAGES["intake-magnesium.md"][heading:]
    PAGES["_magnesium"] = page
    try:
        assert _keys_match(_blocks("_magnesium", "## JSON"), real, "magnesium") == []
    finally:
        del PAGES["_magnesium"]


def _values_match(documented: Any, real: Any, path: str) -> list[str]:
    """Every value the example shows equals the real one ("text ..." is a shortened string, a list
    may show only its first items, "fitted" appears only with --fit-to-supply)."""
    if isinstance(documented, dict):
        problems: list[str] = []
        for key, value in documented.items():
            if key == "fitted" and key not in real:
                continue
            problems += _values_match(value, real.get(key), f"{path}.{key}")
        return problems
    if isinstance(documented, list):
        if not isinstance(real, list):
            return [f"{path}: documented a list, real {real!r}"]
        if documented == ["..."]:
            return []  # "some sentences": any list
        if len(real) < len(documented):
            return [f"{path}: documented {len(documented)} items, real {len(real)}"]
        return [p for i, d in enumerate(documented) for p in _values_match(d, real[i], f"{path}[{i}]")]
    if isinstance(documented, str) and documented.endswith("..."):
        ok = isinstance(real, str) and real.startswith(documented[:-3].strip())
        return [] if ok else [f"{path}: documented {documented!r}, real {real!r}"]
    return [] if documented == real else [f"{path}: documented {documented!r}, real {real!r}"]


def test_the_plan_example_is_the_real_output_of_the_command_shown_with_it() -> None:
    import shlex

    text = PAGES["planner.md"][PAGES["planner.md"].index("## JSON") :]
    command = re.search(r"`stepdown (plan [^`]+--json)`", text).group(1)
    args = [a for a in shlex.split(command) if a != "--json"]
    assert _values_match(_blocks("planner.md", "## JSON"), _json(*args), "plan") == []


def test_the_onboarding_defaults_table_matches_the_code() -> None:
    from datetime import date

    from stepdown.cli.main import cli as root
    from stepdown.web.routes.onboarding import _defaults

    web = _defaults(date(2026, 12, 1))
    init = {p.name: p.default for p in root.get_command(click.Context(root), "init").params}
    table = PAGES["web.md"][PAGES["web.md"].index("### Onboarding defaults") :]
    stabilise = re.search(r"before the first cut \| (\d+) \| (\d+) \(`--stabilise-days`\)", table)
    meals = re.search(r"magnesium with \| (\d+) \| (\d+) \(`--meals`\)", table)
    assert stabilise and meals
    assert stabilise.groups() == (web["stabilise_days"], str(init["stabilise_days"]))
    assert meals.groups() == (web["meals"], str(init["meals"]))
