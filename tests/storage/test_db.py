"""Transactions and constraints on both back ends."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from stepdown.storage.db import normalise_url, session_scope
from stepdown.storage.models import Checkin, Event, Person

NOW = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def _count(engine, model) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_session_scope_commits_on_success(engine) -> None:
    with session_scope(engine) as s:
        s.add(Person(pseudonym="a", timezone="UTC", created_at=NOW))
    assert _count(engine, Person) == 1


def test_session_scope_rolls_everything_back_on_error(engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        person = Person(pseudonym="a", timezone="UTC", created_at=NOW)
        s.add(person)
        s.flush()
        s.add(Event(person_id=person.id, created_at=NOW, day=NOW.date(), kind="hold", data={}))
        s.flush()
        raise RuntimeError("crash half way")
    assert _count(engine, Person) == 0
    assert _count(engine, Event) == 0


def test_foreign_keys_are_enforced(engine) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(Event(person_id=999, created_at=NOW, day=NOW.date(), kind="hold", data={}))
    assert _count(engine, Event) == 0


def test_one_checkin_per_person_per_day_is_a_database_rule(engine) -> None:
    with session_scope(engine) as s:
        person = Person(pseudonym="a", timezone="UTC", created_at=NOW)
        s.add(person)
    row = dict(
        person_id=person.id, day=date(2026, 1, 5), created_at=NOW, updated_at=NOW, version=1,
        scale="SOWS10", answers={}, total=0, self_care={}, red_flags=[], data={},
    )
    with session_scope(engine) as s:
        s.add(Checkin(**row))
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(Checkin(**row))
    assert _count(engine, Checkin) == 1


def test_plain_postgresql_urls_are_sent_through_psycopg() -> None:
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
