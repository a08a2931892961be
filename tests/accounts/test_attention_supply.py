"""The needs-attention list's "supply running out", read for everyone at once, is exactly what each
person's own supply figures say (services.supply.status, one person at a time, as Today reads it)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from clinic_helpers import PASSWORD

from stepdown.messages.accounts import REASONS
from stepdown.services.accounts import create_account
from stepdown.services.attention import PEOPLE_ALL, PEOPLE_OF_CLINICIAN, needs_attention
from stepdown.services.attention_supply import running_out
from stepdown.storage import events, logs, plans
from stepdown.storage.db import read_scope, session_scope

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _made_plan(rng: random.Random, on_hand: Decimal | None):  # noqa: ANN202
    from stepdown.domain.planner import PlanRequest, make_form, make_plan

    form, style, amount = rng.choice(
        [
            (make_form("powder", "mg", resolution="1"), "gradual", 60),
            (make_form("liquid", "mg", resolution="0.1", concentration="3"), "gradual", 45),
            (make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4), "short", 90),
        ]
    )
    start = TODAY - timedelta(days=rng.randint(0, 12))
    request = PlanRequest(
        daily_amount=Decimal(amount), form=form, start=start, style=style, times_per_day=2, on_hand=on_hand
    )
    return make_plan(request)


def _clinic(engine, rng: random.Random, clinician_id: int, size: int) -> None:  # noqa: ANN001, C901
    """People with every shape the supply figure reads: untracked plans, no plan, a replaced plan,
    doses missed, doubled and logged today, refills (one naming another plan), a later revision."""
    from sqlalchemy import insert

    from stepdown.services.common import current_plan
    from stepdown.services.supply import REFILL_EVENT, revise
    from stepdown.storage.models.accounts import care_link

    for n in range(size):
        pid = create_account(engine, username=f"person{n}", password=PASSWORD, role="person", now=NOW)
        pid = pid.person_id
        with session_scope(engine) as s:
            if rng.random() < 0.5:
                s.execute(insert(care_link).values(person_id=pid, clinician_id=clinician_id, created_at=NOW))
            if rng.random() < 0.1:
                continue  # no plan at all
            for _older in range(rng.choice((0, 0, 1))):  # a replaced plan whose doses must not count
                row = plans.add_plan(s, pid, now=NOW)
                row.status = "replaced"
                data = _made_plan(rng, Decimal(5))
                plans.add_revision(
                    s, row, data=data, kind="initial", reason="x", trigger={}, accepted_by="person", now=NOW
                )
                _dose(s, pid, row.id, TODAY, Decimal(30))
            tracked = rng.random() < 0.8
            probe = _made_plan(rng, None)
            needed = sum((step.units_needed for step in probe.steps), Decimal(0))
            on_hand = (needed * rng.randint(20, 130) / 100).quantize(Decimal("0.5")) if tracked else None
            data = _made_plan(random.Random(rng.random()), on_hand) if tracked else probe
            row = plans.add_plan(s, pid, now=NOW)
            plans.add_revision(
                s, row, data=data, kind="initial", reason="x", trigger={}, accepted_by="person", now=NOW
            )
            day = data.start
            while day <= TODAY:
                step = data.step_on(day)
                if step is not None and rng.random() > 0.1:
                    for portion in step.portions[: rng.choice((1, 2, 2, 2))]:
                        _dose(s, pid, row.id, day, portion.amount * rng.choice((1, 1, 2, Decimal("0.5"))))
                day += timedelta(days=1)
            for _ in range(rng.choice((0, 0, 1, 2))):
                target = row.id if rng.random() < 0.8 else row.id + 1000
                units = str(rng.randint(1, 40)) if rng.random() < 0.5 else rng.randint(1, 40)
                events.add_event(
                    s, pid, kind=REFILL_EVENT, day=TODAY, data={"plan_id": target, "units": units}, now=NOW
                )
            if tracked and rng.random() < 0.3:  # a later revision, its supply recomputed from what is left
                current = current_plan(s, pid)
                revise(
                    s, current, data=current.plan, day=TODAY, kind="hold", reason="x", trigger={},
                    accepted_by="person", now=NOW,
                )


def _dose(session, pid: int, plan_id: int, day: date, amount: Decimal) -> None:  # noqa: ANN001
    logs.add_dose(session, pid, plan_id=plan_id, day=day, taken_at=NOW, planned=None, actual=amount, unit="mg")  # noqa: E501


def _one_at_a_time(engine, person_ids, warn_days: int) -> dict[int, dict]:  # noqa: ANN001
    from stepdown.services.common import current_plan
    from stepdown.services.supply import status, today_lines

    out = {}
    with read_scope(engine) as s:
        for pid in person_ids:
            current = current_plan(s, pid)
            check = None if current is None else status(s, pid, current.row, current.plan, TODAY)
            if check is not None and check.refill_due(warn_days):
                out[pid] = today_lines(check, warn_days)
    return out


@pytest.mark.parametrize("warn_days", [0, 3, 10])
def test_everyone_at_once_equals_each_person_alone(engine, monkeypatch, warn_days: int) -> None:
    from sqlalchemy import select

    from stepdown.storage.models import Person
    from stepdown.storage.models.accounts import care_link

    monkeypatch.setenv("STEPDOWN_REFILL_WARNING_DAYS", str(warn_days))
    lee = create_account(engine, username="lee", password=PASSWORD, role="clinician", now=NOW)
    _clinic(engine, random.Random(warn_days), lee.id, size=40)
    with read_scope(engine) as s:
        everyone = list(s.scalars(select(Person.id)))
        linked = list(s.scalars(select(care_link.c.person_id).where(care_link.c.clinician_id == lee.id)))
    expected = _one_at_a_time(engine, everyone, warn_days)
    with engine.connect() as conn:
        assert running_out(conn, PEOPLE_ALL, {}, TODAY) == expected
        mine = running_out(conn, PEOPLE_OF_CLINICIAN, {"clinician": lee.id}, TODAY)
    assert mine == {pid: lines for pid, lines in expected.items() if pid in linked}
    # The generated clinic has both kinds, or the comparison would prove little.
    tracked = _one_at_a_time(engine, everyone, 10_000)
    assert 3 <= len(expected) < len(tracked) - 3
    listed = {r.person_id: r.reasons for r in needs_attention(engine, clinician_id=None, today=TODAY)}
    for pid, lines in expected.items():
        assert ("supply", REASONS["supply"].format(line=lines["lines"][0])) in listed[pid]
