"""Accounts, sign-in and sessions of the clinic server. All state lives in the database (sessions,
rate-limit counters), so any number of app processes can serve the same people.

Passwords: argon2id (argon2-cffi's defaults, RFC 9106's low-memory choice). Session cookies carry
a random token; the database keeps only its sha256, so a leaked table holds no usable session.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.messages import accounts as msg
from stepdown.services.common import utcnow, zone
from stepdown.storage.db import session_scope
from stepdown.storage.models.accounts import ROLES, account, login_session, login_throttle
from stepdown.storage.people import create_person

# Rate limits: failures per 15 minutes before a 15-minute pause (OWASP ASVS 2.2.1 asks for some).
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
SESSION_MAX_AGE = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=60)  # a page view writes last_seen_at at most once a minute
USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,100}$")


class LoginRefused(Exception):
    def __init__(self, message: str, *, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.locked_until = locked_until


@dataclass(frozen=True)
class AccountInfo:
    id: int
    username: str
    display_name: str
    role: str
    person_id: int | None

    @property
    def label(self) -> str:
        """Who did it, as plan revisions and the audit log record it: "clinician:dr_lee"."""
        return f"{self.role}:{self.username}"


def _info(row: Any) -> AccountInfo:
    return AccountInfo(row.id, row.username, row.display_name, row.role, row.person_id)


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    check_password(password)
    return str(_hasher().hash(password))


# Verified against when the name is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher().hash(secrets.token_urlsafe(16))
    return _DUMMY_HASH


def check_password(password: str) -> None:
    if not 10 <= len(password or "") <= 200:
        raise InvalidInput(msg.PASSWORD_RULE, field="password")


def normalise_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME.match(name):
        raise InvalidInput(msg.USERNAME_RULE, field="username")
    return name


def create_account(
    engine: Engine,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    timezone: str = "UTC",
    now: datetime | None = None,
    session: Any = None,
) -> AccountInfo:
    """A new account; a person account gets its own person row (all their data hangs off it)."""
    if role not in ROLES:
        raise InvalidInput(f"A role is one of {', '.join(ROLES)}.", field="role")
    name = normalise_username(username)
    shown = (display_name or "").strip() or name
    if len(shown) > 100:
        raise InvalidInput("A name is at most 100 characters.", field="display_name")
    if zone(timezone).key != timezone:
        raise InvalidInput(f"'{timezone}' is not a time zone name, like Europe/London.", field="timezone")
    password_hash = hash_password(password)
    now = now or utcnow()
    if session is None:
        with session_scope(engine) as s:
            return _insert_account(s, name, shown, password_hash, role, timezone, now)
    return _insert_account(session, name, shown, password_hash, role, timezone, now)


def _insert_account(
    s: Any, name: str, shown: str, password_hash: str, role: str, timezone: str, now: datetime
) -> AccountInfo:
    if s.execute(select(account.c.id).where(account.c.username == name)).first():
        raise InvalidInput(msg.USERNAME_TAKEN, field="username")
    person_id = None
    if role == "person":
        person_id = create_person(s, pseudonym=shown, timezone=timezone, now=now).id
    new_id = s.execute(
        insert(account)
        .values(
            username=name,
            display_name=shown,
            password_hash=password_hash,
            role=role,
            person_id=person_id,
            created_at=now,
        )
        .returning(account.c.id)
    ).scalar_one()
    return AccountInfo(new_id, name, shown, role, person_id)


def get_account(engine: Engine, account_id: int) -> AccountInfo | None:
    with session_scope(engine) as s:
        row = s.execute(select(account).where(account.c.id == account_id)).first()
        return _info(row) if row else None


def find_account(engine: Engine, username: str) -> AccountInfo | None:
    with session_scope(engine) as s:
        row = s.execute(select(account).where(account.c.username == (username or "").strip().lower())).first()
        return _info(row) if row else None


def set_password(engine: Engine, account_id: int, password: str, *, session: Any = None) -> None:
    """A new password ends every session of the account (someone else may have had the old one)."""
    password_hash = hash_password(password)

    def run(s: Any) -> None:
        s.execute(update(account).where(account.c.id == account_id).values(password_hash=password_hash))
        s.execute(delete(login_session).where(login_session.c.account_id == account_id))

    if session is not None:
        run(session)
        return
    with session_scope(engine) as s:
        run(s)


def authenticate(
    engine: Engine, username: str, password: str, *, address: str, now: datetime | None = None
) -> AccountInfo:
    """The account when the password matches; LoginRefused otherwise, with the same sentence for an
    unknown name and a wrong password. Counters per name and per address live in the database."""
    now = now or utcnow()
    name = (username or "").strip().lower()[:100]
    keys = [f"account:{name}", f"address:{address[:64]}"]
    limits = {keys[0]: ACCOUNT_LIMIT, keys[1]: ADDRESS_LIMIT}
    outcome: AccountInfo | None = None
    with session_scope(engine) as s:
        rows = throttle_rows(s, limits, now, msg.LOCKED_OUT)
        row = s.execute(select(account).where(account.c.username == name)).first()
        valid = _verify(row.password_hash if row else _dummy_hash(), password or "")
        if valid and row is not None and row.disabled_at is None:
            outcome = _info(row)
            s.execute(delete(login_throttle).where(login_throttle.c.key == keys[0]))
            if _hasher().check_needs_rehash(row.password_hash):
                s.execute(
                    update(account)
                    .where(account.c.id == row.id)
                    .values(password_hash=_hasher().hash(password))
                )
        else:
            count_failure(s, rows, limits, now)
    if outcome is None:
        raise LoginRefused(msg.LOGIN_FAILED)
    return outcome


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def throttle_rows(s: Any, limits: dict[str, int], now: datetime, locked_message: str) -> dict[str, Any]:
    """The counter row of each key (created if missing, locked for this transaction); LoginRefused with
    `locked_message` (formatted with until and minutes) while any of them is paused."""
    rows = {key: _throttle_row(s, key, now) for key in limits}
    locked = [r.locked_until for r in rows.values() if r.locked_until and _aware(r.locked_until) > now]
    if locked:
        until = max(_aware(u) for u in locked)
        minutes = max(1, int((until - now).total_seconds() // 60) + 1)
        raise LoginRefused(
            locked_message.format(
                until=until.strftime("%H:%M"), minutes=formatting.count(minutes, "minute", "minutes")
            ),
            locked_until=until,
        )
    return rows


def count_failure(s: Any, rows: dict[str, Any], limits: dict[str, int], now: datetime) -> None:
    """One more failure on each counter; a counter that reaches its limit pauses for LOCKOUT."""
    for key, r in rows.items():
        fresh = _aware(r.window_start) + WINDOW < now
        failures = 1 if fresh else r.failures + 1
        values: dict[str, Any] = {"failures": failures}
        if fresh:
            values["window_start"] = now
        if failures >= limits[key]:
            values["locked_until"] = now + LOCKOUT
        s.execute(update(login_throttle).where(login_throttle.c.key == key).values(**values))


def _throttle_row(s: Any, key: str, now: datetime) -> Any:
    """The counter row for `key`, created if missing and locked for this transaction."""
    if s.bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    s.execute(upsert(login_throttle).values(key=key, failures=0, window_start=now).on_conflict_do_nothing())
    return s.execute(select(login_throttle).where(login_throttle.c.key == key).with_for_update()).one()


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- sessions -----------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    engine: Engine,
    account_id: int,
    *,
    address: str,
    old_token: str | None = None,
    now: datetime | None = None,
) -> str:
    """A fresh session token (never the one the browser came with: no session fixation)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with session_scope(engine) as s:
        if old_token:
            s.execute(delete(login_session).where(login_session.c.token_hash == token_hash(old_token)))
        s.execute(
            insert(login_session).values(
                token_hash=token_hash(token),
                account_id=account_id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + SESSION_MAX_AGE,
                address=address[:64],
            )
        )
    return token


def resolve_session(
    engine: Engine, token: str | None, *, idle: timedelta, now: datetime | None = None
) -> AccountInfo | None:
    """The signed-in account, or None when the token is unknown, revoked, expired or idle too long."""
    if not token or len(token) > 100:
        return None
    now = now or utcnow()
    key = token_hash(token)
    with engine.connect() as conn:  # a read: no write lock unless the session needs touching
        row = conn.execute(
            select(login_session, account)
            .join(account, account.c.id == login_session.c.account_id)
            .where(login_session.c.token_hash == key)
        ).first()
    if row is None or row.revoked_at is not None or row.disabled_at is not None:
        return None
    if _aware(row.expires_at) <= now or _aware(row.last_seen_at) + idle <= now:
        return None
    if _aware(row.last_seen_at) + TOUCH_EVERY <= now:
        with session_scope(engine) as s:
            s.execute(update(login_session).where(login_session.c.token_hash == key).values(last_seen_at=now))
    return AccountInfo(row.account_id, row.username, row.display_name, row.role, row.person_id)


def end_session(engine: Engine, token: str | None, *, now: datetime | None = None) -> None:
    if not token:
        return
    with session_scope(engine) as s:
        s.execute(
            update(login_session)
            .where(login_session.c.token_hash == token_hash(token))
            .values(revoked_at=now or utcnow())
        )


def revoke_sessions(engine: Engine, account_id: int, *, now: datetime | None = None) -> None:
    with session_scope(engine) as s:
        s.execute(
            update(login_session)
            .where(login_session.c.account_id == account_id, login_session.c.revoked_at.is_(None))
            .values(revoked_at=now or utcnow())
        )
