"""Repository functions for people and their settings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stepdown.storage.models import Person, PersonSetting

#: person_setting key that pins the local person: true on that person, false on everyone else.
LOCAL_KEY = "local_person"


def get_person(session: Session, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def first_person(session: Session) -> Person | None:
    return session.scalars(select(Person).order_by(Person.id).limit(1)).first()


def pinned_local_person(session: Session) -> tuple[Person | None, bool]:
    """(the person pinned as this copy's local person, whether any pin is stored at all)."""
    rows = session.execute(
        select(PersonSetting.person_id, PersonSetting.value).where(PersonSetting.key == LOCAL_KEY)
    ).all()
    ids = sorted(person_id for person_id, value in rows if value is True)
    return (session.get(Person, ids[0]) if ids else None), bool(rows)


def mark_unpinned_as_not_local(session: Session) -> None:
    """Pin 'not local' on everyone without a pin, so the next local person is a new one."""
    pinned = select(PersonSetting.person_id).where(PersonSetting.key == LOCAL_KEY)
    for person_id in session.scalars(select(Person.id).where(Person.id.not_in(pinned))):
        session.add(PersonSetting(person_id=person_id, key=LOCAL_KEY, value=False))
    session.flush()


def create_person(session: Session, *, pseudonym: str, timezone: str, now: datetime) -> Person:
    person = Person(pseudonym=pseudonym, timezone=timezone, created_at=now)
    session.add(person)
    session.flush()
    return person


def lock_person(session: Session, person_id: int) -> Person | None:
    """Lock the person's row for the rest of the transaction, so one person's writes run one at a time.

    PostgreSQL takes a row lock (SELECT ... FOR UPDATE); SQLite already holds the database write lock
    because every transaction there begins IMMEDIATE (see storage.db)."""
    return session.scalars(select(Person).where(Person.id == person_id).with_for_update()).first()


def get_settings(session: Session, person_id: int) -> dict[str, Any]:
    rows = session.scalars(select(PersonSetting).where(PersonSetting.person_id == person_id))
    return {row.key: row.value for row in rows}


def set_setting(session: Session, person_id: int, key: str, value: Any) -> None:
    row = session.scalars(
        select(PersonSetting).where(PersonSetting.person_id == person_id, PersonSetting.key == key)
    ).first()
    if row is None:
        session.add(PersonSetting(person_id=person_id, key=key, value=value))
    else:
        row.value = value
    session.flush()


def display_names(session: Session, labels: Iterable[str | None]) -> dict[str, str]:
    """The display names of the accounts behind labels such as "clinician:lee" (user name ->
    display name), so a revision or an audit entry can name a clinician as people know them."""
    from stepdown.storage.models.accounts import account

    usernames = {label.partition(":")[2] for label in labels if label and ":" in label}
    if not usernames:
        return {}
    rows = session.execute(
        select(account.c.username, account.c.display_name).where(account.c.username.in_(usernames))
    )
    return {r.username: r.display_name for r in rows}
