"""A private calendar subscription per person: a secret URL the phone's calendar polls, so a plan
revision reaches the calendar without a new download. One active URL per person; revocable."""

from __future__ import annotations

import secrets
from datetime import datetime

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
