"""Where today falls in the plan: the run of days on the current amount, and the holds and slow-downs
already made on it (from the plan's own record and from past proposals).
Split out of rules.py, which re-exports ProposalLike, PastProposal and _PlanState.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from stepdown.domain.adapt import transform as tf
from stepdown.domain.plan import Plan


class ProposalLike(Protocol):
    """A past proposal as storage keeps it: the day it was made, its kind and its status."""

    @property
    def day(self) -> date: ...

    @property
    def kind(self) -> str: ...

    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class PastProposal:
    day: date
    kind: str
    status: str  # pending | accepted | declined | superseded


class _PlanState:
    """Where `today` falls in the plan: the run of days on the current amount and its adaptations."""

    def __init__(self, plan: Plan, today: date, past: Sequence[ProposalLike]) -> None:
        self.finished = today > plan.end
        self.first_cut = tf.first_cut_day(plan)
        self.holds = self.slows = 0
        self.resumed = False
        if self.finished:
            return
        index = tf.step_index(plan, today) or 0
        first, last = tf.run_bounds(plan, index)
        self.amount = plan.steps[index].daily_amount
        self.run_start = plan.steps[first].start
        self.run_end = plan.steps[last].end
        self.next_change = self.run_end + timedelta(days=1)
        self.is_last_amount = last == len(plan.steps) - 1

        def in_run(day_text: str | date) -> bool:
            day = day_text if isinstance(day_text, date) else date.fromisoformat(day_text)
            return self.run_start <= day <= today

        recorded = [a for a in tf.adaptations(plan) if in_run(a["day"])]
        accepted = [p for p in past if p.status == "accepted" and in_run(p.day)]
        # The plan records its own holds; accepted proposals are a cross-check (the larger count wins).
        self.holds = max(sum(a["kind"] == "hold" for a in recorded), sum(p.kind == "hold" for p in accepted))
        self.slows = max(sum(a["kind"] == "slow" for a in recorded), sum(p.kind == "slow" for p in accepted))
        changes = [date.fromisoformat(a["day"]) for a in recorded if a["kind"] in ("hold", "slow")]
        changes += [p.day for p in accepted if p.kind in ("hold", "slow")]
        last_change = max(changes, default=None)
        self.resumed = last_change is not None and any(
            p.kind == "resume" and p.day >= last_change and p.status != "superseded" for p in past
        )
