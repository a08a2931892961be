"""Exactly once: a form sent again with the same Idempotency-Key header (the service worker sends
a check-in or a dose logged offline when the phone is back online, and may send it twice) is
answered as the first time and changes nothing. Keys live in the database, per account."""

from __future__ import annotations

from typing import Any

import anyio

from stepdown.web.accounts.authz import SESSION_COOKIE
from stepdown.web.csrf import ASGIApp, Message, Receive, Scope, Send, _cookie

HEADER = b"idempotency-key"


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        raw_key = headers.get(HEADER, b"").decode("latin-1").strip()
        if scope["type"] != "http" or scope["method"] != "POST" or not raw_key or len(raw_key) > 64:
            await self.app(scope, receive, send)
            return
        engine = scope["app"].state.engine
        token = _cookie(headers.get(b"cookie", b"").decode("latin-1"), SESSION_COOKIE)
        account_id = await anyio.to_thread.run_sync(lambda: _account_id(scope, engine, token))
        if account_id is None:
            await self.app(scope, receive, send)
            return
        key = f"{account_id}:{raw_key}"
        first, location = await anyio.to_thread.run_sync(lambda: _claim(engine, key, account_id))
        if not first:
            await _redirect(send, location or "/")
            return
        status, sent_location = 500, None

        async def watch(message: Message) -> None:
            nonlocal status, sent_location
            if message["type"] == "http.response.start":
                status = message["status"]
                sent_location = dict(message.get("headers", [])).get(b"location", b"").decode("latin-1")
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            ok = status < 400
            await anyio.to_thread.run_sync(lambda: _settle(engine, key, ok, sent_location))


def _account_id(scope: Scope, engine: Any, token: str | None) -> int | None:
    from stepdown.services.accounts import resolve_session

    account = resolve_session(engine, token, idle=scope["app"].state.session_idle)
    return account.id if account else None


def _claim(engine: Any, key: str, account_id: int) -> tuple[bool, str | None]:
    """(True, None) when this key is new (now taken); (False, where the first answer went) if seen."""
    from sqlalchemy import select

    from stepdown.services.common import utcnow
    from stepdown.storage.db import session_scope
    from stepdown.storage.models.accounts import idempotency_key as table

    with session_scope(engine) as s:
        if engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(table).values(key=key, account_id=account_id, created_at=utcnow())
        inserted = s.execute(statement.on_conflict_do_nothing().returning(table.c.key)).first()
        if inserted is not None:
            return True, None
        return False, s.execute(select(table.c.location).where(table.c.key == key)).scalar()


def _settle(engine: Any, key: str, ok: bool, location: str | None) -> None:
    """Keep the key with where the answer pointed; forget it when the request failed (so a retry
    can succeed)."""
    from sqlalchemy import delete, update

    from stepdown.storage.db import session_scope
    from stepdown.storage.models.accounts import idempotency_key as table

    with session_scope(engine) as s:
        if ok:
            s.execute(update(table).where(table.c.key == key).values(location=(location or "/")[:300]))
        else:
            s.execute(delete(table).where(table.c.key == key))


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})
