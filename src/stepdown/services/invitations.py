"""Invitations instead of email, and the links between a person and their clinicians.

An invitation is a one-time link shown on screen (and as a QR code): an admin invites a clinician
or a person; a clinician invites a person, who is linked to that clinician on accepting; a reset
link sets a new password. The token is random; only its sha256 is stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, insert, select, update

from stepdown.domain.errors import InvalidInput
from stepdown.messages import accounts as msg
from stepdown.services.accounts import AccountInfo, _aware, create_account, set_password, token_hash
from stepdown.services.common import utcnow
from stepdown.storage.db import session_scope
from stepdown.storage.models.accounts import account, care_link, invitation

KINDS = ("person", "clinician", "reset")
VALID_FOR = {"person": timedelta(days=7), "clinician": timedelta(days=7), "reset": timedelta(days=1)}


@dataclass(frozen=True)
class Invitation:
    id: int
    kind: str
    label: str
    created_by: AccountInfo
    for_account_id: int | None
    expires_at: datetime


def may_invite(creator: AccountInfo, kind: str) -> bool:
    return (creator.role, kind) in {
        ("admin", "clinician"),
        ("admin", "person"),
        ("admin", "reset"),
        ("clinician", "person"),
        ("clinician", "reset"),
    }


def create_invitation(
    engine: Engine,
    creator: AccountInfo,
    kind: str,
    *,
    label: str = "",
    for_username: str = "",
    now: datetime | None = None,
) -> str:
    """A new one-time token. A clinician may reset only the password of a person linked to them."""
    if kind not in KINDS or not may_invite(creator, kind):
        raise InvalidInput(msg.NOT_FOR_YOUR_ACCOUNT, field="kind")
    now = now or utcnow()
    token = secrets.token_urlsafe(24)
    with session_scope(engine) as s:
        target = None
        if kind == "reset":
            target = s.execute(
                select(account).where(account.c.username == (for_username or "").strip().lower())
            ).first()
            allowed = target is not None and (
                creator.role == "admin"
                or (target.role == "person" and is_linked(s, creator.id, target.person_id))
            )
            if not allowed:
                raise InvalidInput(
                    "There is no account by that name that you may reset.", field="for_username"
                )
        s.execute(
            insert(invitation).values(
                token_hash=token_hash(token),
                kind=kind,
                created_by=creator.id,
                for_account_id=target.id if target else None,
                label=(label or "").strip()[:100] or (target.username if target else kind),
                created_at=now,
                expires_at=now + VALID_FOR[kind],
            )
        )
    return token


def _load(s: Any, token: str, now: datetime, *, lock: bool = False) -> Any:
    query = (
        select(invitation, account.c.username, account.c.display_name, account.c.role, account.c.person_id)
        .join(account, account.c.id == invitation.c.created_by)
        .where(invitation.c.token_hash == token_hash(token or ""))
    )
    row = s.execute(query.with_for_update(of=invitation) if lock else query).first()
    if row is None or row.used_at is not None or _aware(row.expires_at) <= now:
        raise InvalidInput(msg.INVITATION_INVALID, field="token")
    return row


def look_up(
    engine: Engine, token: str, *, address: str | None = None, now: datetime | None = None
) -> Invitation:
    """The invitation of a valid token; InvalidInput (one sentence for unknown, used and expired).

    With `address`, a link that is not valid counts against that address in the sign-in throttle's
    table (key "invite:<address>", ADDRESS_LIMIT per WINDOW), so tokens cannot be guessed at speed;
    a paused address gets services.accounts.LoginRefused (saying until when), whatever the token."""
    from stepdown.services.accounts import ADDRESS_LIMIT, count_failure, throttle_rows

    now = now or utcnow()
    limits = {f"invite:{address[:64]}": ADDRESS_LIMIT} if address is not None else {}
    with session_scope(engine) as s:
        rows = throttle_rows(s, limits, now, msg.LINKS_PAUSED)
        try:
            row = _load(s, token, now)
        except InvalidInput:
            row = None
            count_failure(s, rows, limits, now)  # committed with this transaction, then refused below
        if row is not None:
            creator = AccountInfo(row.created_by, row.username, row.display_name, row.role, row.person_id)
            return Invitation(row.id, row.kind, row.label, creator, row.for_account_id, row.expires_at)
    raise InvalidInput(msg.INVITATION_INVALID, field="token")


def accept_new_account(
    engine: Engine,
    token: str,
    *,
    username: str,
    password: str,
    display_name: str = "",
    timezone: str = "UTC",
    now: datetime | None = None,
) -> AccountInfo:
    """Create the invited account; a clinician's person invitation also links the two."""
    now = now or utcnow()
    with session_scope(engine) as s:
        row = _load(s, token, now, lock=True)
        if row.kind == "reset":
            raise InvalidInput(msg.INVITATION_INVALID, field="token")
        created = create_account(
            engine,
            username=username,
            password=password,
            role=row.kind,
            display_name=display_name,
            timezone=timezone,
            now=now,
            session=s,
        )
        if row.kind == "person" and row.role == "clinician":
            _link(s, created.person_id, row.created_by, now)  # type: ignore[arg-type]
        _use(s, row.id, created.id, now)
        return created


def accept_link(engine: Engine, token: str, person: AccountInfo, *, now: datetime | None = None) -> str:
    """A signed-in person accepts a clinician's invitation: the two are linked. Returns the name."""
    now = now or utcnow()
    with session_scope(engine) as s:
        row = _load(s, token, now, lock=True)
        if row.kind != "person" or row.role != "clinician" or person.person_id is None:
            raise InvalidInput(msg.INVITATION_INVALID, field="token")
        _link(s, person.person_id, row.created_by, now)
        _use(s, row.id, person.id, now)
        return str(row.display_name)


def reset_password(engine: Engine, token: str, password: str, *, now: datetime | None = None) -> AccountInfo:
    now = now or utcnow()
    with session_scope(engine) as s:
        row = _load(s, token, now, lock=True)
        if row.kind != "reset" or row.for_account_id is None:
            raise InvalidInput(msg.INVITATION_INVALID, field="token")
        set_password(engine, row.for_account_id, password, session=s)
        _use(s, row.id, row.for_account_id, now)
        target = s.execute(select(account).where(account.c.id == row.for_account_id)).one()
        return AccountInfo(target.id, target.username, target.display_name, target.role, target.person_id)


def _use(s: Any, invitation_id: int, used_by: int, now: datetime) -> None:
    s.execute(update(invitation).where(invitation.c.id == invitation_id).values(used_at=now, used_by=used_by))


def _link(s: Any, person_id: int, clinician_id: int, now: datetime) -> None:
    if not is_linked(s, clinician_id, person_id):
        s.execute(insert(care_link).values(person_id=person_id, clinician_id=clinician_id, created_at=now))


# --- links --------------------------------------------------------------------------------------

ACTIVE = care_link.c.revoked_at.is_(None)


def is_linked(s: Any, clinician_id: int, person_id: int | None) -> bool:
    if person_id is None:
        return False
    return (
        s.execute(
            select(care_link.c.id).where(
                care_link.c.clinician_id == clinician_id, care_link.c.person_id == person_id, ACTIVE
            )
        ).first()
        is not None
    )


def linked(engine: Engine, clinician_id: int, person_id: int) -> bool:
    with session_scope(engine) as s:
        return is_linked(s, clinician_id, person_id)


def linked_person_ids(engine: Engine, clinician_id: int) -> list[int]:
    with session_scope(engine) as s:
        return list(
            s.execute(select(care_link.c.person_id).where(care_link.c.clinician_id == clinician_id, ACTIVE))
            .scalars()
            .all()
        )


def clinicians_of(engine: Engine, person_id: int) -> list[dict[str, Any]]:
    """The person's active links: [{"link_id", "name", "username", "since"}]."""
    with session_scope(engine) as s:
        rows = s.execute(
            select(care_link.c.id, care_link.c.created_at, account.c.display_name, account.c.username)
            .join(account, account.c.id == care_link.c.clinician_id)
            .where(care_link.c.person_id == person_id, ACTIVE)
            .order_by(care_link.c.id)
        ).all()
        return [
            {"link_id": r.id, "name": r.display_name, "username": r.username, "since": r.created_at}
            for r in rows
        ]


def revoke_link(engine: Engine, person_id: int, link_id: int, *, now: datetime | None = None) -> bool:
    """End one of the person's links; False when it is not theirs or already ended."""
    with session_scope(engine) as s:
        result = s.execute(
            update(care_link)
            .where(and_(care_link.c.id == link_id, care_link.c.person_id == person_id, ACTIVE))
            .values(revoked_at=now or utcnow())
        )
        return bool(result.rowcount)
