"""Which part of the history `rules.evaluate` reads, so storage loads only that (cost flat in history).

evaluate looks at: check-ins from today and yesterday (red flags), the latest check-in on or before
today (symptoms, or "no recent check-in"), the last `baseline_window` check-ins before the first cut
(the baseline), and past proposals made since the current amount began (holds, slow-downs, resumes).
A change to what evaluate reads must change this too; tests/services/test_rule_window.py compares
the decisions from the window with those from the full history on generated histories.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from stepdown.domain.adapt.rules import RED_FLAG_LOOKBACK_DAYS, CheckinSummary, ProposalLike, Thresholds
from stepdown.domain.adapt.rules import _PlanState as PlanState
from stepdown.domain.plan import Plan

# One check-in per day, so the last N on or before today hold every one from the lookback days,
# and the very last one (which says how long ago the person last checked in).
RECENT_COUNT = RED_FLAG_LOOKBACK_DAYS + 1


@dataclass(frozen=True)
class HistoryWindow:
    today: date
    recent_count: int  # the last N check-ins on or before today
    baseline_before: date | None  # plus the last `baseline_count` check-ins before this day
    baseline_count: int
    proposals_from: date | None  # past proposals made on or after this day (None: none are read)

    def checkins(self, history: Iterable[CheckinSummary]) -> list[CheckinSummary]:
        """The window taken from a full history (what storage's query returns), oldest first."""
        upto = sorted((c for c in history if c.day <= self.today), key=lambda c: c.day)
        chosen = {c.day: c for c in upto[-self.recent_count :]}
        if self.baseline_before is not None:
            before = [c for c in upto if c.day < self.baseline_before]
            chosen.update({c.day: c for c in before[-self.baseline_count :]})
        return [chosen[d] for d in sorted(chosen)]

    def proposals(self, past: Sequence[ProposalLike]) -> list[ProposalLike]:
        start = self.proposals_from
        return [] if start is None else [p for p in past if p.day >= start]


def history_window(plan: Plan, today: date, thresholds: Thresholds | None = None) -> HistoryWindow:
    th = thresholds or Thresholds()
    state = PlanState(plan, today, ())
    return HistoryWindow(
        today=today,
        recent_count=RECENT_COUNT,
        baseline_before=state.first_cut,
        baseline_count=th.baseline_window,
        proposals_from=None if state.finished else state.run_start,
    )
