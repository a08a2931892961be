"""Issue 9 through the real CLI: the reproductions refuse or record, and nothing unsafe is saved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from stepdown.cli.main import main
from stepdown.storage.db import make_engine, session_scope
from stepdown.storage.models import PlanRevision

TABLETS = ["--amount", "120", "--strength", "15", "--split", "4", "--times", "4"]


@pytest.fixture
def run(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'a.db'}"

    def _run(*args: str, db: bool = True) -> tuple[int, str, str]:
        code = main([*args, *(["--database-url", url] if db else [])])
        out, err = capsys.readouterr()
        return code, out, err

    _run.url = url  # type: ignore[attr-defined]
    return _run


def triggers(url: str) -> list[dict]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            return [dict(r.trigger or {}) for r in s.scalars(select(PlanRevision)).all()]
    finally:
        engine.dispose()


def test_the_one_day_slow_plan_is_refused_naming_its_cause_not_the_units(run) -> None:
    args = ["init", *TABLETS, "--duration-days", "1500", "--style", "slow", "--cut", "50", "--every", "1"]
    code, _, err = run(*args, "--yes")
    assert code == 2 and "waits at least 28 days" in err and "(--every)" in err
    assert "cannot measure less" not in err
    assert triggers(run.url) == []


def test_units_that_cannot_taper_are_refused_then_saved_only_with_a_recorded_agreement(run) -> None:
    args = ["init", "--amount", "25", "--strength", "25", "--split", "1", "--duration-days", "20",
            "--style", "slow", "--yes"]  # fmt: skip
    code, _, err = run(*args)
    assert code == 2 and "pill cutter" in err and "(--clinician-agreed)" in err and "or a ." not in err
    assert triggers(run.url) == []
    code, out, err = run(*args, "--clinician-agreed", "--clinician-name", "Dr Ames")
    assert code == 0, err and "A clinician agreed" in out
    [trigger] = triggers(run.url)
    assert trigger["clinician_agreement"]["by"] == "clinician:Dr Ames"


def test_short_for_two_years_needs_against_advice_and_it_is_recorded(run) -> None:
    args = ["init", "--amount", "20", "--strength", "5", "--split", "4", "--duration-days", "730",
            "--style", "short", "--yes"]  # fmt: skip
    code, _, err = run(*args)
    assert code == 2 and "slow style suggested" in err and "730 days" in err and "(--against-advice)" in err
    assert triggers(run.url) == []
    code, out, err = run(*args, "--against-advice")
    assert code == 0, err
    assert "faster than the slow style suggested" in out
    [trigger] = triggers(run.url)
    assert trigger["against_advice"]["recommended_style"] == "slow"
    assert trigger["against_advice"]["chosen_style"] == "short"


def test_pregnancy_shows_the_route_and_saves_only_with_a_clinician(run) -> None:
    args = ["init", "--amount", "20", "--form", "powder", "--resolution", "0.1", "--duration-days", "20",
            "--pregnant", "--yes"]  # fmt: skip
    code, out, err = run(*args)
    assert code == 2 and "FindTreatment.gov" in out and "435748" in out and "(--clinician-agreed)" in err
    assert triggers(run.url) == []
    assert run(*args, "--clinician-agreed")[0] == 0
    assert triggers(run.url)[0]["clinician_agreement"]["by"] == "person (says a clinician agreed)"
    # a plan the units refuse still shows the route first
    code, out, err = run("init", "--amount", "20", "--strength", "5", "--split", "4", "--duration-days", "20",
                         "--pregnant", "--replace", "--yes")  # fmt: skip
    assert code == 2 and "FindTreatment.gov" in out and "cannot make this a safe taper" in err


def test_plan_table_cut_column_is_against_the_dose_before(run) -> None:
    code, out, _ = run("plan", *TABLETS, "--style", "short", "--cut", "10", "--every", "3",
                       "--start", "2026-12-01", db=False)  # fmt: skip
    assert code == 0
    cuts = [float(line.split()[5].rstrip("%")) for line in out.splitlines() if line[:1].isdigit()]
    assert cuts and max(cuts) <= 20
