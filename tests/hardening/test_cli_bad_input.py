"""Bad input on the command line exits 2 with one sentence and stores nothing (issue 10, items 9, 11)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hardening_helpers import one_sentence

INIT = ("init", "--amount", "40", "--strength", "5", "--split", "4", "--times", "2",
        "--duration-days", "200", "--yes")  # fmt: skip
ANSWERS = ("--quick", "--answers", "1,1,1,0,1,1,0,1,2,1", "--no-red-flags")


def _rows(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def started(run, home) -> Path:
    assert run(*INIT)[0] == 0
    return home / "home" / "data" / "stepdown.db"


BAD = {
    "url garbage": ("today", "--database-url", "garbage"),
    "url mysql": ("today", "--database-url", "mysql://user@localhost/stepdown"),
    "url unreachable postgresql": ("today", "--database-url", "postgresql://nobody@127.0.0.1:1/stepdown"),
    "url asyncpg": ("today", "--database-url", "postgresql+asyncpg://nobody@127.0.0.1/stepdown"),
    "out missing folder": ("report", "--out", "missing/report.pdf"),
    "out existing folder": ("calendar", "--out", "."),
    "out 300 chars": ("export", "--out", "x" * 300 + ".json"),
    "calendar tz 300 chars": ("calendar", "--tz", "A" * 300),
    "calendar alarm unicode": ("calendar", "--alarm", "٣"),
    "take dose 1e308": ("take", "dose", "--amount", "1e308"),
    "take dose 1e-308": ("take", "dose", "--amount", "1e-308"),
    "take dose huge digits": ("take", "dose", "--amount", "9" * 400),
    "take dose unicode digit": ("take", "dose", "--amount", "٣"),
    "take magnesium 1e308": ("take", "magnesium", "--elemental-mg", "1e308"),
    "proposal id huge": ("proposals", "accept", "99999999999999999999999"),
    "proposal decline id huge": ("proposals", "decline", "99999999999999999999999"),
    "support remove id huge": ("support", "remove", "contact", "99999999999999999999999"),
    "checkin craving arabic digit": ("checkin", *ANSWERS, "--craving", "٣"),
    "checkin mood superscript": ("checkin", *ANSWERS, "--mood", "²"),
    "status days arabic": ("status", "--days", "٣"),
    "breathe cycles underscore": ("breathe", "--cycles", "1_0"),
    "lapse amount 1e308": ("lapse", "log", "--amount", "1e308"),
    "serve port arabic": ("serve", "--port", "٣", "--no-browser"),
    "assess duration arabic": ("assess", "--duration-days", "٣٠", "--amount", "20"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_2_with_one_sentence_and_stores_nothing(case, run, started: Path) -> None:
    before = {t: _rows(started, t) for t in ("checkin", "dose_log", "magnesium_log", "lapse", "contact")}
    code, out, err = run(*BAD[case])
    assert code == 2, (code, out, err)
    assert one_sentence(err), err
    assert {t: _rows(started, t) for t in before} == before


def test_a_bad_port_in_the_environment(run, home, monkeypatch) -> None:
    for value in ("abc", "٣", "70000", "-1", ""):
        monkeypatch.setenv("STEPDOWN_PORT", value)
        code, out, err = run("today")
        assert code == 2 and one_sentence(err) and "STEPDOWN_PORT" in err, (value, err)


def test_init_without_an_amount_and_without_a_terminal(run, home, monkeypatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal: the prompt reads end-of-file
    code, out, err = run("init", "--amount", "", "--duration-days", "200")
    assert code == 2 and one_sentence(err.splitlines()[-1] + "\n"), err
    assert not (home / "home" / "data" / "stepdown.db").exists() or _rows(
        home / "home" / "data" / "stepdown.db", "plan") == 0  # fmt: skip


def test_a_sqlite_url_in_a_missing_folder_is_not_created(run, home) -> None:
    code, out, err = run("today", "--database-url", f"sqlite:///{home / 'typo' / 'stepdown.db'}")
    assert code == 2 and one_sentence(err) and "does not exist" in err
    assert not (home / "typo").exists()


def test_the_default_data_folder_is_still_created(run, home) -> None:
    assert not (home / "home" / "data").exists()
    assert run(*INIT)[0] == 0
    assert (home / "home" / "data" / "stepdown.db").is_file()


def test_ascii_digits_still_work(run, started: Path) -> None:
    code, out, err = run("checkin", *ANSWERS, "--craving", "3", "--mood", " 5 ")
    assert code == 0, err
    with sqlite3.connect(started) as conn:
        assert conn.execute("SELECT craving, mood FROM checkin").fetchone() == (3, 5)
