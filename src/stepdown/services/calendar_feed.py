"""A private calendar subscription per person: a secret URL the phone's calendar polls, so a plan
revision reaches the calendar without a new download. One active URL per person; revocable."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from stepdown.services.accounts import token_hash
from stepdown.services.common import utcnow
from stepdown.storage.db import session_scope
from stepdown.storage.models.accounts import calendar_feed

ACTIVE = calendar_feed.c.revoked_at.is_(None)


def new_feed(engine: Engine, person_id: int, *, now: datetime | None = None) -> str:
    """A new secret token; any earlier URL of this person stops working."""
    now = now or utcnow()
    token = secrets.token_urlsafe(24)
    with session_scope(engine) as s:
        s.execute(
            update(calendar_feed).where(calendar_feed.c.person_id == person_id, ACTIVE).values(revoked_at=now)
        )
        s.execute(
            insert(calendar_feed).values(token_hash=token_hash(token), person_id=person_id, created_at=now)
        )
    return token


def revoke_feeds(engine: Engine, person_id: int, *, now: datetime | None = None) -> None:
    with session_scope(engine) as s:
        s.execute(
            update(calendar_feed)
            .where(calendar_feed.c.person_id == person_id, ACTIVE)
            .values(revoked_at=now or utcnow())
        )


def has_feed(engine: Engine, person_id: int) -> bool:
    with session_scope(engine) as s:
        return (
            s.execute(
                select(calendar_feed.c.token_hash).where(calendar_feed.c.person_id == person_id, ACTIVE)
            ).first()
            is not None
        )


def person_of(engine: Engine, token: str) -> int | None:
    """The person whose active feed this token opens, or None."""
    with session_scope(engine) as s:
        return s.execute(
            select(calendar_feed.c.person_id).where(
                calendar_feed.c.token_hash == token_hash(token or ""), ACTIVE
            )
        ).scalar()


@dataclass(frozen=True)
class CalendarSource:
    """What a taper calendar is made from: the active plan, its revision, magnesium and time zone
    (a phone polls the feed, so this reads a few rows, not the person's whole history)."""

    plan: Any
    plan_id: int
    revision_number: int
    magnesium: dict[str, Any] | None
    timezone: str


def calendar_source(engine: Engine, person_id: int) -> CalendarSource | None:
    """The active plan's calendar inputs, or None when there is no active plan."""
    from stepdown.services.common import current_plan, require_person
    from stepdown.storage import plans
    from stepdown.storage.db import read_scope

    with read_scope(engine) as s:
        person = require_person(s, person_id)
        current = current_plan(s, person_id)
        if current is None:
            return None
        magnesium = plans.latest_magnesium_plan(s, person_id)
        return CalendarSource(
            plan=current.plan,
            plan_id=current.row.id,
            revision_number=current.revision.number,
            magnesium=dict(magnesium.plan) if magnesium is not None else None,
            timezone=person.timezone,
        )
