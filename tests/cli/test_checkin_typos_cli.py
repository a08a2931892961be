"""A typo in the interactive check-in is asked again at once, with the domain's own limits, so no
answer (the safety ones included) is ever thrown away at the end; options are checked first."""

from __future__ import annotations

from datetime import timedelta

from cli_helpers import INIT, counts
from click.testing import CliRunner
from sqlalchemy import select

from stepdown.cli.main import cli
from stepdown.domain.errors import InvalidInput
from stepdown.domain.scales import SOWS10
from stepdown.domain.triage import RED_FLAGS
from stepdown.storage.db import make_engine, session_scope
from stepdown.storage.models import Checkin


def _stored(db_url: str) -> list[Checkin]:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            rows = list(s.scalars(select(Checkin)))
            s.expunge_all()
            return rows
    finally:
        engine.dispose()


def test_a_bad_answer_is_asked_again_and_the_good_one_is_saved(db_url, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    assert runner.invoke(cli, [*INIT, "--database-url", db_url]).exit_code == 0
    answers = ["n"] * (len(RED_FLAGS) - 1) + ["y"]  # the last safety answer is yes: it must be kept
    answers += ["1"] * len(SOWS10.items)
    answers += ["11", "7"]  # craving: 11 is refused and asked again
    answers += ["25", "6.5"]  # sleep hours
    answers += ["", ""]  # sleep quality, mood skipped
    answers += ["300", "8"]  # water glasses
    answers += ["", "", "n", "n", "n", "n", "n", ""]  # meals, exercise, self-care, note
    result = runner.invoke(
        cli, ["checkin", "--quick", "--database-url", db_url], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "The craving must be a whole number from 0 to 10, not 11. Type it again" in result.output
    assert "Sleep hours must be a number from 0 to 24" in result.output
    assert "from 0 to 40, not 300" in result.output  # domain.checkin.MAX_WATER_GLASSES
    [row] = _stored(db_url)
    assert (row.craving, float(row.sleep_hours), row.data["water_glasses"]) == (7, 6.5, 8)
    assert row.sleep_quality is None and row.red_flags == [RED_FLAGS[-1].id]


def test_a_bad_option_is_refused_before_the_first_question(db_url, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    assert runner.invoke(cli, [*INIT, "--database-url", db_url]).exit_code == 0
    before = counts(db_url)
    result = runner.invoke(cli, ["checkin", "--craving", "11", "--database-url", db_url], input="n\n")
    # CliRunner calls the group itself: main() turns this InvalidInput into "Error: ..." and exit 2.
    assert isinstance(result.exception, InvalidInput) and result.exception.field == "craving"
    assert RED_FLAGS[0].question not in result.output  # nothing asked, so nothing to lose
    assert counts(db_url) == before


def test_craving_log_checks_the_intensity_given_before_asking_for_the_outcome(run) -> None:
    assert run(*INIT)[0] == 0
    code, _, err = run("craving", "log", "--intensity", "11")
    assert code == 2
    assert "Intensity" in err and "0" in err and "10" in err and "no terminal" not in err
    code, _, err = run("craving", "log", "--outcome", "maybe")
    assert code == 2 and "no terminal" not in err and "how the urge ended" in err


def test_a_checkin_for_an_earlier_day_speaks_of_that_day(run) -> None:
    from cli_helpers import TODAY

    from stepdown import formatting

    assert run(*INIT)[0] == 0
    assert run("checkin", "--answers", ",".join(["1"] * 16), "--no-red-flags")[0] == 0  # today: 16 of 64
    yesterday = TODAY - timedelta(days=1)
    code, out, err = run(
        "checkin", "--day", yesterday.isoformat(), "--quick", "--answers", "2,2,2,2,2,1,1,1,1,1",
        "--craving", "5", "--no-red-flags",
    )  # fmt: skip
    assert code == 0, err
    said = formatting.day(yesterday)
    assert f"Withdrawal score on {said}: 15 of 30." in out
    assert f"No safety concerns reported for {said}." in out and "reported today" not in out
    # Today's plan rests on today's newer check-in, and the output says so before quoting it.
    assert f"follows your newest check-in, for {formatting.day(TODAY)}, not this one:" in out


def test_patterns_and_self_care_show_the_note_or_the_tables_never_both(run) -> None:
    from stepdown.messages.toolkit import PATTERNS_NOT_ENOUGH, SELFCARE_NOT_ENOUGH

    assert run(*INIT)[0] == 0
    assert run("craving", "log", "--intensity", "4", "--trigger", "stress", "--outcome", "passed")[0] == 0
    code, out, _ = run("craving", "patterns")
    assert code == 0 and PATTERNS_NOT_ENOUGH in out
    assert "Triggers:" not in out and "Times of day:" not in out
    code, out, _ = run("selfcare")
    assert code == 0 and SELFCARE_NOT_ENOUGH in out and "Week of" not in out
