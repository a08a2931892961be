"""Plan-change proposals: list, accept (writes a new plan revision), decline (recorded too), and the
person's own request to go back to the previous step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from stepdown.domain.errors import InvalidInput
from stepdown.messages import daily as msg
from stepdown.services.common import require_person, require_plan, utcnow
from stepdown.services.supply import revise
from stepdown.storage import events, proposals
from stepdown.storage.db import session_scope
from stepdown.storage.models import Proposal


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
    }


def list_proposals(engine: Engine, person_id: int, *, status: str | None = None) -> list[dict[str, Any]]:
    if status not in (None, "pending", "accepted", "declined", "superseded"):
        raise InvalidInput(
            "A proposal status is one of: pending, accepted, declined, superseded.", field="status"
        )
    with session_scope(engine) as session:
        require_person(session, person_id)
        return [proposal_dict(p) for p in proposals.proposals(session, person_id, status=status)]


def _pending(session: Any, person_id: int, proposal_id: int) -> Proposal:
    row = proposals.get_proposal(session, person_id, proposal_id, lock=True)
    if row is None:
        raise InvalidInput(
            f"There is no proposal with id {proposal_id}.", field="id"  # the CLI adds its command
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


def _toolkit_replan(row: Proposal, plan: Any, day: date) -> Any:
    from stepdown.domain.toolkit.lapse import plan_from_trigger

    return plan_from_trigger(plan, dict(row.trigger or {}), day)


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
    as they were) with the proposal's explanation as its reason and its trigger data."""
    now = now or utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        row = _pending(session, person_id, proposal_id)
        current = require_plan(session, person_id)
        if row.plan_id != current.row.id:
            raise InvalidInput(
                f"Proposal {proposal_id} was made for an earlier plan; decline it instead.", field="id"
            )
        # "replan" (after a lapse) carries its gentler plan: stepdown.domain.toolkit.lapse
        replanned = _toolkit_replan(row, current.plan, day) if row.kind == "replan" else None
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
