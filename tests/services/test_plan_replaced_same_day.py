"""QA: the day a plan is replaced. Doses logged under the earlier plan are real intake (kept, said
apart) and fill that day's dose times; the new plan judges only its own doses, so its planned dose
is never called a lapse. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from service_helpers import at

from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.services import doses, onboarding
from stepdown.services.today import today_view

DAY = date(2026, 12, 2)


def _plan(amount: str, strength: int):
    form = make_form("tablet", "mg", strengths=(Decimal(strength),), pieces=4)
    request = PlanRequest(
        daily_amount=Decimal(amount), form=form, start=DAY, style="short", times_per_day=2
    )
    return make_plan(request)


def test_a_planned_dose_of_the_new_plan_is_never_a_lapse_and_the_ticks_follow_the_day(engine, me) -> None:
    onboarding.start_taper(engine, me.id, plan=_plan("27.5", 5), now=at(DAY, 7))
    # the morning dose, a little more than planned (as people do), under the first plan
    doses.take_dose(engine, me.id, day=DAY, today=DAY, amount="13.75", taken_at=at(DAY, 8))
    new = _plan("24", 6)
    onboarding.start_taper(engine, me.id, plan=new, replace=True, now=at(DAY, 12))

    taken = doses.take_dose(engine, me.id, day=DAY, today=DAY, taken_at=at(DAY, 19))
    evening = new.step_on(DAY).portions[1].amount
    assert taken.planned == taken.actual == evening  # the evening: the morning was taken already
    assert taken.taken_today == evening and taken.earlier_plan_today == Decimal("13.75")
    assert not taken.above_start and not taken.above_plan  # a planned dose is never a lapse

    view = today_view(engine, me.id, DAY)
    assert [d["taken"] for d in view.doses] == [True, True]
    assert sorted(d["actual"] for d in view.doses_taken) == sorted([13.75, float(evening)])
    assert [d["earlier_plan"] for d in view.doses_taken] == [True, False]
