"""Simulation: thousands of random symptom histories driven through the adaptive rules, with the
person accepting every proposal. Whatever happens, no plan ever gets faster, every change carries a
reason, and every red flag leads to seek_care."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal as D

from stepdown.domain.adapt import (
    KINDS,
    CheckinSummary,
    PastProposal,
    amount_on,
    evaluate,
    is_no_faster,
    keeps_past,
    return_to_previous_step,
)
from stepdown.domain.adapt.transform import run_bounds, step_index
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import DoseForm, Plan, Portion, Step
from stepdown.domain.scales import SOWS10, SOWS16
from stepdown.domain.triage import RED_FLAG_IDS

HISTORIES = 2000
SEED = 20261126
MAX_DAYS = 150  # a history stops here even if holds keep extending the plan
FORM = DoseForm(kind="powder", unit="mg", resolution=D("0.5"))


def last_change(plan: Plan, day: date) -> date:
    """The first day of the current run of days on today's amount."""
    index = step_index(plan, day)
    return day if index is None else plan.steps[run_bounds(plan, index)[0]].start


def random_plan(rng: random.Random) -> Plan:
    start = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
    n = rng.randint(1, 6)
    halves = sorted((rng.randint(1, 120) for _ in range(n)), reverse=True)
    steps, day = [], start
    for i, h in enumerate(halves):
        amount = D(h) / 2
        days = rng.randint(1, 5)
        kind = "stabilise" if i == 0 and rng.random() < 0.5 else "taper"
        portion = Portion(amount=amount, measure=amount, measure_unit="mg", label=f"{amount} mg")
        steps.append(Step(day, days, amount, "mg", (portion,), None, amount * days, kind))
        day += timedelta(days=days)
    return Plan(style="short", form=FORM, times_per_day=1, steps=tuple(steps))


def run_history(rng: random.Random, counts: Counter) -> None:
    original = plan = random_plan(rng)
    scale = rng.choice([SOWS16, SOWS10])
    usual = rng.random() * 0.3  # this person's symptoms before the taper, as a share of the maximum
    sensitivity = rng.random() * 0.5  # how strongly this person reacts to a cut
    flag_rate = rng.choice([0.0, 0.02, 0.1])
    history: list[CheckinSummary] = []
    proposals: list[PastProposal] = []
    day = plan.start - timedelta(days=rng.randint(0, 4))
    while day <= plan.end + timedelta(days=3) and day < original.start + timedelta(days=MAX_DAYS):
        if rng.random() < 0.85:  # some days are missed
            # Withdrawal rises after each cut (more as the amount falls) and fades over a few days.
            drop = float(1 - amount_on(plan, day) / plan.steps[0].daily_amount)
            since_change = (day - last_change(plan, day)).days
            pulse = sensitivity * (0.5 + drop) * math.exp(-since_change / 3) if drop else 0.0
            level = usual + pulse + rng.gauss(0, 0.06)
            total = min(scale.max_total, max(0, round(level * scale.max_total)))
            flags: tuple[str, ...] = ()
            if rng.random() < flag_rate:
                flags = tuple(sorted(rng.sample(RED_FLAG_IDS, rng.randint(1, 3))))
            craving = rng.choice([None, rng.randint(0, 10)])
            history.append(
                CheckinSummary(day, scale.id, total, scale.max_total, craving=craving, red_flags=flags)
            )

        decision = evaluate(plan, history, today=day, past_proposals=proposals)
        counts[decision.kind] += 1
        assert decision.kind in KINDS
        assert decision.explanation.strip() and decision.trigger, decision
        recent_flags = any(c.red_flags for c in history if 0 <= (day - c.day).days <= 1)
        if recent_flags:
            assert decision.kind == "seek_care" and decision.level is not None
            assert decision.red_flags
        if decision.kind in ("continue", "resume"):
            assert not decision.changes_plan

        if decision.changes_plan:
            new = decision.apply(plan, day)
            assert is_no_faster(plan, new, day), (decision, plan, new)
            assert keeps_past(plan, new, day)
            assert new.extra["adaptations"][-1]["day"] == day.isoformat()  # recorded with its day
            proposals.append(PastProposal(day, decision.kind, "accepted"))
            counts["plan_changes"] += 1
            plan = new
        elif decision.kind == "resume":
            proposals.append(PastProposal(day, "resume", "accepted"))

        if rng.random() < 0.01:  # now and then the person asks to go back a step
            try:
                new = return_to_previous_step(plan, day)
            except InvalidInput:
                counts["return_refused"] += 1
            else:
                assert is_no_faster(plan, new, day) and keeps_past(plan, new, day)
                assert new.warnings and "naloxone" in new.warnings[-1].lower()
                counts["returns"] += 1
                plan = new
        day += timedelta(days=1)

    # Over the whole history the plan is never faster than the one the person started with.
    assert is_no_faster(original, plan, original.start)
    assert keeps_past(original, plan, original.start)


def test_random_histories_never_speed_up_a_plan():
    rng = random.Random(SEED)
    counts: Counter = Counter()
    for _ in range(HISTORIES):
        run_history(rng, counts)
    # The simulation reached every kind of decision and really changed plans.
    for kind in KINDS:
        assert counts[kind] > 0, counts
    assert counts["plan_changes"] > 100 and counts["returns"] > 10, counts
