"""Issue 13: days inside sentences read "Wed 2 Dec", not "2026-12-02" (the domain builds some of
these sentences; the service passes formatting.day in). JSON keeps ISO days."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from cli_helpers import INIT, TODAY

from stepdown.cli.main import main

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def shown(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"  # en_US "EEE d MMM"


def answers(value: int) -> str:
    return ",".join([str(value)] * 16)


def test_the_score_sentence_the_plan_change_and_today_name_days_in_words(run) -> None:
    assert run(*INIT, "--on-hand", "60")[0] == 0
    for back in (3, 2, 1):  # a calm baseline before the strong day
        day = (TODAY - timedelta(days=back)).isoformat()
        assert run("checkin", "--day", day, "--answers", answers(0), "--no-red-flags")[0] == 0
    code, out, err = run("checkin", "--answers", answers(3), "--no-red-flags")
    assert code == 0, err
    assert f"Your withdrawal score on {shown(TODAY)} is 48 of 64" in out
    assert f"for {shown(TODAY)}." in out  # "Saved your check-in for Wed 2 Dec."
    assert not ISO.search(out), out
    code, out, _ = run("today")
    assert "Next change:" in out and "Supply:" in out
    assert not ISO.search(out), out
    code, out, _ = run("today", "--json")
    assert json.loads(out)["day"] == TODAY.isoformat()  # machine output stays ISO


def test_a_supply_shortfall_warning_in_the_plan_names_its_days_in_words(capsys) -> None:
    code = main(["plan", "--amount", "60", "--strength", "15", "--split", "4", "--start", "2026-11-27",
                       "--on-hand", "10", "--clinician-agreed"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    warning = next(line for line in out.splitlines() if "runs out on" in line)
    assert "runs out on Mon 30 Nov" in warning and "plan ends on Sat 12 Dec" in warning, warning
    assert not ISO.search(warning), warning
