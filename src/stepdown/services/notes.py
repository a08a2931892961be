"""Notes the person writes for their clinician; the clinician report shows them (kind "clinician")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select

from stepdown.domain.errors import InvalidInput
from stepdown.services.common import require_person, utcnow
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import Note

CLINICIAN = "clinician"
MAX_NOTE = 2000  # characters: a short message, not a diary


@dataclass(frozen=True)
class NoteInfo:
    id: int
    day: date | None
    created_at: datetime
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "day": self.day.isoformat() if self.day else None,
            "created_at": self.created_at.isoformat(),
            "text": self.text,
        }


def add_clinician_note(
    engine: Engine, person_id: int, text: str, *, day: date, now: datetime | None = None
) -> NoteInfo:
    """Store a note for the clinician; one plain sentence when the text is empty or too long."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Write the note first; it is empty.", field="text")
    if len(text) > MAX_NOTE:
        raise InvalidInput(
            f"A note is at most {MAX_NOTE} characters; this one has {len(text)}.", field="text"
        )
    with session_scope(engine) as session:
        require_person(session, person_id)
        row = Note(person_id=person_id, created_at=now or utcnow(), day=day, kind=CLINICIAN, text=text)
        session.add(row)
        session.flush()
        return NoteInfo(row.id, row.day, row.created_at, row.text)


def clinician_notes(engine: Engine, person_id: int) -> list[NoteInfo]:
    with read_scope(engine) as session:
        rows = session.scalars(
            select(Note)
            .where(Note.person_id == person_id, Note.kind == CLINICIAN)
            .order_by(Note.created_at, Note.id)
        )
        return [NoteInfo(r.id, r.day, r.created_at, r.text) for r in rows]
