"""What a linked clinician changes from a person's page: a proposal that waits for the person (and
goes through the same accept path as the app's own), and the person's thresholds. SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from clinic_helpers import PASSWORD
from sqlalchemy import func, select

from stepdown.domain.adapt.transform import amount_on, is_no_faster, keeps_past
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.services import onboarding, proposals
from stepdown.services.accounts import create_account
from stepdown.services.clinic import overview, propose_change
from stepdown.services.today import today_view
from stepdown.storage.db import session_scope
from stepdown.storage.models import Base, PlanRevision, Proposal

START = date(2026, 3, 2)
DAY = START + timedelta(days=1)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {n: s.scalar(select(func.count()).select_from(t)) for n, t in Base.metadata.tables.items()}


@pytest.fixture
def clinic(engine):
    person = create_account(engine, username="ann", password=PASSWORD, role="person", timezone="UTC")
    lee = create_account(engine, username="lee", password=PASSWORD, role="clinician", display_name="Dr Lee")
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=START, style="short"))
    onboarding.start_taper(engine, person.person_id, plan=plan, now=at(START, 8))
    return person.person_id, lee, plan


def _revisions(engine) -> list[PlanRevision]:
    with session_scope(engine) as s:
        rows = s.scalars(select(PlanRevision).order_by(PlanRevision.number)).all()
        s.expunge_all()
        return list(rows)


def test_a_clinicians_hold_waits_for_the_person_and_accepting_records_who_and_why(engine, clinic) -> None:
    person_id, lee, plan = clinic
    made = propose_change(
        engine, person_id, lee, kind="hold", days="2", reason="Your sleep is poor this week.", now=at(DAY)
    )
    # Nothing changed yet: one revision, one pending proposal marked as the clinician's.
    assert len(_revisions(engine)) == 1
    assert made["status"] == "pending" and made["kind"] == "hold" and made["proposed_by"] == "Dr Lee"
    today_amount = f"{amount_on(plan, DAY):f}".rstrip("0").rstrip(".")
    assert f"Dr Lee proposes staying on {today_amount} mg a day 2 days longer" in made["explanation"]
    assert "Their reason: Your sleep is poor this week." in made["explanation"]
    today = today_view(engine, person_id, DAY)
    assert [p["id"] for p in today.proposals] == [made["id"]]
    assert today.proposals[0]["proposed_by"] == "Dr Lee"

    out = proposals.accept(engine, person_id, made["id"], day=DAY, now=at(DAY, 13))
    revision = out["revision"]
    assert revision["kind"] == "hold" and revision["accepted_by"] == "person"
    assert revision["trigger"]["proposed_by"] == "clinician:lee"
    assert revision["trigger"]["reason"] == "Your sleep is poor this week."
    assert "Your sleep is poor this week." in revision["reason"]
    new = PlanData.from_dict(_revisions(engine)[-1].plan)
    assert is_no_faster(plan, new, DAY) and keeps_past(plan, new, DAY)
    assert new.end == plan.end + timedelta(days=2)
    assert amount_on(new, DAY) == amount_on(plan, DAY)


def test_a_slower_rate_is_applied_only_on_acceptance_and_is_never_faster(engine, clinic) -> None:
    person_id, lee, plan = clinic
    made = propose_change(engine, person_id, lee, kind="slow", percent="50", reason="Go gently.", now=at(DAY))
    assert made["trigger"]["slow_factor"] == "1.5"
    assert len(_revisions(engine)) == 1
    proposals.accept(engine, person_id, made["id"], day=DAY, now=at(DAY, 13))
    new = PlanData.from_dict(_revisions(engine)[-1].plan)
    assert is_no_faster(plan, new, DAY) and new.end > plan.end
    assert max(s.daily_amount for s in new.steps) == max(s.daily_amount for s in plan.steps)


def test_a_declined_proposal_changes_nothing(engine, clinic) -> None:
    person_id, lee, _ = clinic
    made = propose_change(engine, person_id, lee, kind="hold", days="1", reason="Check.", now=at(DAY))
    proposals.decline(engine, person_id, made["id"], day=DAY, now=at(DAY, 13))
    assert len(_revisions(engine)) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "faster"}, "kind"),
        ({"kind": "hold", "days": "4"}, "days"),
        ({"kind": "hold", "days": "0"}, "days"),
        ({"kind": "hold", "days": "²"}, "days"),
        ({"kind": "slow", "percent": "5"}, "percent"),  # below the domain's slowest-change limit
        ({"kind": "slow", "percent": "-50"}, "percent"),  # a negative "slow-down" would be faster
        ({"kind": "slow", "percent": "500"}, "percent"),
        ({"kind": "hold", "days": "2", "reason": "  "}, "reason"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(engine, clinic, fields, field) -> None:
    person_id, lee, _ = clinic
    before = counts(engine)
    with pytest.raises(InvalidInput) as err:
        propose_change(engine, person_id, lee, **{"reason": "A reason.", **fields}, now=at(DAY))
    assert err.value.field == field
    assert counts(engine) == before


def test_no_proposal_outside_the_plan_or_twice_from_the_same_clinician(engine, clinic) -> None:
    person_id, lee, plan = clinic
    after_end = plan.end + timedelta(days=2)
    with pytest.raises(InvalidInput, match="only be proposed while it runs"):
        propose_change(engine, person_id, lee, kind="hold", days="2", reason="x", now=at(after_end))
    made = propose_change(engine, person_id, lee, kind="hold", days="2", reason="x", now=at(DAY))
    with pytest.raises(InvalidInput, match=f"#{made['id']}"):
        propose_change(engine, person_id, lee, kind="hold", days="3", reason="y", now=at(DAY))
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Proposal)) == 1
    # The clinician's page lists it as waiting.
    view = overview(engine, person_id, today=DAY)
    assert [p["id"] for p in view["proposals"]] == [made["id"]]
