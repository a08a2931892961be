"""The planner speaks plain words; the CLI adds the option to change, so its messages lose nothing."""

from __future__ import annotations

import pytest

from stepdown.cli.main import main

PLAN = ["plan", "--amount", "60", "--unit", "mg", "--times", "2", "--start", "2026-12-01"]
TABLETS = [*PLAN, "--form", "tablet", "--strength", "15", "--split", "4"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and err.count("\n") == 1
    return code, err


@pytest.mark.parametrize(
    ("args", "words", "option"),
    [
        (PLAN, "how much is in one tablet", "(--strength)."),
        ([*PLAN, "--form", "tablet", "--strength", "0"], "more than 0", "(--strength)."),
        ([*PLAN, "--unit", "g", "--amount", "3", "--form", "powder"], "0.1 g", "(--resolution)."),
        ([*PLAN, "--form", "liquid", "--resolution", "0.5"], "mg in each ml", "(--concentration)."),
        ([*TABLETS, "--fit-to-supply"], "needs the supply on hand", "(--on-hand)."),
        ([*TABLETS, "--style", "custom"], "needs its steps", "(--step)."),
        ([*TABLETS, "--step", "45:3"], "only used with the custom style", "(--step)."),
        ([*TABLETS, "--style", "short", "--stop-percent", "5"], "not short", "(--stop-percent)."),
        (
            [*TABLETS, "--style", "custom", "--step", "45:3", "--cut", "10"],
            "--step",
            "leave out --cut and --every",
        ),
    ],
)
def test_plan_errors_name_the_option(capsys, args: list[str], words: str, option: str) -> None:
    code, err = run(capsys, *args)
    assert code == 2 and err.startswith("Error: ") and words in err and option in err


def test_init_names_only_options_it_has(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    init = [
        "init",
        "--amount",
        "40",
        "--strength",
        "10",
        "--split",
        "4",
        "--duration-days",
        "120",
        "--style",
        "short",
        "--yes",
        "--database-url",
        f"sqlite:///{tmp_path / 'a.db'}",
    ]
    code, err = run(capsys, *init, "--fit-to-supply")
    assert code == 2 and "needs the supply on hand (--on-hand)." in err
    code, err = run(capsys, *[a for a in init if a not in ("--strength", "10")])
    assert code == 2 and "how much is in one tablet" in err and "(--strength)." in err
