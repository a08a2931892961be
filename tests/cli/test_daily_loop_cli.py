"""Issue 9 through the real CLI: the lapse typo repro, doses corrected and removed, a pause, going
back a step (warning first), and magnesium logged against a 0 mg plan."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from cli_helpers import counts

TODAY = date.today()


def init(run, *extra: str) -> None:
    start = (TODAY - timedelta(days=3)).isoformat()
    args = ["--amount", "60", "--strength", "15", "--split", "4", "--times", "2", "--duration-days", "200"]
    args += ["--clinician-agreed"]  # plan-safety refuses some low ends without it
    code, _, err = run("init", *args, "--style", "gradual", "--start", start, "--yes", *extra)
    assert code == 0, err


def test_the_issues_lapse_typo_is_refused_and_nothing_is_stored(run, db_url) -> None:
    init(run)
    before = counts(db_url)
    code, _, err = run("lapse", "log", "--amount", "15", "--now-taking", "502.5")
    assert code == 2 and "above the 60 mg a day your plan started from" in err and "--clinician-agreed" in err
    assert counts(db_url) == before
    code, out, _ = run("proposals", "--json")
    assert json.loads(out) == []


def test_a_dose_is_listed_corrected_and_removed(run, db_url) -> None:
    init(run)
    code, out, _ = run("take", "dose", "--amount", "90")
    assert code == 0 and "log it as a lapse" in out and "naloxone" in out
    code, out, _ = run("doses", "--json")
    [dose] = json.loads(out)
    code, out, _ = run("doses", "correct", str(dose["id"]), "--amount", "9", "--reason", "typo")
    assert code == 0 and "90 -> 9 mg" in out
    code, out, _ = run("doses", "remove", str(dose["id"]), "--reason", "never taken")
    assert code == 0 and "stays in the history" in out
    code, out, _ = run("doses", "--json")
    assert json.loads(out) == []
    code, _, err = run("doses", "correct", "999", "--amount", "5")
    assert code == 2 and "no logged dose with id 999" in err


def test_a_pause_is_recorded_at_once(run) -> None:
    init(run)
    code, out, _ = run("pause", "--days", "2", "--reason", "family visit")
    assert code == 0 and "(a pause on request): family visit" in out and "Nothing is cut sooner" in out
    code, _, err = run("pause", "--days", "4", "--reason", "x")
    assert code == 2 and "1, 2 or 3 days" in err and "seed" not in err


def test_return_to_previous_shows_the_tolerance_warning_first_and_asks(run, db_url, monkeypatch) -> None:
    init(run, "--cut", "10", "--every", "1")
    before = counts(db_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))  # the person answers no: aborted
    code, out, err = run("proposals", "return-to-previous", "--reason", "too hard")
    assert code == 1 and out.startswith("Please read first:") and "naloxone" in out
    assert counts(db_url) == before
    code, out, _ = run("proposals", "return-to-previous", "--reason", "too hard", "--yes")
    assert code == 0 and out.index("Please read first") < out.index("Plan revision 2")


def test_return_on_the_first_amount_is_refused_before_the_warning_and_the_question(run, db_url) -> None:
    init(run, "--start", TODAY.isoformat())  # the later --start wins: today is on the first amount
    before = counts(db_url)
    code, out, err = run("proposals", "return-to-previous", "--reason", "too hard")
    assert code == 2 and out == "" and "no earlier step to go back to" in err
    assert counts(db_url) == before


def test_magnesium_logged_against_a_0_mg_plan_warns(run) -> None:
    init(run, "--kidney-disease")
    code, out, _ = run("take", "magnesium", "--mg", "100")
    assert code == 0 and "Your magnesium plan says 0 mg" in out


def test_a_corrected_dose_says_what_it_was_corrected_from_with_units(run) -> None:
    """QA: `doses` showed "27.5 mg (planned 27.5 mg)", not that it had been logged as 275 mg."""
    init(run)
    code, _, err = run("take", "dose")
    assert code == 0, err
    code, out, _ = run("doses", "--json")
    [dose] = json.loads(out)
    assert dose["corrected_from"] is None
    planned = dose["planned"]
    code, out, _ = run("doses", "correct", str(dose["id"]), "--amount", "1.5", "--reason", "typo")
    assert code == 0
    code, out, _ = run("doses")
    assert f"1.5 mg, corrected from {planned} mg (planned {planned} mg)" in out
    code, out, _ = run("doses", "--json")
    assert json.loads(out)[0]["corrected_from"] == planned
