"""`stepdown plan` through the real entry point: table, JSON schema, and plain errors with exit code 2."""

from __future__ import annotations

import json
from datetime import date

import pytest

from stepdown.cli.main import main
from stepdown.messages.safety import DISCLAIMER

BASE = [
    "plan",
    "--amount",
    "60",
    "--unit",
    "mg",
    "--form",
    "tablet",
    "--strength",
    "15",
    "--split",
    "4",
    "--times",
    "2",
    "--style",
    "short",
    "--start",
    "2026-12-01",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_shows_each_step_measurably_and_the_disclaimer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *BASE, "--every", "3", "--on-hand", "40")
    assert code == 0 and err == ""
    # issue 9: the low end cuts 20% of the dose before (the Cut column), off from 15 mg (25%)
    assert "2026-12-01" in out and "2026-12-24" in out and "2026-12-25" in out
    assert "1½ tablets = 22.5 mg" in out and "¾ tablet = 11.25 mg" in out
    rows = [line.split() for line in out.splitlines() if line[:1].isdigit()]
    cuts = [float(r[5].rstrip("%")) for r in rows]  # the Cut column: against the dose before
    assert max(cuts) == 20 and len(rows) == 8
    assert "runs out on Thu 17 Dec" in out and "days before the plan ends on Thu 24 Dec" in out
    assert DISCLAIMER in out
    assert "MGM" not in out


def test_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *BASE, "--cut", "20", "--every", "2", "--on-hand", "40", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("start", "end", "steps", "units_needed", "warnings", "sources", "parameters", "form"):
        assert key in data
    step = data["steps"][0]
    for key in ("start", "end", "days", "daily_amount", "unit", "portions", "cut_percent", "units_needed"):
        assert key in step
    assert data["start"] == "2026-12-01" and step["days"] == 2 and step["unit"] == "mg"
    assert step["daily_amount"] == 48.75  # 60 - 12 = 48, rounded up to quarters of 15 mg
    assert {p["name"]: p["value"] for p in data["parameters"]}["cut_percent"] == 20
    assert sum(p["amount"] for p in step["portions"]) == step["daily_amount"]
    assert data["extra"]["supply"]["on_hand"] == 40


def test_powder_liquid_custom_and_holds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "plan",
        "--amount",
        "3",
        "--unit",
        "g",
        "--form",
        "powder",
        "--resolution",
        "0.1",
        "--style",
        "gradual",
        "--times",
        "3",
        "--start",
        "2026-12-01",
        "--stabilise-days",
        "3",
        "--final-hold-days",
        "7",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["steps"][0]["kind"] == "stabilise" and data["steps"][-1]["kind"] == "hold"
    assert data["steps"][1]["daily_amount"] == 2.7
    code, out, _ = run(
        capsys,
        "plan",
        "--amount",
        "20",
        "--form",
        "liquid",
        "--concentration",
        "2",
        "--resolution",
        "0.1",  # issue 9: 0.5 ml marks cannot taper 20 mg hyperbolically within its 20% limit
        "--style",
        "hyperbolic",
        "--start",
        "2026-12-01",
        "--json",
    )
    assert code == 0 and json.loads(out)["steps"][0]["portions"][0]["label"] == "9 ml = 18 mg"
    code, out, _ = run(
        capsys,
        "plan",
        "--amount",
        "20",
        "--form",
        "liquid",
        "--concentration",
        "2",
        "--resolution",
        "0.1",
        "--style",
        "hyperbolic",
        "--stop-percent",
        "0",
        "--start",
        "2026-12-01",
        "--json",
    )
    # down to 0.8 mg (4 ml marks): 0.8 -> 0.6 mg would cut 25%, more than hyperbolic's 20% limit
    assert code == 0 and json.loads(out)["steps"][-1]["daily_amount"] == 0.8
    steps = ("--step", "45:4", "--step", "30:4", "--step", "15:4")  # custom: off from <= 25% of the start
    code, out, _ = run(capsys, *BASE, "--style", "custom", *steps, "--json")
    assert code == 0 and [s["daily_amount"] for s in json.loads(out)["steps"]] == [45, 30, 15]
    code, _, err = run(capsys, *BASE, "--style", "custom", "--step", "45:4", "--step", "30:4")
    assert code == 2 and "stop from 30 mg a day" in err and "(--step)" in err


def test_fit_to_supply(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *BASE, "--every", "3", "--on-hand", "40", "--fit-to-supply", "--json")
    data = json.loads(out)
    assert code == 0 and data["units_needed"] <= 40 and "fitted" in data["extra"]
    powder = ("plan", "--amount", "100", "--form", "powder", "--resolution", "1", "--start", "2026-12-01")
    code, out, _ = run(capsys, *powder, "--style", "slow", "--on-hand", "5", "--fit-to-supply")
    assert code == 0 and "not enough for a safe taper at the slow style" in out


def test_start_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    args = [a for a in BASE if a not in ("--start", "2026-12-01")]
    code, out, _ = run(capsys, *args, "--json")
    assert code == 0 and json.loads(out)["start"] == date.today().isoformat()


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"--amount": "-5"}, "must be more than 0"),
        ({"--amount": "0"}, "must be more than 0"),
        ({"--amount": "lots"}, "must be a number"),
        ({"--amount": "9000"}, "more than 60 tablets"),
        ({"--unit": "oz"}, "use mg or g"),
        ({"--split": "3"}, "1 (whole), 2 (halves) or 4 (quarters)"),
        ({"--split": "half"}, "--split must be a whole number"),
        ({"--form": "patch"}, "use tablet, powder or liquid"),
        ({"--start": "2026-02-30"}, "real date written YYYY-MM-DD"),
        ({"--start": "tomorrow"}, "real date written YYYY-MM-DD"),
        ({"--start": "1850-01-01"}, "start date must be between"),
        ({"--times": "9"}, "from 1 to 6"),
        ({"--style": "turbo"}, "Unknown taper style"),
        ({"--strength": "0"}, "more than 0"),
        ({"--amount": "61"}, "cannot be measured exactly"),
    ],
)
def test_bad_input_gives_exit_2_and_one_plain_sentence(
    capsys: pytest.CaptureFixture[str], change: dict[str, str], fragment: str
) -> None:
    args = list(BASE)
    for opt, value in change.items():
        args[args.index(opt) + 1] = value
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert fragment in err


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--cut", "75"], "between 1% and 50%"),
        (["--cut", "0"], "between 1% and 50%"),
        (["--every", "0"], "from 1 to 90"),
        (["--every", "two"], "--every must be a whole number"),
        (["--fit-to-supply"], "needs the supply on hand"),
        (["--on-hand", "-3"], "supply on hand"),
        (["--stabilise-days", "400"], "stabilise days"),
        (["--style", "custom"], "needs its steps"),
        (["--style", "custom", "--step", "45"], "AMOUNT:DAYS"),
        (["--style", "custom", "--step", "75:3"], "higher than the dose before"),
        (["--step", "45:3"], "only used with the custom style"),
        (["--style", "hyperbolic", "--stop-percent", "45"], "between 0% and 5%"),
        (["--stop-percent", "5"], "not short"),
        (["--style", "custom", "--step", "45:3", "--cut", "10"], "leave out --cut and --every"),
        (["--resolution", "0.1"], "not a resolution or concentration"),
    ],
)
def test_more_bad_options(capsys: pytest.CaptureFixture[str], extra: list[str], fragment: str) -> None:
    code, out, err = run(capsys, *BASE, *extra)
    assert code == 2 and out == "" and fragment in err and "Traceback" not in err


def test_split_with_powder_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "plan",
        "--amount",
        "3",
        "--unit",
        "g",
        "--form",
        "powder",
        "--resolution",
        "0.1",
        "--split",
        "2",
    )
    assert code == 2 and "Only tablets can be split" in err
