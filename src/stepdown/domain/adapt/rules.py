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

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cached_property
from statistics import median
from typing import Any, Protocol

from stepdown.domain.adapt import transform as tf
from stepdown.domain.checkin import CheckinInput
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.domain.triage import LEVELS, triage
from stepdown.messages import adapt as msg
from stepdown.messages.checkin import LEVEL_LABELS, RED_FLAG_SHORT

KINDS = ("continue", "hold", "slow", "resume", "seek_care")
# Red flags from the day before still count: a flag reported late last night matters this morning.
# A constant on purpose: no threshold can shorten or switch off red-flag handling.
RED_FLAG_LOOKBACK_DAYS = 1


@dataclass(frozen=True)
class Thresholds:
    """The adaptive rules' numbers. Conservative: when unsure they lean towards holding longer.

    Fractions are shares of the scale's maximum (16-item: of 64; 10-item: of 30).
    """

    high_fraction: Decimal = Decimal("0.30")
    rise_fraction: Decimal = Decimal("0.15")
    settle_fraction: Decimal = Decimal("0.20")
    settle_rise_fraction: Decimal = Decimal("0.08")
    craving_high: int = 8
    min_baseline_checkins: int = 2
    baseline_window: int = 7
    recent_days: int = 2
    hold_days: int = 2
    holds_before_slowdown: int = 2
    slow_factor: Decimal = Decimal("1.5")

    def __post_init__(self) -> None:
        for f in fields(self):
            low, high = LIMITS[f.name]
            value = getattr(self, f.name)
            finite = not isinstance(value, Decimal) or value.is_finite()
            if (
                isinstance(value, bool)
                or not isinstance(value, int | Decimal)
                or not finite
                or not low <= value <= high
            ):
                raise InvalidInput(
                    f"{_label(f.name)} must be from {_shown(f.name, low)} to {_shown(f.name, high)}.",
                    field=f.name,
                )
        if self.settle_fraction > self.high_fraction:
            raise InvalidInput(
                f"{_label('settle_fraction')} must not be above {_label('high_fraction')}.",
                field="settle_fraction",
            )
        if self.settle_rise_fraction > self.rise_fraction:
            raise InvalidInput(
                f"{_label('settle_rise_fraction')} must not be above {_label('rise_fraction')}.",
                field="settle_rise_fraction",
            )

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None) -> Thresholds:
        """Defaults with a person's or clinician's overrides (e.g. from settings JSON)."""
        base = cls()
        if not overrides:
            return base
        changes: dict[str, Any] = {}
        for name, value in overrides.items():
            if name not in LIMITS:
                raise InvalidInput(
                    f"Unknown threshold {name!r}; accepted: {', '.join(LIMITS)}.", field=str(name)
                )
            current = getattr(base, name)
            try:
                if isinstance(current, Decimal):
                    changes[name] = Decimal(str(value).strip())
                else:
                    if isinstance(value, bool) or Decimal(str(value)) != int(Decimal(str(value))):
                        raise ValueError
                    changes[name] = int(Decimal(str(value)))
            except (ValueError, InvalidOperation):
                low, high = LIMITS[name]
                raise InvalidInput(
                    f"{_label(name)} must be a number from {_shown(name, low)} to {_shown(name, high)}.",
                    field=name,
                ) from None
        return replace(base, **changes)

    def exact(self, name: str) -> Fraction:
        """A fraction threshold as an exact Fraction (computed once: evaluate runs often)."""
        return self._exact[name]

    @cached_property
    def _exact(self) -> dict[str, Fraction]:
        return {f.name: Fraction(getattr(self, f.name)) for f in fields(self) if f.name.endswith("fraction")}

    def to_dict(self) -> dict[str, Any]:
        return dict(self._as_dict)

    @cached_property
    def _as_dict(self) -> dict[str, Any]:
        return {f.name: _json(getattr(self, f.name)) for f in fields(self)}


# Accepted range of each threshold: wide enough for a clinician, narrow enough that no value
# switches the rules off.
def _label(name: str) -> str:
    """The name a person sees ("Strong symptoms: % of the scale's maximum"), never high_fraction."""
    return f'"{msg.THRESHOLD_LABELS.get(name, name.replace("_", " "))}"'


def _shown(name: str, value: Any) -> str:
    """A share as a percentage (0.10 -> 10%), other numbers as they are."""
    if msg.is_share(name):
        return f"{(Decimal(value) * 100).normalize():f}%"
    return str(value)


LIMITS: dict[str, tuple[Any, Any]] = {
    "high_fraction": (Decimal("0.10"), Decimal("0.60")),
    "rise_fraction": (Decimal("0.05"), Decimal("0.40")),
    "settle_fraction": (Decimal("0.02"), Decimal("0.60")),
    "settle_rise_fraction": (Decimal("0"), Decimal("0.40")),
    "craving_high": (5, 10),
    "min_baseline_checkins": (1, 14),
    "baseline_window": (1, 28),
    "recent_days": (1, 7),
    "hold_days": (1, 7),
    "holds_before_slowdown": (1, 5),
    "slow_factor": (Decimal("1.1"), Decimal("3")),
}

DEFAULT_THRESHOLDS = Thresholds()

THRESHOLD_REASONS: dict[str, str] = {
    "high_fraction": (
        "0.30 of the maximum (a score of 20 or more of 64, 9 or more of 30) counts as strong "
        "withdrawal. No published cut-off exists; a kratom study called a mean of 13.5 of 64 "
        "(0.21) mild to moderate (Rogers 2024), so 0.30 is clearly above that. A hold costs only "
        "a day or two, so the level is set low."
    ),
    "rise_fraction": (
        "A rise of 0.15 of the maximum over the person's own baseline (about 10 of 64, 4.5 of 30) "
        "counts as strong even below the absolute level: it is a clear change for that person."
    ),
    "settle_fraction": (
        "Below 0.20 of the maximum symptoms count as settled after a hold, lower than the strong level "
        "so that a small wobble does not switch between hold and resume."
    ),
    "settle_rise_fraction": (
        "Settled also needs the score within 0.08 of the maximum of the baseline (about half the rise "
        "that counts as strong)."
    ),
    "craving_high": (
        "Craving of 8 of 10 or more alone suggests a hold: higher craving predicted use the next week "
        "(Opioid Craving Scale, McHugh 2014), and a lapse after a cut is the overdose risk."
    ),
    "min_baseline_checkins": (
        "At least 2 check-ins before the first cut make a baseline; with fewer, only absolute levels "
        "are used (one day is too noisy)."
    ),
    "baseline_window": "The baseline is the median of the last 7 check-ins before the first cut.",
    "recent_days": (
        "Only a check-in from today or yesterday can lead to a hold or slow-down; older ones say "
        "little about today."
    ),
    "hold_days": "A hold adds 2 days on the current dose: the seed's 'pause the taper for a day or two'.",
    "holds_before_slowdown": (
        "After 2 holds on the same amount with symptoms still strong, the rest of the plan is slowed "
        "(ASAM 2025 benzodiazepine tapering guideline, the nearest verified rule: if significant "
        "symptoms emerge, slow or pause the taper)."
    ),
    "slow_factor": (
        "A slow-down makes each remaining step 1.5 times as long (rounded up, at least one day more), "
        "keeping every amount measurable."
    ),
}


@dataclass(frozen=True)
class CheckinSummary:
    """What the rules need from one check-in."""

    day: date
    scale_id: str
    total: int
    max_total: int
    craving: int | None = None
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    red_flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.max_total <= 0 or not 0 <= self.total <= self.max_total:
            raise InvalidInput(
                f"A check-in total must be from 0 to its maximum, not {self.total} of {self.max_total}.",
                field="total",
            )

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.total, self.max_total)

    @classmethod
    def from_checkin(cls, checkin: CheckinInput) -> CheckinSummary:
        return cls(
            day=checkin.day,
            scale_id=checkin.scale_id,
            total=checkin.total,
            max_total=checkin.max_total,
            craving=checkin.craving,
            sleep_hours=checkin.sleep_hours,
            sleep_quality=checkin.sleep_quality,
            red_flags=checkin.red_flags,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "scale": self.scale_id,
            "total": self.total,
            "max_total": self.max_total,
            "craving": self.craving,
            "sleep_hours": self.sleep_hours,
            "sleep_quality": self.sleep_quality,
            "red_flags": list(self.red_flags),
        }


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
) -> Decision:
    """Today's decision for this plan and check-in history (see the module docstring for the rules)."""
    th = thresholds or DEFAULT_THRESHOLDS
    checkins = _by_day(history, today)
    state = _PlanState(plan, today, past_proposals)

    flagged = [c for c in checkins if (today - c.day).days <= RED_FLAG_LOOKBACK_DAYS and c.red_flags]
    if flagged:
        return _seek_care_for_flags(plan, today, flagged, state, th)

    if state.finished:
        return Decision("continue", msg.CONTINUE_FINISHED.format(end=_d(plan.end)), {"state": "finished"})
    if state.first_cut is None:
        return Decision("continue", msg.CONTINUE_NO_CUT, {"state": "no_cut"})
    baseline_checkins = [c for c in checkins if c.day < state.first_cut][-th.baseline_window :]
    if today < state.first_cut:
        text = msg.CONTINUE_BASELINE.format(first_cut=_d(state.first_cut), count=len(baseline_checkins))
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
    score = msg.SCORE.format(day=_d(latest.day), total=latest.total, max=latest.max_total)

    if signals.strong:
        why = "; ".join(signals.reasons)
        if (state.holds or state.slows) and today < state.run_end:
            text = msg.CONTINUE_HOLDING.format(
                score=score, why=why, amount=_amount(state.amount, plan.unit), until=_d(state.run_end)
            )
            return Decision("continue", text, {**trigger, "state": "holding"})
        if state.holds < th.holds_before_slowdown:
            return _hold(plan, today, th, state, score, why, trigger)
        if state.slows == 0:
            return _slow(plan, today, th, state, score, why, trigger)
        text = msg.SEEK_CARE_PERSISTENT.format(
            score=score, why=why, holds=state.holds, amount=_amount(state.amount, plan.unit)
        )
        text += msg.SEEK_CARE_HOLD.format(amount=_amount(state.amount, plan.unit), days=th.hold_days)
        return Decision(
            "seek_care",
            text,
            {**trigger, "state": "persistent"},
            hold_days=th.hold_days,
            level="clinician_soon",
        )

    if signals.settled and (state.holds or state.slows) and not state.resumed:
        near = msg.RESUME_NEAR_BASELINE if baseline is not None else ""
        text = msg.RESUME.format(score=score, near_baseline=near, next_change=_next_change_text(plan, state))
        return Decision("resume", text, {**trigger, "state": "settled"})
    text = msg.CONTINUE.format(score=score, next_change=_next_change_text(plan, state))
    return Decision("continue", text, {**trigger, "state": "steady"})


# --- helpers ----------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Signals:
    strong: bool
    settled: bool
    rules: list[str]
    reasons: list[str]


def _signals(c: CheckinSummary, baseline: Fraction | None, th: Thresholds) -> _Signals:
    f = c.fraction
    rules: list[str] = []
    reasons: list[str] = []
    if f >= th.exact("high_fraction"):
        rules.append("absolute")
        limit = math.ceil(th.exact("high_fraction") * c.max_total)  # the first whole score counted
        reasons.append(msg.WHY_ABSOLUTE.format(limit=limit, max=c.max_total))
    if baseline is not None and f - baseline >= th.exact("rise_fraction"):
        rules.append("rise_over_baseline")
        reasons.append(
            msg.WHY_RISE.format(
                rise=_points((f - baseline) * c.max_total),
                baseline=_points(baseline * c.max_total),
                max=c.max_total,
            )
        )
    if c.craving is not None and c.craving >= th.craving_high:
        rules.append("craving")
        reasons.append(msg.WHY_CRAVING.format(craving=c.craving))
    settled = (
        f <= th.exact("settle_fraction")
        and (baseline is None or f - baseline <= th.exact("settle_rise_fraction"))
        and (c.craving is None or c.craving < th.craving_high)
    )
    return _Signals(bool(rules), settled and not rules, rules, reasons)


def _hold(
    plan: Plan, today: date, th: Thresholds, state: _PlanState, score: str, why: str, trigger: dict[str, Any]
) -> Decision:
    held = tf.apply_hold(plan, today, th.hold_days)
    text = msg.HOLD.format(
        score=score,
        why=why,
        amount=_amount(state.amount, plan.unit),
        days=th.hold_days,
        next_change_moved=_moved(state, held, today),
    )
    return Decision("hold", text, {**trigger, "state": "strong"}, hold_days=th.hold_days)


def _slow(
    plan: Plan, today: date, th: Thresholds, state: _PlanState, score: str, why: str, trigger: dict[str, Any]
) -> Decision:
    slowed = tf.apply_slowdown(plan, today, th.slow_factor)
    new_state = _PlanState(slowed, today, ())
    text = msg.SLOW.format(
        score=score,
        why=why,
        amount=_amount(state.amount, plan.unit),
        holds=state.holds,
        percent=_json((th.slow_factor - 1) * 100),
        next_change=_d(new_state.next_change),
        new_end=_d(slowed.end),
        old_end=_d(plan.end),
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
        text += msg.SEEK_CARE_HOLD.format(amount=_amount(state.amount, plan.unit), days=hold_days)
    trigger = {
        "state": "red_flags",
        "red_flags": flags,
        "days": sorted({c.day.isoformat() for c in flagged}),
        "level": level,
    }
    return Decision("seek_care", text, trigger, hold_days=hold_days, level=level, red_flags=tuple(flags))


def _by_day(history: Iterable[CheckinSummary | CheckinInput], today: date) -> list[CheckinSummary]:
    """One summary per day (the last given wins), oldest first, nothing after today."""
    days: dict[date, CheckinSummary] = {}
    for item in history:
        summary = CheckinSummary.from_checkin(item) if isinstance(item, CheckinInput) else item
        if summary.day <= today:
            days[summary.day] = summary
    return [days[d] for d in sorted(days)]


def _moved(state: _PlanState, new_plan: Plan, today: date) -> str:
    new_state = _PlanState(new_plan, today, ())
    template = msg.LAST_DAY_MOVED if state.is_last_amount else msg.NEXT_CUT_MOVED
    if state.is_last_amount:
        return template.format(old=_d(state.run_end), new=_d(new_state.run_end))
    return template.format(old=_d(state.next_change), new=_d(new_state.next_change))


def _next_change_text(plan: Plan, state: _PlanState) -> str:
    if state.is_last_amount:
        return msg.NEXT_CHANGE_LAST.format(day=_d(state.run_end))
    return msg.NEXT_CHANGE_CUT.format(day=_d(state.next_change))


def _amount(amount: Decimal, unit: str) -> str:
    return f"{format(amount.normalize(), 'f')} {unit}".strip()


def _points(value: Fraction) -> str:
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else str(rounded)


def _round(value: Fraction) -> float:
    return round(float(value), 3)


def _d(day: date) -> str:
    return day.isoformat()


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
