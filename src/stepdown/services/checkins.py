"""Record a daily check-in: validate, store (one per day, history kept), triage, evaluate the adaptive
rules and, when they suggest a change, create a pending proposal. One transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from stepdown.domain.checkin import SELF_CARE_ITEMS, CheckinInput, validate_checkin
from stepdown.domain.errors import InvalidInput
from stepdown.domain.triage import Triage, triage
from stepdown.services.common import CurrentPlan, current_plan, require_person, utcnow
from stepdown.services.proposals import proposal_dict
from stepdown.storage import checkins, events, people, proposals
from stepdown.storage.db import session_scope

PROPOSAL_KINDS = ("hold", "slow", "resume")


@dataclass(frozen=True)
class CheckinResult:
    day: date
    checkin_id: int
    version: int
    replaced: bool
    scale: str
    total: int
    max_total: int
    triage: dict[str, Any]
    decision: dict[str, Any] | None
    proposal: dict[str, Any] | None
    red_flag_event_id: int | None
    # The check-in day the decision judged: the rules judge today's state from the newest check-in,
    # so one filled in for an earlier day decides only when nothing newer exists (else None or later).
    judged_day: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "checkin_id": self.checkin_id,
            "version": self.version,
            "replaced": self.replaced,
            "scale": self.scale,
            "total": self.total,
            "max_total": self.max_total,
            "triage": self.triage,
            "decision": self.decision,
            "proposal": self.proposal,
            "red_flag_event_id": self.red_flag_event_id,
            "judged_day": None if self.judged_day is None else self.judged_day.isoformat(),
        }


def _values(item: CheckinInput) -> dict[str, Any]:
    return {
        "scale": item.scale_id,
        "answers": dict(item.scale.answers),
        "total": item.total,
        "craving": item.craving,
        "sleep_hours": None if item.sleep_hours is None else Decimal(str(item.sleep_hours)),
        "sleep_quality": item.sleep_quality,
        "mood": item.mood,
        "self_care": {name: name in item.self_care for name in SELF_CARE_ITEMS},
        "note": item.note or None,
        "red_flags": list(item.red_flags),
        "data": item.to_dict(),
    }


def record_checkin(
    engine: Engine, person_id: int, raw: Mapping[str, Any], *, today: date, now: datetime | None = None
) -> CheckinResult:
    """Validate `raw` (see stepdown.domain.checkin), then store it and act on it in one transaction.

    Bad input raises InvalidInput before anything is written. Two check-ins for the same day at
    the same time leave one check-in: the person's row lock makes the second writer wait, then it
    finds the first and updates it (keeping the first in checkin_history)."""
    item = validate_checkin(raw, today=today)
    result = triage(item.red_flags)
    now = now or utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        row, replaced = checkins.save_checkin(session, person_id, item.day, _values(item), now=now)
        flag_event = _record_red_flag(session, person_id, item.day, result, now) if result.urgent else None
        current = current_plan(session, person_id)
        decision = proposal = None
        if current is not None:
            decision = _evaluate(session, person_id, current, today)
            if decision["kind"] in PROPOSAL_KINDS:
                proposal = _propose(session, person_id, current, decision, decision["kind"], today, now)
            elif decision["kind"] == "seek_care":
                if flag_event is None:
                    flag_event = _record_seek_care(session, person_id, item.day, decision, now)
                if decision.get("hold_days"):
                    # Seeking care comes with a suggested hold the person can accept or decline.
                    proposal = _propose(session, person_id, current, decision, "hold", today, now)
        return CheckinResult(
            day=item.day,
            checkin_id=row.id,
            version=row.version,
            replaced=replaced,
            scale=item.scale_id,
            total=item.total,
            max_total=item.max_total,
            triage=result.to_dict(),
            decision=decision,
            proposal=proposal,
            red_flag_event_id=flag_event,
            judged_day=None if decision is None else _judged_day(decision),
        )


def _judged_day(decision: dict[str, Any]) -> date | None:
    """The newest check-in day a decision read (symptoms: the latest check-in; red flags: the flagged
    days), or None when it judged no check-in (before the first cut, finished, none recent)."""
    trigger = decision.get("trigger") or {}
    days = [*trigger.get("days", []), *([trigger["checkin"]["day"]] if "checkin" in trigger else [])]
    return date.fromisoformat(max(days)) if days else None


def _record_red_flag(session: Session, person_id: int, day: date, result: Triage, now: datetime) -> int:
    """One open red-flag event per day and set of flags: answering again the same day with the same
    flags keeps the open event; new flags add a new one. Nothing here ever closes an event."""
    data = {**result.to_dict(), "source": "checkin"}
    for open_event in events.unacknowledged(session, person_id):
        same = sorted(f["id"] for f in open_event.data.get("flags", []) if isinstance(f, dict))
        if open_event.day == day and same == sorted(result.flag_ids):
            return open_event.id
    return events.add_event(session, person_id, kind="red_flag", day=day, data=data, now=now).id


def _record_seek_care(
    session: Session, person_id: int, day: date, decision: dict[str, Any], now: datetime
) -> int:
    """Symptoms that stay strong are shown first like a red flag, until acknowledged, but with their
    own accurate wording (services.red_flags.notice_kind tells the two apart)."""
    from stepdown.services.red_flags import seek_care_lines

    for open_event in events.unacknowledged(session, person_id):
        if open_event.day == day and open_event.data.get("source") == "symptoms":
            return open_event.id
    data = {
        "source": "symptoms",
        "urgent": True,
        "level": decision.get("level") or "clinician_today",
        "flags": [],
        "guidance": [decision["explanation"], *seek_care_lines()],
        "decision": decision,
    }
    return events.add_event(session, person_id, kind="red_flag", day=day, data=data, now=now).id


def summary(row: Any) -> Any:
    """The adaptive rules' view of a stored check-in (a storage.checkins.rule_rows row)."""
    from stepdown.domain.adapt import CheckinSummary

    return CheckinSummary(
        day=row.day,
        scale_id=row.scale,
        total=row.total,
        max_total=int(row.max_total),
        craving=row.craving,
        sleep_hours=None if row.sleep_hours is None else float(row.sleep_hours),
        sleep_quality=row.sleep_quality,
        red_flags=tuple(row.red_flags or ()),
    )


def rule_inputs(
    session: Session, person_id: int, plan: Any, today: date, thresholds: Any
) -> tuple[list[Any], list[Any]]:
    """The check-ins and past proposals the rules read for `today` (domain.adapt.window), loaded
    through indexed queries: the same decision as the full history, at a cost that stays flat."""
    from stepdown.domain.adapt.window import history_window

    window = history_window(plan, today, thresholds)
    rows = checkins.rule_rows(
        session,
        person_id,
        today=today,
        recent_count=window.recent_count,
        baseline_before=window.baseline_before,
        baseline_count=window.baseline_count,
    )
    if window.proposals_from is None:
        return [summary(r) for r in rows], []
    # (day, kind, status) rows are what the rules look at (adapt.ProposalLike).
    return [summary(r) for r in rows], proposals.past_since(session, person_id, window.proposals_from)


def _evaluate(session: Session, person_id: int, current: CurrentPlan, today: date) -> dict[str, Any]:
    """Today's decision. The check-in matters more than the proposal: if the rules cannot run (a bad
    stored threshold, a plan they cannot adapt), the check-in is still saved and the reason is said."""
    from stepdown.domain.adapt import Thresholds, evaluate
    from stepdown.formatting import day as day_text

    overrides = people.get_settings(session, person_id).get("thresholds")
    try:
        thresholds = Thresholds.from_overrides(overrides)
    except InvalidInput as exc:
        thresholds = Thresholds()
        note = f"Your saved thresholds could not be used ({exc.message}); the defaults were used."
    else:
        note = None
    try:
        history, past = rule_inputs(session, person_id, current.plan, today, thresholds)
        decision = evaluate(
            current.plan, history, today=today, thresholds=thresholds, past_proposals=past, day_text=day_text
        )
    except InvalidInput as exc:
        return {
            "kind": "continue",
            "title": "",
            "explanation": f"Your check-in is saved, but the plan rules could not be applied: {exc.message}",
            "trigger": {"error": exc.message},
            "hold_days": None,
            "slow_factor": None,
            "changes_plan": False,
        }
    result = decision.to_dict()
    if note:
        result["explanation"] = f"{note} {result['explanation']}"
    return result


def _propose(
    session: Session,
    person_id: int,
    current: CurrentPlan,
    decision: dict[str, Any],
    kind: str,
    today: date,
    now: datetime,
) -> dict[str, Any]:
    """A pending proposal for the decision, unless the same kind is already waiting (no duplicates).

    The trigger keeps the decision's data and its parameters (hold_days, slow_factor), so accepting
    it later applies exactly what was proposed."""
    from stepdown.services.proposals import supersede_stale

    supersede_stale(session, person_id, current, today, now)  # made for a dose the plan has left
    for pending in proposals.proposals(session, person_id, status="pending"):
        if pending.plan_id == current.row.id and pending.kind == kind:
            return proposal_dict(pending)
    row = proposals.add_proposal(
        session,
        person_id,
        plan_id=current.row.id,
        day=today,
        kind=kind,
        explanation=decision["explanation"],
        trigger={
            **dict(decision.get("trigger") or {}),
            "decision": decision["kind"],
            "hold_days": decision.get("hold_days"),
            "slow_factor": decision.get("slow_factor"),
        },
        now=now,
    )
    return proposal_dict(row)
