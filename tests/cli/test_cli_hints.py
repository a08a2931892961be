"""The CLI still names its commands where the shared (front-end neutral) messages no longer do."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from stepdown.cli.main import main
from stepdown.storage.db import make_engine, upgrade

TODAY = date.today()


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def run(url, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TZ", "UTC")

    def _run(*args: str):
        code = main([*args, "--database-url", url])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def _start_plan(url: str) -> None:
    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import onboarding, person

    engine = make_engine(url)
    upgrade(engine)
    me = person.get_or_create_local_person(engine, timezone="UTC")
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=TODAY - timedelta(days=5)))
    onboarding.start_taper(engine, me.id, plan=plan)
    engine.dispose()


def test_today_and_status_name_init_and_checkin(run, url) -> None:
    code, out, _ = run("today")
    assert code == 0 and "There is no taper plan yet. Start one with `stepdown init`." in out
    code, out, _ = run("status")
    assert code == 0 and "Start one with `stepdown init`." in out
    code, _, err = run("take", "dose")  # refused: no plan to log against
    assert code == 2 and "There is no taper plan yet; make one first. Start one with `stepdown init`." in err
    _start_plan(url)
    code, out, _ = run("today")
    assert code == 0 and "You have not checked in today" in out and "Run `stepdown checkin`." in out


def test_craving_used_points_to_lapse_log_and_the_card_to_support_add(run) -> None:
    code, out, _ = run("craving", "log", "--intensity", "7", "--outcome", "used")
    assert code == 0 and "log it as a lapse" in out and "`stepdown lapse log`" in out
    code, out, _ = run("craving", "log", "--intensity", "3", "--outcome", "passed")
    assert code == 0 and "stepdown lapse log" not in out
    code, out, _ = run("support", "card")
    assert code == 0 and "(no contacts added yet)" in out and "`stepdown support add --name NAME" in out
    run("support", "add", "--name", "Sam", "--phone", "555-0100")
    code, out, _ = run("support", "card")
    assert code == 0 and "Sam" in out and "stepdown support add" not in out


def test_an_unknown_proposal_names_the_command_that_lists_them(run, url) -> None:
    _start_plan(url)
    for decision in ("accept", "decline"):
        code, _, err = run("proposals", decision, "999")
        assert code == 2 and "There is no proposal with id 999. `stepdown proposals` lists them." in err
