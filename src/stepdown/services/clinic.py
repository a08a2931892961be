"""What a clinician does on a person's page: read the overview, record agreement with the plan,
leave a note the person sees. Every change is its own transaction; the web layer audits it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from stepdown.domain.errors import InvalidInput
from stepdown.services.accounts import AccountInfo
from stepdown.services.common import current_plan, require_person, utcnow
from stepdown.storage import plans
from stepdown.storage.db import session_scope
from stepdown.storage.models import Checkin, Note

FROM_CLINICIAN = "from_clinician"  # Note.kind of a note a clinician leaves for the person
MAX_NOTE = 2000


def overview(engine: Engine, person_id: int, *, today: date, days: int = 14) -> dict[str, Any]:
    """The person's plan with its revisions, their last `days` check-ins and the notes both ways."""
    with session_scope(engine) as s:
        person = require_person(s, person_id)
        current = current_plan(s, person_id)
        revisions = plans.revisions(s, current.row.id) if current else []
        checkins = s.scalars(
            select(Checkin)
            .where(Checkin.person_id == person_id, Checkin.day > today - timedelta(days=days))
            .order_by(Checkin.day.desc())
        ).all()
        notes = s.scalars(
            select(Note).where(Note.person_id == person_id).order_by(Note.created_at.desc()).limit(50)
        ).all()
        return {
            "person": {"id": person.id, "name": person.pseudonym, "timezone": person.timezone},
            "plan": current.plan if current else None,
            "revisions": [
                {
                    "number": r.number,
                    "at": r.created_at,
                    "kind": r.kind,
                    "reason": r.reason,
                    "by": r.accepted_by,
                    "against_advice": (r.trigger or {}).get("against_advice"),
                    "agreement": (r.trigger or {}).get("clinician_agreement"),
                }
                for r in revisions
            ],
            "checkins": [
                {"day": c.day, "total": c.total, "scale": c.scale, "red_flags": c.red_flags, "note": c.note}
                for c in checkins
            ],
            "notes": [{"at": n.created_at, "kind": n.kind, "text": n.text} for n in notes],
        }


def record_agreement(
    engine: Engine, person_id: int, clinician: AccountInfo, note: str, *, now: datetime | None = None
) -> int:
    """A new revision with the same plan that records the clinician's agreement (the shared
    trigger["clinician_agreement"] contract); a choice against advice stays recorded beside it."""
    now = now or utcnow()
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"A note is at most {MAX_NOTE} characters.", field="note")
    from stepdown.services.common import local_day
    from stepdown.services.supply import revise

    with session_scope(engine) as s:
        person = require_person(s, person_id, lock=True)
        current = current_plan(s, person_id)
        if current is None:
            raise InvalidInput("This person has no active plan to agree with yet.", field="plan")
        trigger: dict[str, Any] = {
            "clinician_agreement": {
                "recorded_at": now.isoformat(),
                "by": f"clinician:{clinician.username}",
                "note": note,
            },
            "agrees_with_revision": current.revision.number,
        }
        if (current.revision.trigger or {}).get("against_advice"):
            trigger["against_advice"] = current.revision.trigger["against_advice"]
        # Through services.supply.revise like every later revision: its supply is recomputed too.
        row = revise(
            s,
            current,
            data=current.plan,
            day=local_day(person.timezone, now),
            kind="agreement",
            reason=f"{clinician.display_name} recorded agreement with this plan.",
            trigger=trigger,
            accepted_by=f"clinician:{clinician.username}",
            now=now,
        )
        return row.number


def add_note_for_person(
    engine: Engine,
    person_id: int,
    clinician: AccountInfo,
    text: str,
    *,
    today: date,
    now: datetime | None = None,
) -> None:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Write the note first; it is empty.", field="text")
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"A note is at most {MAX_NOTE} characters.", field="text")
    with session_scope(engine) as s:
        require_person(s, person_id, lock=True)
        s.add(
            Note(
                person_id=person_id,
                created_at=now or utcnow(),
                day=today,
                kind=FROM_CLINICIAN,
                text=f"{clinician.display_name}: {text}",
            )
        )


def notes_from_clinicians(engine: Engine, person_id: int) -> list[dict[str, Any]]:
    with session_scope(engine) as s:
        rows = s.scalars(
            select(Note)
            .where(Note.person_id == person_id, Note.kind == FROM_CLINICIAN)
            .order_by(Note.created_at.desc())
            .limit(50)
        ).all()
        return [{"at": n.created_at, "text": n.text} for n in rows]
