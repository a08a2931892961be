"""Supply that follows the plan: every revision is checked against what is LEFT, and Today shows
the count, the run-out date and the refill warning (issue 9, section 4)."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.services import doses, onboarding, person, proposals, supply, today
from stepdown.services import toolkit as toolkit_svc
from stepdown.storage import proposals as proposal_repo
from stepdown.storage.db import session_scope
from stepdown.storage.models import Base, PlanRevision

START = date(2026, 3, 2)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {n: s.scalar(select(func.count()).select_from(t)) for n, t in Base.metadata.tables.items()}


def tablet_plan(on_hand: Decimal | None) -> PlanData:
    """60 mg a day of 15 mg tablets in quarters, short style: needs exactly `units_needed` tablets.
    (Issue 9: from 30 mg, quarters of 15 mg cannot taper within the short style's limit.)"""
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    request = PlanRequest(daily_amount=Decimal(60), form=form, start=START, style="short", times_per_day=2)
    needed = make_plan(request).units_needed
    return make_plan(PlanRequest(**{**request.__dict__, "on_hand": needed if on_hand is None else on_hand}))


@pytest.fixture
def me(engine):
    return person.get_or_create_local_person(engine, timezone="UTC")


@pytest.fixture
def exact(engine, me) -> PlanData:
    """A plan with exactly the tablets it needs on hand: any longer revision runs short."""
    plan = tablet_plan(None)
    assert plan.extra["supply"]["short_by"] == 0
    onboarding.start_taper(engine, me.id, plan=plan, now=at(START, 8))
    return plan


def take_planned(engine, me, first: date, last: date) -> None:
    day = first
    while day <= last:
        while True:
            try:
                doses.take_dose(engine, me.id, day=day, today=last)
            except InvalidInput:
                break
        day += timedelta(days=1)


def revision(engine, number: int) -> PlanData:
    with session_scope(engine) as s:
        row = s.scalars(select(PlanRevision).where(PlanRevision.number == number)).one()
        return PlanData.from_dict(row.plan)


def pending(engine, me, kind: str, trigger: dict, day: date) -> int:
    with session_scope(engine) as s:
        plan_id = s.scalar(select(PlanRevision.plan_id))
        row = proposal_repo.add_proposal(
            s,
            me.id,
            plan_id=plan_id,
            day=day,
            kind=kind,
            explanation=f"Symptoms: {kind}.",
            trigger=trigger,
            now=at(day),
        )
        return row.id


def units_from(plan: PlanData, day: date) -> Decimal:
    """What `plan` needs from the start of `day` to its end, counted step by step."""
    total = Decimal(0)
    for step in plan.steps:
        days = max(0, (step.end - max(step.start, day)).days + 1)
        total += sum((p.measure for p in step.portions), Decimal(0)) * days
    return total


def test_a_hold_is_checked_against_what_is_left_and_warns_with_the_run_out_date(engine, me, exact) -> None:
    day = START + timedelta(days=3)
    take_planned(engine, me, START, day - timedelta(days=1))
    used = units_from(exact, START) - units_from(exact, day)
    pid = pending(engine, me, "hold", {"hold_days": 3}, day)
    proposals.accept(engine, me.id, pid, day=day)

    held = revision(engine, 2)
    figures = held.extra["supply"]
    left = exact.on_hand - used
    needed = units_from(held, day)
    assert needed > left  # three more days on this dose: the exact supply cannot cover them
    assert Decimal(str(figures["left"])) == left
    assert Decimal(str(figures["needed"])) == needed
    assert Decimal(str(figures["short_by"])) == needed - left > 0
    assert figures["runs_out_on"] is not None
    runs_out = date.fromisoformat(figures["runs_out_on"])
    assert day <= runs_out <= held.end
    warning = [w for w in held.warnings if formatting.day(runs_out) in w]  # "Tue 10 Mar", not ISO
    assert not any(runs_out.isoformat() in w for w in held.warnings)
    assert len(warning) == 1 and "sudden stop" in warning[0]
    # The first version's "it lasts" figures are not carried over as if still true.
    assert not any(w.startswith("Your supply of ") for w in held.warnings)
    assert held.on_hand == exact.on_hand  # the starting supply stays what was given


def test_a_slow_down_and_a_return_are_recomputed_too(engine, me, exact) -> None:
    day = START + timedelta(days=4)
    take_planned(engine, me, START, day - timedelta(days=1))
    pid = pending(engine, me, "slow", {"slow_factor": "1.5"}, day)
    proposals.accept(engine, me.id, pid, day=day)
    slow = revision(engine, 2)
    assert Decimal(str(slow.extra["supply"]["needed"])) == units_from(slow, day)
    assert slow.extra["supply"]["short_by"] > 0

    later = slow.steps[2].start + timedelta(days=1)
    take_planned(engine, me, day, later - timedelta(days=1))
    proposals.return_to_previous(engine, me.id, reason="too hard", day=later)
    back = revision(engine, 3)
    assert Decimal(str(back.extra["supply"]["needed"])) == units_from(back, later)
    assert back.extra["supply"]["as_of"] == later.isoformat()
    assert back.extra["supply"]["runs_out_on"] is not None
    assert sum(1 for w in back.warnings if "runs out on" in w) == 1  # the stale one is replaced


def test_a_lapse_re_plan_keeps_counting_the_starting_supply(engine, me, exact) -> None:
    day = START + timedelta(days=3)
    take_planned(engine, me, START, day - timedelta(days=1))
    out = toolkit_svc.log_lapse(engine, me.id, {"amount": "15"}, current_daily="30", now=at(day))
    proposals.accept(engine, me.id, out["proposal"]["id"], day=day)
    replanned = revision(engine, 2)
    figures = replanned.extra["supply"]
    assert figures["started_with"] == int(exact.on_hand)
    assert Decimal(str(figures["needed"])) == units_from(replanned, day)
    assert Decimal(str(figures["short_by"])) == max(
        units_from(replanned, day) - Decimal(str(figures["left"])), Decimal(0)
    )


def test_today_shows_what_is_left_and_warns_a_set_number_of_days_ahead(engine, me, monkeypatch) -> None:
    plan = tablet_plan(Decimal(25))  # less than the plan needs (33 tablets)
    onboarding.start_taper(engine, me.id, plan=plan, now=at(START, 8))
    day = START + timedelta(days=2)
    take_planned(engine, me, START, day)  # today's two doses are taken too
    view = today.today_view(engine, me.id, day).to_dict()["supply"]
    used = units_from(plan, START) - units_from(plan, day + timedelta(days=1))
    assert Decimal(str(view["left"])) == 25 - used
    assert Decimal(str(view["needed"])) == units_from(plan, day + timedelta(days=1))
    runs_out = date.fromisoformat(view["runs_out_on"])
    assert (runs_out - day).days > 5 and not view["refill_due"] and view["warning"] is None
    assert f"enough until {formatting.day(runs_out - timedelta(days=1))}" in view["lines"][0]

    monkeypatch.setenv("STEPDOWN_REFILL_WARNING_DAYS", str((runs_out - day).days))
    due = today.today_view(engine, me.id, day).supply
    assert (
        due["refill_due"] and formatting.day(runs_out) in due["warning"] and "sudden stop" in due["warning"]
    )

    result = supply.record_refill(engine, me.id, amount="100", day=day, today=day)
    assert Decimal(str(result["supply"]["left"])) == 125 - used
    after = today.today_view(engine, me.id, day).supply
    assert after["runs_out_on"] is None and not after["refill_due"]
    left = f"{(125 - used).normalize():f}"
    assert after["lines"][0].startswith(f"Supply: {left} tablets left, enough to the end")


def test_bad_refills_change_nothing(engine, me, exact) -> None:
    before = counts(engine)
    for bad in ("", "-3", "lots", "0", "20000000"):
        with pytest.raises(InvalidInput):
            supply.record_refill(engine, me.id, amount=bad, day=START, today=START)
    with pytest.raises(InvalidInput):
        supply.record_refill(engine, me.id, amount="5", day=START + timedelta(days=1), today=START)
    assert counts(engine) == before


def test_a_refill_needs_a_known_starting_supply(engine, me) -> None:
    plan = make_plan(
        PlanRequest(
            daily_amount=Decimal(60),
            form=make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4),
            start=START,
        )
    )
    onboarding.start_taper(engine, me.id, plan=plan, now=at(START, 8))
    assert today.today_view(engine, me.id, START).supply["tracked"] is False
    with pytest.raises(InvalidInput, match="does not know the supply"):
        supply.record_refill(engine, me.id, amount="5", day=START, today=START)


def test_the_refill_warning_setting_refuses_nonsense(monkeypatch) -> None:
    from stepdown.settings import refill_warning_days

    monkeypatch.setenv("STEPDOWN_REFILL_WARNING_DAYS", "five")
    with pytest.raises(InvalidInput, match="STEPDOWN_REFILL_WARNING_DAYS"):
        refill_warning_days()
    monkeypatch.delenv("STEPDOWN_REFILL_WARNING_DAYS")
    assert refill_warning_days() == 5


def test_every_revision_after_the_first_goes_through_the_supply_check() -> None:
    """One way to write a revision (services.supply.revise), so no path skips the supply check."""
    src = Path(supply.__file__).resolve().parents[1]
    allowed = {src / "services" / "supply.py", src / "services" / "onboarding.py"}  # onboarding: revision 1
    callers = []
    for path in src.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "add_revision" and path not in allowed:
                callers.append(path.name)
    assert callers == []
