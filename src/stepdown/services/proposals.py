"""Plan-change proposals: list, accept (writes a new plan revision), decline (recorded too), and the
person's own request to go back to the previous step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from stepdown.domain.errors import InvalidInput
from stepdown.messages import daily as msg
from stepdown.services.common import require_person, utcnow
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
            f"There is no proposal with id {proposal_id}; `stepdown proposals` lists them.", field="id"
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
