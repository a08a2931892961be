"""The adaptive rules: from the plan and the check-in history to one Decision for today.

Published self-rated withdrawal scales have no severity cut-offs (clinical-facts.md section 1), so
symptoms are judged two ways, on a 0-1 share of the scale's maximum so the 16- and 10-item scales
compare: against absolute levels, and against the person's own baseline (the median of their
check-ins before the first cut). Every number is a field of `Thresholds`, documented with its
reasoning in THRESHOLD_REASONS and the README ("Daily check-in, red-flag triage and the adaptive plan").

Order of the rules (first match wins):
1. A red flag in a check-in from today or yesterday -> seek_care (always; no setting changes this),
   with a suggested hold when the next cut is still ahead.
2. No plan day left (finished), or before the first cut (baseline) -> continue.
3. No check-in today or yesterday -> continue.
4. Strong symptoms (absolute level, rise over baseline, or craving):
   a hold already runs at this amount and the next change is not tomorrow -> continue (holding);
   fewer than `holds_before_slowdown` holds at this amount -> hold;
   no slow-down yet at this amount -> slow;
   otherwise -> seek_care (clinician) with a hold.
5. Settled symptoms after a hold or slow-down at this amount -> resume (no plan change).
6. Otherwise -> continue.
Nothing here ever proposes a faster plan: the only plan changes are apply_hold and apply_slowdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from statistics import median
from typing import Any

from stepdown.domain.adapt import transform as tf
from stepdown.domain.adapt.state import PastProposal, ProposalLike, _PlanState
from stepdown.domain.adapt.symptoms import CheckinSummary, _by_day, _points, _round, _Signals, _signals
from stepdown.domain.adapt.thresholds import (
    DEFAULT_THRESHOLDS,
    LIMITS,
    THRESHOLD_REASONS,
    Thresholds,
    _json,
    _label,
    _shown,
)
from stepdown.domain.checkin import CheckinInput
from stepdown.domain.days import DayText, count, iso
from stepdown.domain.plan import Plan
from stepdown.domain.triage import LEVELS, triage
from stepdown.messages import adapt as msg
from stepdown.messages.checkin import LEVEL_LABELS, RED_FLAG_SHORT

# The numbers, the symptom judgement and the plan state live in thresholds, symptoms and state;
# every name stays importable from here.
__all__ = [
    "DEFAULT_THRESHOLDS",
    "KINDS",
    "LIMITS",
    "RED_FLAG_LOOKBACK_DAYS",
    "THRESHOLD_REASONS",
    "CheckinSummary",
    "Decision",
    "PastProposal",
    "ProposalLike",
    "Thresholds",
    "_PlanState",
    "_Signals",
    "_by_day",
    "_json",
    "_label",
    "_points",
    "_round",
    "_shown",
    "_signals",
    "evaluate",
]

KINDS = ("continue", "hold", "slow", "resume", "seek_care")
# Red flags from the day before still count: a flag reported late last night matters this morning.
# A constant on purpose: no threshold can shorten or switch off red-flag handling.
RED_FLAG_LOOKBACK_DAYS = 1


@dataclass(frozen=True)
class Decision:
    kind: str  # continue | hold | slow | resume | seek_care
    explanation: str
    trigger: dict[str, Any] = field(default_factory=dict)  # JSON-safe data behind the decision
    hold_days: int | None = None  # hold, or seek_care with a suggested hold
    slow_factor: Decimal | None = None  # slow
    level: str | None = None  # seek_care: emergency | crisis | clinician_today | clinician_soon
    red_flags: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return msg.KIND_TITLES[self.kind]

    @property
    def changes_plan(self) -> bool:
        """Whether accepting this decision writes a new plan revision."""
        return self.hold_days is not None or self.slow_factor is not None

    def apply(self, plan: Plan, day: date) -> Plan:
        """The plan after the person accepts this decision on `day` (the same plan if nothing changes)."""
        if self.slow_factor is not None:
            return tf.apply_slowdown(plan, day, self.slow_factor)
        if self.hold_days is not None:
            return tf.apply_hold(plan, day, self.hold_days, reason=self.kind)
        return plan

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "explanation": self.explanation,
            "trigger": self.trigger,
            "hold_days": self.hold_days,
            "slow_factor": _json(self.slow_factor),
            "level": self.level,
            "red_flags": list(self.red_flags),
            "changes_plan": self.changes_plan,
        }


# --- evaluate ---------------------------------------------------------------------------------


def evaluate(
    plan: Plan,
    history: Iterable[CheckinSummary | CheckinInput],
    *,
    today: date,
    thresholds: Thresholds | None = None,
    past_proposals: Sequence[ProposalLike] = (),
    day_text: DayText = iso,
) -> Decision:
    """Today's decision for this plan and check-in history (see the module docstring for the rules).

    `day_text` writes the days inside the explanation (the trigger keeps ISO days: it is data)."""
    dt = day_text
    th = thresholds or DEFAULT_THRESHOLDS
    checkins = _by_day(history, today)
    state = _PlanState(plan, today, past_proposals)

    flagged = [c for c in checkins if (today - c.day).days <= RED_FLAG_LOOKBACK_DAYS and c.red_flags]
    if flagged:
        return _seek_care_for_flags(plan, today, flagged, state, th)

    if state.finished:
        return Decision("continue", msg.CONTINUE_FINISHED.format(end=dt(plan.end)), {"state": "finished"})
    if state.first_cut is None:
        return Decision("continue", msg.CONTINUE_NO_CUT, {"state": "no_cut"})
    baseline_checkins = [c for c in checkins if c.day < state.first_cut][-th.baseline_window :]
    if today < state.first_cut:
        text = msg.CONTINUE_BASELINE.format(first_cut=dt(state.first_cut), count=len(baseline_checkins))
        return Decision("continue", text, {"state": "baseline", "baseline_checkins": len(baseline_checkins)})

    latest = checkins[-1] if checkins else None
    if latest is None or (today - latest.day).days >= th.recent_days:
        trigger = {"state": "no_recent_checkin", "latest_day": latest.day.isoformat() if latest else None}
        return Decision("continue", msg.CONTINUE_NO_CHECKIN, trigger)

    baseline = (
        Fraction(median(c.fraction for c in baseline_checkins))
        if len(baseline_checkins) >= th.min_baseline_checkins
        else None
    )
    signals = _signals(latest, baseline, th)
    trigger = {
        "checkin": latest.to_dict(),
        "fraction": _round(latest.fraction),
        "baseline_fraction": None if baseline is None else _round(baseline),
        "baseline_checkins": len(baseline_checkins),
        "rules": signals.rules,
        "amount": _json(state.amount),
        "unit": plan.unit,
        "holds_at_this_amount": state.holds,
        "slowdowns_at_this_amount": state.slows,
        "next_change": _d(state.next_change),
        "thresholds": th.to_dict(),
    }
    score = msg.SCORE.format(day=dt(latest.day), total=latest.total, max=latest.max_total)

    if signals.strong:
        why = "; ".join(signals.reasons)
        if (state.holds or state.slows) and today < state.run_end:
            text = msg.CONTINUE_HOLDING.format(
                score=score, why=why, amount=_amount(state.amount, plan.unit), until=dt(state.run_end)
            )
            return Decision("continue", text, {**trigger, "state": "holding"})
        if state.holds < th.holds_before_slowdown:
            return _hold(plan, today, th, state, score, why, trigger, dt)
        if state.slows == 0:
            return _slow(plan, today, th, state, score, why, trigger, dt)
        text = msg.SEEK_CARE_PERSISTENT.format(
            score=score,
            why=why,
            holds=count(state.holds, "hold", "holds"),
            amount=_amount(state.amount, plan.unit),
        )
        text += msg.SEEK_CARE_HOLD.format(
            amount=_amount(state.amount, plan.unit), days=count(th.hold_days, "day", "days")
        )
        return Decision(
            "seek_care",
            text,
            {**trigger, "state": "persistent"},
            hold_days=th.hold_days,
            level="clinician_soon",
        )

    if signals.settled and (state.holds or state.slows) and not state.resumed:
        near = msg.RESUME_NEAR_BASELINE if baseline is not None else ""
        text = msg.RESUME.format(score=score, near_baseline=near, next_change=_next_change_text(state, dt))
        return Decision("resume", text, {**trigger, "state": "settled"})
    text = msg.CONTINUE.format(score=score, next_change=_next_change_text(state, dt))
    return Decision("continue", text, {**trigger, "state": "steady"})


# --- helpers ----------------------------------------------------------------------------------


def _hold(
    plan: Plan,
    today: date,
    th: Thresholds,
    state: _PlanState,
    score: str,
    why: str,
    trigger: dict[str, Any],
    dt: DayText,
) -> Decision:
    held = tf.apply_hold(plan, today, th.hold_days)
    text = msg.HOLD.format(
        score=score,
        why=why,
        amount=_amount(state.amount, plan.unit),
        days=count(th.hold_days, "day", "days"),
        next_change_moved=_moved(state, held, today, dt),
    )
    return Decision("hold", text, {**trigger, "state": "strong"}, hold_days=th.hold_days)


def _slow(
    plan: Plan,
    today: date,
    th: Thresholds,
    state: _PlanState,
    score: str,
    why: str,
    trigger: dict[str, Any],
    dt: DayText,
) -> Decision:
    slowed = tf.apply_slowdown(plan, today, th.slow_factor)
    new_state = _PlanState(slowed, today, ())
    text = msg.SLOW.format(
        score=score,
        why=why,
        amount=_amount(state.amount, plan.unit),
        holds=count(state.holds, "time", "times"),
        percent=_json((th.slow_factor - 1) * 100),
        next_change=dt(new_state.next_change),
        new_end=dt(slowed.end),
        old_end=dt(plan.end),
    )
    return Decision("slow", text, {**trigger, "state": "strong_after_holds"}, slow_factor=th.slow_factor)


def _seek_care_for_flags(
    plan: Plan, today: date, flagged: list[CheckinSummary], state: _PlanState, th: Thresholds
) -> Decision:
    flags = sorted({f for c in flagged for f in c.red_flags})
    result = triage(flags)
    level = result.level or LEVELS[0]
    text = msg.SEEK_CARE_FLAGS.format(
        flags=", ".join(RED_FLAG_SHORT[f.id] for f in result.flags), level=LEVEL_LABELS[level]
    )
    hold_days = None
    # Suggest holding unless the plan is over or a hold already keeps this amount past tomorrow.
    if not state.finished and not ((state.holds or state.slows) and today < state.run_end):
        hold_days = th.hold_days
        text += msg.SEEK_CARE_HOLD.format(
            amount=_amount(state.amount, plan.unit), days=count(hold_days, "day", "days")
        )
    trigger = {
        "state": "red_flags",
        "red_flags": flags,
        "days": sorted({c.day.isoformat() for c in flagged}),
        "level": level,
    }
    return Decision("seek_care", text, trigger, hold_days=hold_days, level=level, red_flags=tuple(flags))


def _moved(state: _PlanState, new_plan: Plan, today: date, dt: DayText) -> str:
    new_state = _PlanState(new_plan, today, ())
    template = msg.LAST_DAY_MOVED if state.is_last_amount else msg.NEXT_CUT_MOVED
    if state.is_last_amount:
        return template.format(old=dt(state.run_end), new=dt(new_state.run_end))
    return template.format(old=dt(state.next_change), new=dt(new_state.next_change))


def _next_change_text(state: _PlanState, dt: DayText) -> str:
    if state.is_last_amount:
        return msg.NEXT_CHANGE_LAST.format(day=dt(state.run_end))
    return msg.NEXT_CHANGE_CUT.format(day=dt(state.next_change))


def _amount(amount: Decimal, unit: str) -> str:
    return f"{format(amount.normalize(), 'f')} {unit}".strip()


def _d(day: date) -> str:
    return day.isoformat()
