"""`stepdown today` and `status`: symptoms that stay strong get an accurate notice, first and kept
until acknowledged; a red-flag answer keeps "Get help now" with the emergency body, first."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from strong_symptoms import drive_to_seek_care, start_person

from stepdown.cli.main import main
from stepdown.messages import safety
from stepdown.messages.toolkit import CELEBRATE


@pytest.fixture
def run(db_url, capsys, monkeypatch, tmp_path):  # noqa: ANN001, ANN201
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TZ", "UTC")

    def _run(*args: str) -> tuple[int, str]:
        code = main([*args, "--database-url", db_url])
        out, _ = capsys.readouterr()
        return code, out

    return _run


@pytest.fixture
def seek_care(db_url, plan_factory):  # noqa: ANN001, ANN201
    """A person the rules sent to a clinician for symptoms that stayed strong (no red-flag answer)."""
    from stepdown.storage.db import make_engine, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    today = datetime.now(UTC).date()
    pid, start = start_person(engine, today, plan_factory)
    drive_to_seek_care(engine, pid, start, today)
    yield engine
    engine.dispose()


def _flat(out: str) -> str:
    return " ".join(out.split())  # click.echo does not wrap, but compare wording without line breaks


def test_today_shows_the_accurate_notice_first_until_acknowledged(run, seek_care) -> None:
    code, out = run("today")
    assert code == 0 and out.startswith("!!!")
    text = _flat(out)
    assert out.splitlines()[1] == safety.SEEK_CARE_HEADLINE + "."  # the headline leads
    assert safety.SEEK_CARE_BODY in text
    assert safety.URGENT_BODY not in text and safety.URGENT_HEADLINE not in text
    for number in ("911", "988", "1-800-662-4357", "1-800-222-1222"):
        assert number in text
    assert safety.TOLERANCE_WARNING in text
    notice_end = out.rindex("!!!")
    for later in ("Your dose", "Magnesium", CELEBRATE):
        if later in out:
            assert out.index(later) > notice_end
    # The rules' own explanation is in the box.
    data = json.loads(run("today", "--json")[1])
    (notice,) = [f for f in data["red_flags"] if f["notice"] == "seek_care"]
    assert notice["explanation"] in out and data["urgent_guidance"] == []
    assert data["seek_care_guidance"][0] == safety.SEEK_CARE_HEADLINE + "."
    # status shows it in the same words; only acknowledging removes it.
    code, out = run("status")
    assert code == 0 and out.splitlines()[1] == safety.SEEK_CARE_HEADLINE + "."
    assert safety.URGENT_BODY not in _flat(out)
    assert safety.SEEK_CARE_HEADLINE in run("today")[1]
    code, out = run("today", "--acknowledge")
    assert code == 0 and safety.SEEK_CARE_HEADLINE in out  # shown in the run that marks it read
    assert safety.SEEK_CARE_HEADLINE not in run("today")[1]


def test_a_red_flag_answer_keeps_get_help_now_before_the_notice(run, seek_care) -> None:
    code, _ = run("checkin", "--answers", ",".join(["3"] * 16), "--red-flag", "seizure")
    assert code == 0
    code, out = run("today")
    assert code == 0 and out.splitlines()[1].startswith(safety.URGENT_HEADLINE)
    emergency_end = out.index("!!!", out.index(safety.URGENT_HEADLINE))
    assert safety.URGENT_BODY in _flat(out[:emergency_end])
    assert out.index(safety.SEEK_CARE_HEADLINE) > emergency_end
    assert safety.URGENT_BODY not in _flat(out[emergency_end:])
    code, out = run("status")
    assert out.index(safety.URGENT_HEADLINE) < out.index(safety.SEEK_CARE_HEADLINE)
