"""Plan-change proposals: list, accept (writes a new plan revision), decline (recorded too), and the
person's own request to go back to the previous step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import digits_text
from stepdown.messages import daily as msg
from stepdown.services.common import require_person, require_plan, utcnow
from stepdown.services.supply import revise
from stepdown.storage import events, proposals
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import Proposal


def num(value: Any) -> int | float | None:
    """A Decimal as a plain JSON number (whole numbers without ".0")."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def proposal_dict(row: Proposal) -> dict[str, Any]:
    return {
        "id": row.id,
        "plan_id": row.plan_id,
        "day": row.day.isoformat(),
        "kind": row.kind,
        "title": msg.PROPOSAL_KINDS.get(row.kind, row.kind),
        "explanation": row.explanation,
        "trigger": row.trigger,
        "status": row.status,
        "created_at": row.created_at.isoformat(),
        "decided_at": row.decided_at.isoformat() if row.decided_at else None,
        "decided_by": row.decided_by,
        "revision_id": row.revision_id,
        # A clinician's proposal (services.clinic.propose_change): shown as theirs, with their reason.
        "proposed_by": (row.trigger or {}).get("proposed_by_name"),
    }


def list_proposals(
    engine: Engine, person_id: int, *, status: str | None = None, today: date | None = None
) -> list[dict[str, Any]]:
    if status not in (None, "pending", "accepted", "declined", "superseded"):
        raise InvalidInput(
            "A proposal status is one of: pending, accepted, declined, superseded.", field="status"
        )
    from stepdown.services.common import current_plan

    with read_scope(engine) as session:
        require_person(session, person_id)
        rows = proposals.proposals(session, person_id, status=status)
        current = current_plan(session, person_id)
        if current is not None and today is not None:  # never show "stay on" a dose the plan has left
            rows = [p for p in rows if not (p.status == "pending" and is_stale(p, current.plan, today))]
        return [proposal_dict(p) for p in rows]


STALE_KINDS = ("hold", "slow", "resume")


def waiting_proposals(session: Any, person_id: int, current: Any, day: date) -> list[Proposal]:
    """The pending proposals still waiting for the person on `day`: never one made for a dose the
    plan has left (its "stay on 45 mg" would name the wrong dose). Today and status count these."""
    pending = proposals.proposals(session, person_id, status="pending")
    return [p for p in pending if current is None or not is_stale(p, current.plan, day)]


def is_stale(row: Proposal, plan: Any, day: date) -> bool:
    """A waiting hold/slow/resume made for another daily amount than the plan's today: the plan has
    moved on, and its text ("stay on 45 mg") would tell the person to stay on the wrong dose."""
    from decimal import Decimal

    from stepdown.domain.adapt.transform import amount_on

    amount = (row.trigger or {}).get("amount")
    if row.kind not in STALE_KINDS or amount is None:
        return False
    return Decimal(str(amount)) != amount_on(plan, day)


def supersede_stale(session: Any, person_id: int, current: Any, day: date, now: datetime) -> list[Proposal]:
    """Set aside every waiting proposal that no longer fits today's plan (kept, marked superseded)."""
    stale = [
        p
        for p in proposals.proposals(session, person_id, status="pending")
        if p.plan_id == current.row.id and is_stale(p, current.plan, day)
    ]
    for row in stale:
        row.status = "superseded"
        row.decided_at = now
        row.decided_by = "stepdown (the plan moved on)"
    return stale


def _refuse_if_stale(engine: Engine, person_id: int, proposal_id: int, day: date, now: datetime) -> None:
    """Before deciding: a proposal made for another amount is superseded (its own transaction, so the
    record stays) and the decision refused with a sentence that says why."""
    from stepdown.services.common import current_plan

    message = None
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        current = current_plan(session, person_id)
        row = proposals.get_proposal(session, person_id, proposal_id, lock=True)
        if current is None or row is None or row.status != "pending" or row.plan_id != current.row.id:
            return
        if is_stale(row, current.plan, day):
            from stepdown.domain.adapt.transform import amount_on

            supersede_stale(session, person_id, current, day, now)
            message = msg.PROPOSAL_STALE.format(
                id=row.id,
                amount=row.trigger.get("amount"),
                unit=current.plan.unit,
                today_amount=num(amount_on(current.plan, day)),
            )
    if message:
        raise InvalidInput(message, field="id")


def _pending(session: Any, person_id: int, proposal_id: int) -> Proposal:
    row = proposals.get_proposal(session, person_id, proposal_id, lock=True)
    if row is None:
        raise InvalidInput(
            f"There is no proposal with id {proposal_id}.",
            field="id",  # the CLI adds its command
        )
    if row.status != "pending":
        raise InvalidInput(
            f"Proposal {proposal_id} was already {row.status}; only pending proposals can be decided.",
            field="id",
        )
    return row


def decline(
    engine: Engine,
    person_id: int,
    proposal_id: int,
    *,
    day: date,
    decided_by: str = "person",
    note: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Decline a proposal; the plan stays as it is and the decision is recorded."""
    now = now or utcnow()
    _refuse_if_stale(engine, person_id, proposal_id, day, now)
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        row = _pending(session, person_id, proposal_id)
        row.status = "declined"
        row.decided_at = now
        row.decided_by = decided_by
        events.add_event(
            session,
            person_id,
            kind="proposal_declined",
            day=day,
            data={"proposal_id": row.id, "kind": row.kind, "note": note},
            now=now,
        )
        session.flush()
        return proposal_dict(row)


def _revision_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "plan_id": row.plan_id,
        "number": row.number,
        "kind": row.kind,
        "reason": row.reason,
        "trigger": row.trigger,
        "accepted_by": row.accepted_by,
        "created_at": row.created_at.isoformat(),
        "start": row.plan["start"],
        "end": row.plan["end"],
        "total_days": row.plan["total_days"],
        # Units needed, left, short by and the run-out date as of this revision (services.supply).
        "supply": (row.plan.get("extra") or {}).get("supply"),
    }


def _decision(row: Proposal) -> Any:
    """The domain decision behind a stored proposal, to apply exactly what was proposed."""
    from decimal import Decimal

    from stepdown.domain.adapt import Decision

    trigger = dict(row.trigger or {})
    factor = trigger.get("slow_factor")
    hold_days = trigger.get("hold_days")
    if row.kind == "hold" and not hold_days:
        raise InvalidInput(f"Proposal {row.id} does not say how many days to hold.", field="id")
    if row.kind == "slow" and factor is None:
        raise InvalidInput(f"Proposal {row.id} does not say how much to slow down.", field="id")
    return Decision(
        kind=row.kind,
        explanation=row.explanation,
        trigger=trigger,
        hold_days=int(hold_days) if row.kind == "hold" else None,
        slow_factor=Decimal(str(factor)) if row.kind == "slow" else None,
    )


def _toolkit_replan(session: Any, row: Proposal, current: Any, day: date) -> Any:
    from stepdown.domain.toolkit.lapse import plan_from_trigger
    from stepdown.services.common import start_ceiling

    return plan_from_trigger(
        current.plan, dict(row.trigger or {}), day, start_ceiling=start_ceiling(session, current)
    )


def accept(
    engine: Engine,
    person_id: int,
    proposal_id: int,
    *,
    day: date,
    accepted_by: str = "person",
    now: datetime | None = None,
) -> dict[str, Any]:
    """Accept a pending proposal: write the next plan revision (from `day` on; earlier days are kept
    as they were) with the proposal's explanation as its reason and its trigger data. A hold or
    slow-down made for another daily amount than today's is set aside instead (see `is_stale`)."""
    now = now or utcnow()
    _refuse_if_stale(engine, person_id, proposal_id, day, now)
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        row = _pending(session, person_id, proposal_id)
        current = require_plan(session, person_id)
        if row.plan_id != current.row.id:
            raise InvalidInput(
                f"Proposal {proposal_id} was made for an earlier plan; decline it instead.", field="id"
            )
        # "replan" (after a lapse) carries its gentler plan: stepdown.domain.toolkit.lapse
        replanned = _toolkit_replan(session, row, current, day) if row.kind == "replan" else None
        decision = _decision(row) if replanned is None else None
        revision = None
        if replanned is not None or decision.changes_plan:
            revision = revise(
                session,
                current,
                data=replanned if replanned is not None else decision.apply(current.plan, day),
                day=day,
                kind=row.kind,
                reason=row.explanation,
                trigger={
                    **(row.trigger or {}),
                    "proposal_id": row.id,
                    "from_revision": current.revision.number,
                },
                accepted_by=accepted_by,
                now=now,
            )
        row.status = "accepted"
        row.decided_at = now
        row.decided_by = accepted_by
        row.revision_id = revision.id if revision is not None else None
        # One decision at a time: other proposals made against the old revision no longer fit it.
        for other in proposals.proposals(session, person_id, status="pending"):
            if other.id != row.id:
                other.status = "superseded"
                other.decided_at = now
        events.add_event(
            session,
            person_id,
            kind={"slow": "slowdown"}.get(row.kind, row.kind),
            day=day,
            data={
                "proposal_id": row.id,
                "revision": revision.number if revision is not None else None,
                "reason": row.explanation,
            },
            now=now,
        )
        session.flush()
        return {
            "proposal": proposal_dict(row),
            "revision": _revision_dict(revision) if revision is not None else None,
        }


def _refuse_above_start(session: Any, current: Any, new_plan: Any, day: date) -> None:
    """Going back never goes above the plan's starting dose (a clinician's agreement aside)."""
    from stepdown.domain.adapt.transform import amount_on
    from stepdown.services.common import start_ceiling

    ceiling = start_ceiling(session, current)
    if amount_on(new_plan, day) > ceiling:
        raise InvalidInput(msg.RETURN_ABOVE_START.format(start=num(ceiling), unit=new_plan.unit), field="day")


def pause(
    engine: Engine,
    person_id: int,
    *,
    days: Any,
    reason: str,
    day: date,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A hold of 1-3 days the person asks for (the seed: "pause the taper for a day or two").

    Written at once as a revision of kind "pause" with the reason and trigger["requested_by"] =
    "person": no proposal is needed, because it only keeps today's dose longer (never faster,
    checked by the transformation itself)."""
    from stepdown.domain.adapt import transform

    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(msg.PAUSE_REASON, field="reason")
    if len(reason) > 1000:
        raise InvalidInput("The reason can be at most 1000 characters.", field="reason")
    text = str(days).strip()
    if not digits_text(text) or not 1 <= int(text) <= 3:
        raise InvalidInput(msg.PAUSE_DAYS, field="days")
    count = int(text)
    now = now or utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        current = require_plan(session, person_id)
        plan = current.plan
        if day < plan.start or day > plan.end:
            raise InvalidInput(msg.PAUSE_NOT_ACTIVE.format(start=plan.start, end=plan.end), field="day")
        new_plan = transform.apply_hold(plan, day, count, reason="pause")
        amount = transform.amount_on(plan, day)
        nxt = next((s.start for s in new_plan.steps if s.start > day and s.daily_amount != amount), None)
        revision = revise(  # supply recomputed against what is left (services.supply)
            session,
            current,
            data=new_plan,
            day=day,
            kind="pause",
            reason=reason,
            trigger={
                "requested_by": "person",
                "day": day.isoformat(),
                "days": count,
                "amount": str(amount),
                "from_revision": current.revision.number,
            },
            accepted_by="person",
            now=now,
        )
        # Waiting proposals were made against the old revision (and may name an old date).
        for other in proposals.proposals(session, person_id, status="pending"):
            if other.kind in STALE_KINDS:
                other.status = "superseded"
                other.decided_at = now
        events.add_event(
            session,
            person_id,
            kind="pause",
            day=day,
            data={"revision": revision.number, "days": count, "reason": reason, "requested_by": "person"},
            now=now,
        )
        message = msg.PAUSE_DONE.format(
            amount=num(amount),
            unit=plan.unit,
            days=formatting.days(count),
            next=formatting.day(nxt or new_plan.first_free_day),
        )
        return {"revision": _revision_dict(revision), "message": message}


def return_refusal(engine: Engine, person_id: int, day: date) -> str | None:
    """Why going back to the previous step would be refused on `day` (None: it is possible), so the
    front ends offer it only when it can be done instead of refusing after the person asked."""
    from stepdown.domain.adapt import transform

    with read_scope(engine) as session:
        current = require_plan(session, person_id)
        try:
            _refuse_above_start(session, current, transform.return_to_previous_step(current.plan, day), day)
        except InvalidInput as exc:
            return exc.message
    return None


def return_to_previous(
    engine: Engine,
    person_id: int,
    *,
    reason: str,
    day: date,
    days: int | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The person's own request to go back to the previous step's amount. Never proposed by the app."""
    from stepdown.domain.adapt import transform

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Please give a reason for going back to the previous step.", field="reason")
    now = now or utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        current = require_plan(session, person_id)
        new_plan = transform.return_to_previous_step(current.plan, day, days)
        _refuse_above_start(session, current, new_plan, day)
        revision = revise(
            session,
            current,
            data=new_plan,
            day=day,
            kind="return",
            reason=reason,
            trigger={
                "requested_by": "person",
                "day": day.isoformat(),
                "from_revision": current.revision.number,
            },
            accepted_by="person",
            now=now,
        )
        events.add_event(
            session,
            person_id,
            kind="return",
            day=day,
            data={"revision": revision.number, "reason": reason},
            now=now,
        )
        return {"revision": _revision_dict(revision)}
