"""Tests that keep the README honest: every command, option and setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from stepdown.cli.main import COMMANDS, cli
from stepdown.settings import DOCUMENTED

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    assert re.search(rf"stepdown {re.escape(name)}\b", README), f"`stepdown {name}` is not in the README"
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    commands = [command]
    if isinstance(command, click.Group):
        commands += list(command.commands.values())
    for cmd in commands:
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, f"option {opt} of `stepdown {name}` is not in the README"


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_every_setting_is_in_the_readme(name: str) -> None:
    env, _ = DOCUMENTED[name]
    assert env in README, f"setting {env} is not in the README"


def test_readme_states_it_is_not_medical_advice() -> None:
    assert "not medical advice" in README
