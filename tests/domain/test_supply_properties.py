"""Supply against what is left, over random plans and revisions (hold, slow-down, return):
the figures a revision stores are always those of that revision's own plan, counted day by day."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as hs
from test_planner_strategies import requests

from stepdown.domain.adapt import transform
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.domain.planner import make_plan
from stepdown.domain.planner.supply import per_day, supply_left, with_supply_left


def daily_units(plan: Plan, day) -> Decimal:  # noqa: ANN001
    step = plan.step_on(day)
    return Decimal(0) if step is None else per_day(step)


def revised(plan: Plan, kind: str, offset: int) -> Plan:
    day = plan.start + timedelta(days=offset)
    if kind == "hold":
        return transform.apply_hold(plan, day, 3)
    if kind == "slow":
        return transform.apply_slowdown(plan, day, Decimal("1.5"))
    return transform.return_to_previous_step(plan, day)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    request=requests(),
    kind=hs.sampled_from(["none", "hold", "slow", "return"]),
    offset=hs.integers(0, 60),
    on_hand=hs.integers(0, 400).map(Decimal),
    refilled=hs.integers(0, 50).map(Decimal),
    used_share=hs.integers(0, 100),
)
def test_supply_figures_match_the_active_revision_day_by_day(
    request, kind, offset, on_hand, refilled, used_share
) -> None:  # noqa: ANN001
    try:
        plan = make_plan(request)
        length = max(1, (plan.end - plan.start).days)
        active = plan if kind == "none" else revised(plan, kind, offset % length)
    except InvalidInput:
        assume(False)
        return
    day = plan.start + timedelta(days=offset)
    today_units = daily_units(active, day)
    used_today = (today_units * used_share / 100).quantize(Decimal("0.01"))
    used = used_today + Decimal(offset)  # earlier days: any amount; only the total matters
    check = supply_left(
        active, day, started_with=on_hand, refilled=refilled, used=used, used_today=used_today
    )
    left = max(on_hand + refilled - used, Decimal(0))
    assert check.left == left

    # Day by day, independently of the step-wise sum: today's rest, then every later planned day.
    need = [max(today_units - used_today, Decimal(0))]
    d = day + timedelta(days=1)
    while d <= active.end:
        need.append(daily_units(active, d))
        d += timedelta(days=1)
    if day > active.end:
        need = []
    total = sum(need, Decimal(0))
    assert abs(check.needed - total) < Decimal("0.001")
    assert abs(check.short_by - max(total - left, Decimal(0))) < Decimal("0.001")

    # The run-out day is the first day the rest cannot cover in full.
    if check.runs_out_on is None:
        assert total <= left
    else:
        index = (check.runs_out_on - day).days
        assert 0 <= index < len(need)
        assert sum(need[:index], Decimal(0)) <= left < sum(need[: index + 1], Decimal(0))

    # What a revision stores: exactly these figures, and one run-out warning only when it runs out.
    stored = with_supply_left(active, check, "runs out" if check.runs_out_on else None)
    figures = stored.extra["supply"]
    assert figures["runs_out_on"] == (check.runs_out_on.isoformat() if check.runs_out_on else None)
    assert Decimal(str(figures["needed"])) == check.needed
    assert stored.warnings.count("runs out") == (1 if check.runs_out_on else 0)
    assert not any(w.startswith("Your supply of ") for w in stored.warnings)
