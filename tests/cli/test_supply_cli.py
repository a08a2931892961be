"""`stepdown refill` and the supply lines of `today` (text and --json), through the real entry point."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from stepdown.cli.main import main

TODAY = date.today()
INIT = (
    "init", "--amount", "60", "--strength", "15", "--split", "4", "--times", "2", "--duration-days", "60",
    "--style", "short", "--start", TODAY.isoformat(), "--no-magnesium", "--yes", "--against-advice",
)  # fmt: skip  # issue 9: 60 mg (30 mg cannot taper in quarters of 15 mg); short is against advice


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TZ", "UTC")

    def _run(*args: str):
        code = main([*args, "--database-url", url])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_today_counts_down_and_a_refill_adds(run) -> None:
    assert run(*INIT, "--on-hand", "4")[0] == 0
    assert run("take", "dose")[0] == 0  # 1¾ tablets
    code, out, _ = run("today")
    assert code == 0 and "Supply: 2.25 tablets left, enough until" in out
    assert "Refill needed: your supply runs out on" in out and "stepdown refill --amount N" in out
    data = json.loads(run("today", "--json")[1])["supply"]
    assert data["left"] == 2.25 and data["refill_due"] is True and data["warn_days"] == 5
    assert data["runs_out_on"] <= (TODAY + timedelta(days=5)).isoformat()

    code, out, _ = run("refill", "--amount", "40")
    assert code == 0 and "Refill recorded: 40 tablets. You now have 42.25 tablets left." in out
    assert "enough to the end of the plan" in out
    code, _, err = run("refill", "--amount", "none")
    assert code == 2 and "The refill must be a number" in err
    data = json.loads(run("today", "--json")[1])["supply"]
    figures = (data["left"], data["refilled"], data["runs_out_on"], data["refill_due"])
    assert figures == (42.25, 40, None, False)
