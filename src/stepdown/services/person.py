"""The person using this copy of stepdown (CLI and local web app share one local person)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, text

from stepdown.domain.errors import InvalidInput
from stepdown.services.common import local_day, system_timezone, utcnow, zone
from stepdown.storage import people
from stepdown.storage.db import read_scope, session_scope

LOCAL_PSEUDONYM = "me"
# PostgreSQL advisory lock so two first runs at once create one local person, not two.
_LOCAL_PERSON_LOCK = 7_020_616


@dataclass(frozen=True)
class PersonInfo:
    id: int
    pseudonym: str
    timezone: str
    created_at: datetime

    def today(self, now: datetime | None = None) -> date:
        return local_day(self.timezone, now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pseudonym": self.pseudonym,
            "timezone": self.timezone,
            "created_at": self.created_at.isoformat(),
        }


def _info(row: Any) -> PersonInfo:
    return PersonInfo(id=row.id, pseudonym=row.pseudonym, timezone=row.timezone, created_at=row.created_at)


def get_or_create_local_person(
    engine: Engine, *, timezone: str | None = None, now: datetime | None = None
) -> PersonInfo:
    """The single local person, pinned by id in person_setting (storage.people.LOCAL_KEY) and
    created on first use. Never another stored person: after "Delete all my data" a new one."""
    with read_scope(engine) as session:  # the usual case, a pinned person: no write lock
        row, _ = people.pinned_local_person(session)
        if row is not None:
            return _info(row)
    with session_scope(engine) as session:
        if engine.dialect.name == "postgresql":
            session.execute(text(f"SELECT pg_advisory_xact_lock({_LOCAL_PERSON_LOCK})"))
        row, any_pin = people.pinned_local_person(session)
        if row is None and not any_pin:
            row = people.first_person(session)  # a database from before the pin: its one person
        if row is None:
            row = people.create_person(
                session,
                pseudonym=LOCAL_PSEUDONYM,
                timezone=timezone or system_timezone(),
                now=now or utcnow(),
            )
        if people.get_settings(session, row.id).get(people.LOCAL_KEY) is not True:
            people.set_setting(session, row.id, people.LOCAL_KEY, True)
        return _info(row)


def create_person(
    engine: Engine, *, pseudonym: str, timezone: str = "UTC", now: datetime | None = None
) -> PersonInfo:
    pseudonym = pseudonym.strip()
    if not pseudonym or len(pseudonym) > 100:
        raise InvalidInput("A pseudonym is 1 to 100 characters long.", field="pseudonym")
    if zone(timezone).key != timezone:
        raise InvalidInput(
            f"'{timezone}' is not a time zone name; use one like Europe/London or America/Chicago.",
            field="timezone",
        )
    with session_scope(engine) as session:
        row = people.create_person(session, pseudonym=pseudonym, timezone=timezone, now=now or utcnow())
        people.set_setting(session, row.id, people.LOCAL_KEY, False)  # someone else, never the local one
        return _info(row)


def get_person(engine: Engine, person_id: int) -> PersonInfo:
    with read_scope(engine) as session:
        row = people.get_person(session, person_id)
        if row is None:
            raise InvalidInput(f"There is no person with id {person_id}.", field="person_id")
        return _info(row)


def get_settings(engine: Engine, person_id: int) -> dict[str, Any]:
    with read_scope(engine) as session:
        return people.get_settings(session, person_id)


def set_setting(engine: Engine, person_id: int, key: str, value: Any) -> None:
    with session_scope(engine) as session:
        if people.get_person(session, person_id) is None:
            raise InvalidInput(f"There is no person with id {person_id}.", field="person_id")
        people.set_setting(session, person_id, key, value)
