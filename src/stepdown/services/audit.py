"""The append-only audit log: every view of a person's data by someone else, and every change.

The database refuses UPDATE and DELETE on audit_log (triggers in migration 0006_accounts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from stepdown.services.common import utcnow
from stepdown.storage.db import session_scope
from stepdown.storage.models.accounts import audit_log


def record(
    engine: Engine,
    *,
    actor_id: int | None,
    actor: str,
    subject_person_id: int | None,
    action: str,
    what: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    with session_scope(engine) as s:
        s.execute(
            insert(audit_log).values(
                at=now or utcnow(),
                actor_id=actor_id,
                actor=actor[:200],
                subject_person_id=subject_person_id,
                action=action,
                what=what,
                detail=detail or {},
            )
        )


def entries_about(
    engine: Engine, person_id: int, *, others_only: bool = False, limit: int = 200
) -> list[dict[str, Any]]:
    """The newest entries about a person; others_only leaves out what they did themselves."""
    query = select(audit_log).where(audit_log.c.subject_person_id == person_id)
    if others_only:
        query = query.where(~audit_log.c.actor.like("person:%"))
    with session_scope(engine) as s:
        rows = s.execute(query.order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)).all()
    return [
        {"at": r.at, "actor": r.actor, "action": r.action, "what": r.what, "detail": r.detail} for r in rows
    ]


def entries_in_words(engine: Engine, person_id: int) -> list[dict[str, Any]]:
    """What the person's Account page lists: others' entries about them, each "who" as a name and
    a role ("Dr Lee (clinician)") and each "what" in words ("viewed your page")."""
    from stepdown.messages import words
    from stepdown.storage.people import display_names

    entries = entries_about(engine, person_id, others_only=True)
    with session_scope(engine) as s:
        names = display_names(s, [e["actor"] for e in entries])
    return [
        {**e, "actor": words.who(e["actor"], names), "what": words.audit_what(e["action"], e["what"])}
        for e in entries
    ]
