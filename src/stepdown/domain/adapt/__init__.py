"""The adaptive plan: pure rules that turn the check-in history into a decision, and the plan
transformations a person can accept. Nothing here ever makes a plan faster.

- `rules`: Decision, evaluate (re-exports the names below from thresholds, symptoms and state).
- `thresholds`: Thresholds, LIMITS, THRESHOLD_REASONS.
- `symptoms`: CheckinSummary and the strong/settled judgement.
- `state`: ProposalLike, PastProposal and where today falls in the plan.
- `transform`: apply_hold, apply_slowdown, return_to_previous_step, is_no_faster, keeps_past.
"""

from stepdown.domain.adapt.rules import (
    KINDS,
    RED_FLAG_LOOKBACK_DAYS,
    THRESHOLD_REASONS,
    CheckinSummary,
    Decision,
    PastProposal,
    ProposalLike,
    Thresholds,
    evaluate,
)
from stepdown.domain.adapt.transform import (
    amount_on,
    apply_hold,
    apply_slowdown,
    first_cut_day,
    is_no_faster,
    keeps_past,
    return_to_previous_step,
)

__all__ = [
    "KINDS",
    "RED_FLAG_LOOKBACK_DAYS",
    "THRESHOLD_REASONS",
    "CheckinSummary",
    "Decision",
    "PastProposal",
    "ProposalLike",
    "Thresholds",
    "amount_on",
    "apply_hold",
    "apply_slowdown",
    "evaluate",
    "first_cut_day",
    "is_no_faster",
    "keeps_past",
    "return_to_previous_step",
]
