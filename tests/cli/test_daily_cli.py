"""The daily loop through the real CLI entry point, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from cli_helpers import INIT, counts
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.cli.main import cli
from stepdown.domain.scales import SOWS10

TODAY = date.today()
START = TODAY - timedelta(days=5)


def ratings(n: int, value: int) -> str:
    return ",".join([str(value)] * n)


def checkin(run, day: date, value: int, *extra: str):
    return run("checkin", "--day", day.isoformat(), "--answers", ratings(16, value), *extra)


def test_the_whole_loop_init_checkins_hold_proposal_accept_revision(run, db_url) -> None:
    code, out, err = run(*INIT, "--json")
    assert code == 0, err
    saved = json.loads(out)
    assert saved["saved"]["revision_number"] == 1
    for offset in range(3):  # baseline days, before the first cut
        assert checkin(run, START + timedelta(days=offset), 0, "--no-red-flags")[0] == 0
    code, out, err = checkin(run, TODAY, 3, "--no-red-flags", "--craving", "6", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["decision"]["kind"] == "hold"
    proposal_id = result["proposal"]["id"]

    code, out, _ = run("proposals", "--json")
    assert [p["id"] for p in json.loads(out)] == [proposal_id]
    code, out, _ = run("today")
    assert f"#{proposal_id}" in out and "proposals accept" in out

    code, out, err = run("proposals", "accept", str(proposal_id), "--json")
    assert code == 0, err
    accepted = json.loads(out)
    assert accepted["revision"]["number"] == 2 and accepted["revision"]["kind"] == "hold"
    assert accepted["revision"]["end"] > saved["plan"]["end"]

    code, out, _ = run("status", "--json")
    status = json.loads(out)
    assert status["revision"]["number"] == 2 and status["revisions"] == 2
    assert status["plan"]["day_number"] == 6
    assert [s["total"] for s in status["symptom_trend"]] == [0, 0, 0, 48]
    code, out, _ = run("status")
    assert "Day 6 of" in out and any(ch in out for ch in "▁▂▃▄▅▆▇█")


def test_take_logs_doses_and_magnesium_planned_against_actual(run) -> None:
    assert run(*INIT)[0] == 0
    code, out, err = run("take", "dose", "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["actual"] == first["planned"]
    code, out, _ = run("take", "dose", "--amount", "5", "--json")
    assert json.loads(out)["actual"] == 5
    code, out, _ = run("take", "magnesium", "--json")
    assert json.loads(out)["meal"] == "breakfast"
    code, out, _ = run("today", "--json")
    view = json.loads(out)
    assert [d["taken"] for d in view["doses"]] == [True, True]
    assert view["magnesium"][0]["taken"] is True


def test_red_flags_come_first_in_today_until_acknowledged(run) -> None:
    assert run(*INIT)[0] == 0
    code, out, _ = run("checkin", "--answers", ratings(16, 1), "--red-flag", "chest_pain")
    assert code == 0
    assert out.startswith("!!!") and "911" in out
    for _ in range(2):  # still there on the next look
        code, out, _ = run("today")
        assert out.startswith("!!!") and "988" in out and "today --acknowledge" in out
    code, out, _ = run("today", "--acknowledge")
    assert out.startswith("!!!")  # shown once more while acknowledging
    code, out, _ = run("today")
    assert not out.startswith("!!!")


def test_quick_mode_uses_the_ten_item_scale(run) -> None:
    assert run(*INIT)[0] == 0
    code, out, err = run("checkin", "--quick", "--answers", ratings(10, 3), "--no-red-flags", "--json")
    assert code == 0, err
    assert (json.loads(out)["total"], json.loads(out)["max_total"]) == (30, 30)


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "--answers", ratings(16, 5), "--no-red-flags"),
        ("checkin", "--answers", ratings(15, 1), "--no-red-flags"),
        ("checkin", "--answers", ratings(16, 1)),  # safety questions not answered
        (
            "checkin",
            "--answers",
            ratings(16, 1),
            "--no-red-flags",
            "--day",
            (TODAY + timedelta(days=1)).isoformat(),
        ),
        ("checkin", "--answers", ratings(16, 1), "--red-flag", "bogus"),
        ("take", "dose", "--amount", "-3"),
        ("take", "dose", "--day", "yesterday"),
        ("take", "magnesium", "--mg", "lots"),
        ("proposals", "accept", "99"),
        ("proposals", "decline", "abc"),
        ("proposals", "return-to-previous", "--reason", " "),
    ],
)
def test_bad_input_exits_2_with_one_sentence_and_stores_nothing(run, db_url, args) -> None:
    assert run(*INIT)[0] == 0
    before = counts(db_url)
    code, out, err = run(*args)
    assert code == 2
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert counts(db_url) == before


def test_init_refuses_bad_input_and_a_second_plan(run, db_url) -> None:
    code, _, err = run("init", "--amount", "abc", "--duration-days", "10", "--yes")
    assert code == 2 and err.startswith("Error: ")
    assert run(*INIT)[0] == 0
    before = counts(db_url)
    code, out, err = run(*INIT)
    assert code == 2 and "--replace" in err and "already have an active taper plan" in err
    assert out == ""  # refused first: no assessment, no plan table before the refusal
    assert "Your plan" not in err and "First day free" not in err
    assert counts(db_url) == before


def test_init_refuses_a_second_plan_before_asking_any_question(run, monkeypatch) -> None:
    assert run(*INIT)[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("40\n120\ny\n"))
    code, out, err = run("init")
    assert code == 2 and out == ""  # no question asked, no plan printed
    assert err.startswith("Error: You already have an active taper plan") and "--replace" in err


def test_interactive_checkin_asks_every_question_including_the_safety_ones(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    result = runner.invoke(cli, [*INIT, "--database-url", db_url])
    assert result.exit_code == 0, result.output
    from stepdown.domain.triage import RED_FLAGS

    answers = ["n"] * (len(RED_FLAGS) - 1) + ["y"]  # safety first, as on the web; the last one: yes
    answers += ["2"] * len(SOWS10.items) + ["5", "6.5", "4", "5", "6", "2", "30"]
    answers += ["y", "n", "n", "y", "n"]  # self-care
    answers += ["a note"]
    result = runner.invoke(
        cli, ["checkin", "--quick", "--json", "--database-url", db_url], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    for flag in RED_FLAGS:
        assert flag.question in result.output
    assert result.output.index(RED_FLAGS[-1].question) < result.output.index(SOWS10.items[0].question)
    data = json.loads(result.output[result.output.index("{") :])
    assert data["total"] == 2 * len(SOWS10.items)
    assert data["triage"]["urgent"] is True
    assert [f["id"] for f in data["triage"]["flags"]] == [RED_FLAGS[-1].id]


def test_interactive_init_asks_for_what_is_missing_and_confirms(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    # issue 9: 40 mg is a higher dose (gradual suggested), and gradual cannot taper 40 mg in quarters
    # of 10 mg; short, chosen against the advice, can
    args = ["init", "--split", "4", "--times", "2", "--style", "short", "--against-advice", "--json"]
    args += ["--database-url", db_url]
    declined = runner.invoke(cli, args, input="40\n10\n20\nn\n")
    assert declined.exit_code != 0 and counts(db_url)["plan"] == 0  # said no: nothing saved
    result = runner.invoke(cli, args, input="40\n10\n20\ny\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert data["plan"]["form"]["strengths"] == [10] and data["saved"]["revision_number"] == 1
    assert data["magnesium"]["daily_elemental_mg"] > 0
    assert counts(db_url)["plan_revision"] == 1 and counts(db_url)["magnesium_plan"] == 1


@given(st.lists(st.one_of(st.none(), st.integers(0, 64)), max_size=60))
@settings(max_examples=200)
def test_sparklines_keep_one_character_per_day_gaps_and_order(values) -> None:
    from stepdown.cli.sparkline import BARS, GAP, sparkline

    line = sparkline(values, low=0, high=64)
    assert len(line) == len(values)
    for value, char in zip(values, line, strict=True):
        assert (char == GAP) == (value is None)
    present = [(v, c) for v, c in zip(values, line, strict=True) if v is not None]
    for (v1, c1), (v2, c2) in zip(present, present[1:], strict=False):
        if v1 < v2:
            assert BARS.index(c1) <= BARS.index(c2)
    if 0 in values:
        assert line[values.index(0)] == BARS[0]
    if 64 in values:
        assert line[values.index(64)] == BARS[-1]
