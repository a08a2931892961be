"""Notes for the clinician: stored by the service, refused when empty or too long, shown in the PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from stepdown.domain.errors import InvalidInput
from stepdown.reports.data import load
from stepdown.services.notes import MAX_NOTE, add_clinician_note, clinician_notes
from stepdown.services.person import create_person
from stepdown.storage.models import Note

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_notes_are_stored_listed_and_gathered_for_the_report(engine) -> None:
    me = create_person(engine, pseudonym="me", timezone="Europe/Berlin", now=NOW)
    other = create_person(engine, pseudonym="other", timezone="UTC", now=NOW)
    add_clinician_note(engine, me.id, "  Ask about sleep.  ", day=date(2026, 11, 25), now=NOW)
    add_clinician_note(engine, other.id, "Not mine.", day=date(2026, 11, 25), now=NOW)
    assert [n.text for n in clinician_notes(engine, me.id)] == ["Ask about sleep."]
    data = load(engine, me.id, now=NOW)
    assert [(n.day, n.text) for n in data.notes] == [(date(2026, 11, 25), "Ask about sleep.")]


def test_empty_or_too_long_notes_are_refused_and_store_nothing(engine) -> None:
    me = create_person(engine, pseudonym="me", now=NOW)
    for bad, words in (("   ", "empty"), ("x" * (MAX_NOTE + 1), "at most")):
        with pytest.raises(InvalidInput, match=words):
            add_clinician_note(engine, me.id, bad, day=date(2026, 11, 25), now=NOW)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Note)) == 0
