"""Properties of stored check-ins over random answer sequences, on both back ends."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from stepdown.domain.plan import Plan as PlanData
from stepdown.services import checkins, onboarding, person, proposals
from stepdown.storage.db import session_scope
from stepdown.storage.models import Checkin, CheckinHistory, PlanRevision

START = date(2026, 3, 2)
LAST = START + timedelta(days=14)

answers = st.lists(
    st.tuples(st.integers(0, 14), st.integers(0, 4), st.booleans()),  # (day offset, rating, accept?)
    min_size=1,
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=answers)
def test_one_checkin_per_day_history_keeps_every_earlier_answer_and_revisions_only_grow(
    engine, plan_factory, sequence
) -> None:
    me = person.create_person(engine, pseudonym="p", timezone="UTC")  # a fresh person per example
    onboarding.start_taper(engine, me.id, plan=plan_factory(START))
    last_answer: dict[date, int] = {}
    for offset, rating, accept in sequence:
        day = START + timedelta(days=offset)
        raw = {"day": day.isoformat(), "scale": "sows10", "answers": [min(rating, 3)] * 10}
        result = checkins.record_checkin(engine, me.id, raw, today=LAST)
        last_answer[day] = min(rating, 3) * 10
        if accept and result.proposal is not None and result.proposal["status"] == "pending":
            proposals.accept(engine, me.id, result.proposal["id"], day=LAST)
    with session_scope(engine) as s:
        rows = s.scalars(select(Checkin).where(Checkin.person_id == me.id)).all()
        assert {r.day: r.total for r in rows} == last_answer
        kept = s.scalars(select(CheckinHistory).where(CheckinHistory.person_id == me.id)).all()
        assert len(kept) == len(sequence) - len(last_answer)
        for row in rows:  # versions count the answers given for the day
            assert row.version == 1 + sum(1 for h in kept if h.day == row.day)
        revisions = s.scalars(
            select(PlanRevision).where(PlanRevision.person_id == me.id).order_by(PlanRevision.number)
        ).all()
        assert [r.number for r in revisions] == list(range(1, len(revisions) + 1))
        assert PlanData.from_dict(revisions[0].plan) == plan_factory(START)  # never overwritten
        for older, newer in zip(revisions, revisions[1:], strict=False):
            assert PlanData.from_dict(newer.plan).end >= PlanData.from_dict(older.plan).end
            assert newer.reason and newer.accepted_by == "person"
