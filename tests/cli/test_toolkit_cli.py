"""The toolkit commands through the real entry point (SQLite; the services tests cover PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from stepdown.cli.main import cli, main
from stepdown.messages.safety import TOLERANCE_WARNING
from stepdown.storage.db import make_engine, session_scope, upgrade
from stepdown.storage.models import Base

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


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            return {n: s.scalar(select(func.count()).select_from(t)) for n, t in Base.metadata.tables.items()}
    finally:
        engine.dispose()


@pytest.fixture
def with_plan(url):
    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import onboarding, person

    engine = make_engine(url)
    upgrade(engine)
    me = person.get_or_create_local_person(engine, timezone="UTC")
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=TODAY - timedelta(days=5)))
    # Made on its start day, so its days were lived with stepdown and count for milestones.
    onboarding.start_taper(engine, me.id, plan=plan, now=datetime.now(UTC) - timedelta(days=5))
    engine.dispose()
    return plan


def test_craving_log_list_patterns_and_bad_input(run, url) -> None:
    code, out, _ = run(
        "craving",
        "log",
        "--intensity",
        "6",
        "--trigger",
        "Stress",
        "--trigger",
        "boredom",
        "--outcome",
        "passed",
        "--helped",
        "a walk",
    )
    assert code == 0 and "Urge 6/10" in out and "stress, boredom" in out
    before = counts(url)
    for bad in (
        ["--intensity", "11", "--outcome", "passed"],
        ["--intensity", "5", "--outcome", "maybe"],
        ["--intensity", "5", "--outcome", "used", "--at", "2999-01-01T10:00"],
    ):
        code, out, err = run("craving", "log", *bad)
        assert code == 2 and err.startswith("Error: ") and "Traceback" not in err
    assert counts(url) == before
    code, out, _ = run("craving", "list", "--json")
    rows = json.loads(out)
    assert [(r["intensity"], r["helped"]) for r in rows] == [(6, "a walk")]
    code, out, _ = run("craving", "patterns", "--json")
    assert json.loads(out)["triggers"][0]["trigger"] in ("stress", "boredom")
    code, out, _ = run("craving", "patterns")
    assert code == 0 and "Not enough entries yet" in out


def test_lapse_shows_warning_and_the_proposal_is_accepted_with_proposals_accept(run, url, with_plan) -> None:
    code, out, _ = run(
        "lapse",
        "log",
        "--amount",
        "10",
        "--led-to",
        "A rough night",
        "--too-fast",
        "not sure",
        "--now-taking",
        "60",  # issue 9: from 22.5 mg, quarters of 15 mg cannot taper within the short style's limit
    )
    assert code == 0
    assert TOLERANCE_WARNING in out
    assert "gentler plan starting from the 60 mg" in out
    proposal_id = out.split("stepdown proposals accept ")[1].split("`")[0]
    code, out, err = run("proposals", "accept", proposal_id)
    assert code == 0, err
    engine = make_engine(url)
    with session_scope(engine) as s:
        from stepdown.storage.models import PlanRevision

        kinds = [r.kind for r in s.scalars(select(PlanRevision).order_by(PlanRevision.number))]
    engine.dispose()
    assert len(kinds) == 2 and kinds[-1] == "replan"  # the first revision is kept
    code, out, _ = run("lapse", "list")
    assert "A rough night" in out and "not sure" in out


def test_bad_lapse_is_refused_and_stores_nothing(run, url, with_plan) -> None:
    before = counts(url)
    for args in (
        ["--amount", "none"],
        ["--amount", "5", "--too-fast", "very"],
        ["--amount", "5", "--now-taking", "x"],
    ):
        code, _, err = run("lapse", "log", *args)
        assert code == 2 and err.startswith("Error: ")
    assert counts(url) == before


def test_support_contacts_groups_distractions_and_card(run) -> None:
    assert run("support", "add", "--name", "Sam", "--phone", "555 0100", "--relation", "friend")[0] == 0
    assert run("support", "add", "--name", "Dr Lee", "--phone", "555 0199", "--therapist")[0] == 0
    assert run("support", "add-group", "--name", "Thursday group", "--details", "Church hall 7pm")[0] == 0
    assert run("support", "distraction", "Play guitar")[0] == 0
    code, _, err = run("support", "add", "--name", "Bad", "--phone", "phone")
    assert code == 2 and "phone number" in err
    code, out, _ = run("support")
    assert "Narcotics Anonymous" in out and "SMART Recovery" in out and "Thursday group" in out
    assert "1-800-662-4357" in out and "Play guitar" in out and "[1] Sam (friend): 555 0100" in out
    code, out, _ = run("support", "card")
    assert code == 0 and out.startswith("EMERGENCY CARD")
    assert "Sam (friend): 555 0100" in out and "Poison Help: 1-800-222-1222" in out
    code, out, _ = run("support", "remove", "contact", "1")
    assert code == 0
    assert "Sam" not in run("support", "card")[1]
    assert run("support", "remove", "contact", "1")[0] == 2


def test_milestones_celebrated_once_and_cost(run, with_plan) -> None:
    code, out, _ = run("milestones", "--cost", "0.40")
    assert code == 0 and "Milestone reached!" in out and "Money no longer spent: $" in out
    code, out, _ = run("milestones")
    assert "Milestone reached!" not in out and "You completed the step" in out
    assert run("milestones", "--cost", "-1")[0] == 2


def test_breathe_uses_the_injected_sleep_and_counts_every_second() -> None:
    slept: list[float] = []
    result = CliRunner().invoke(
        cli, ["breathe", "--pattern", "4-7-8", "--cycles", "2"], obj={"sleep": slept.append}
    )
    assert result.exit_code == 0, result.output
    assert len(slept) == 2 * (4 + 7 + 8)
    assert result.output.count("Breathe in") == 2 and "Hold" in result.output


def test_breathe_bad_cycles_exit_2_without_waiting(capsys) -> None:
    assert main(["breathe", "--cycles", "0"]) == 2
    assert "cycles" in capsys.readouterr().err


def test_urge_timer_runs_for_the_chosen_minutes() -> None:
    slept: list[float] = []
    result = CliRunner().invoke(cli, ["craving", "timer", "--minutes", "1"], obj={"sleep": slept.append})
    assert result.exit_code == 0, result.output
    assert 60 <= len(slept) < 60 + 16  # whole box cycles covering one minute
    assert "Time is up" in result.output


def test_selfcare_sets_bedtime_and_shows_weeks(run) -> None:
    code, out, _ = run("selfcare", "--bedtime", "22:30", "--weeks", "2")
    assert code == 0 and "Target bedtime: 22:30" in out
    code, out, _ = run("selfcare", "--json")
    assert len(json.loads(out)["weeks"]) == 1  # nothing recorded before this week: no empty weeks
    assert run("selfcare", "--bedtime", "late")[0] == 2
