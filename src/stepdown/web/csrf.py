"""Cross-site request forgery protection, and the host check that stops DNS rebinding.

FastAPI has no CSRF protection of its own. We use the double-submit pattern:
- every visitor gets a random token in a cookie (SameSite=Strict, HttpOnly);
- every form carries the same token in a hidden field `csrf_token` (htmx requests may send it in
  the `X-CSRF-Token` header instead);
- an unsafe request (POST, PUT, PATCH, DELETE) is refused unless both are present and equal, and
  unless its Origin (or Referer) names this very host and the browser does not call it cross-site.

It is pure ASGI middleware, so every route a later module adds is covered without opting in.
The `Host` check runs on every request: a local health app must not answer a page of another site
that pointed its own name at 127.0.0.1.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request

COOKIE_NAME = "stepdown_csrf"
FIELD_NAME = "csrf_token"
HEADER_NAME = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REFUSED_FORM = (
    "This form could not be accepted because its security token was missing or out of date. "
    "Nothing was saved. Go back, reload the page and try again."
)
REFUSED_ORIGIN = "This request came from another website, so it was refused. Nothing was saved."
REFUSED_HOST = "This address is not allowed to reach stepdown. Open it at http://127.0.0.1 instead."


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_for(request: Request) -> str:
    """The token to put in this page's forms."""
    return str(request.scope.get("state", {}).get("csrf_token", ""))


def checked_hosts(hosts: Iterable[str]) -> frozenset[str]:
    """The allow-list, lower-cased; refuses a wildcard (see CSRFMiddleware)."""
    names = frozenset(h.lower() for h in hosts)
    if not names or any("*" in h for h in names):
        raise ValueError("allowed_hosts must name each host; there is no wildcard.")
    return names


def _host_name(host_header: str) -> str:
    """'127.0.0.1:8765' -> '127.0.0.1'; '[::1]:8765' -> '::1'."""
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class CSRFMiddleware:
    """Double-submit cookie check for unsafe methods, plus an allowed-host check for all requests.

    `allowed_hosts`: host names (no port) this app answers to. There is no wildcard: without
    accounts, answering any Host would hand the data to any page that rebinds its name to us.
    """

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str] = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.allowed_hosts = checked_hosts(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if _host_name(host).lower() not in self.allowed_hosts:
            await refuse(send, 400, REFUSED_HOST)
            return

        cookie_token = _cookie(headers.get("cookie", ""), COOKIE_NAME)
        token = cookie_token if cookie_token and len(cookie_token) >= 32 else new_token()
        scope.setdefault("state", {})["csrf_token"] = token

        if scope["method"] not in SAFE_METHODS:
            if not _same_origin(headers, host):
                await refuse(send, 403, REFUSED_ORIGIN)
                return
            # The token is checked before a large body is read: no cookie, nothing is read at all;
            # an upload must carry its token in its first part (our forms put it first).
            submitted = headers.get(HEADER_NAME)
            if cookie_token and not submitted:
                submitted, receive = await _body_token(headers.get("content-type", ""), receive)
            if not cookie_token or not submitted or not hmac.compare_digest(cookie_token, submitted):
                await refuse(send, 403, REFUSED_FORM)
                return

        if cookie_token == token:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = f"{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Strict"
                if scope.get("scheme") == "https":  # TLS here or at the proxy (X-Forwarded-Proto), as HSTS
                    cookie += "; Secure"
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", cookie.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _same_origin(headers: dict[str, str], host: str) -> bool:
    if headers.get("sec-fetch-site") == "cross-site":
        return False
    source = headers.get("origin") or headers.get("referer")
    if not source:
        # Old browsers and non-browser clients send neither; the token still has to match.
        return True
    if source == "null":
        return False
    return urlsplit(source).netloc.lower() == host.lower()


#: How far into a multipart body the token part is looked for.
PEEK_BYTES = 64 * 1024
_TOKEN_PART = re.compile(rb'name="csrf_token"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]{0,200})\r\n')


async def _body_token(content_type: str, receive: Receive) -> tuple[str | None, Receive]:
    """(the form's token, a receive that replays what was read): an ordinary form is read whole
    (it is small: see limits.py); an upload only up to its token part."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        body, more = await _read(receive, None)
        pairs = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
        return next((v for k, v in pairs if k == FIELD_NAME), None), _replay(body, more, receive)
    if content_type.startswith("multipart/form-data"):
        body, more = await _read(receive, _TOKEN_PART)
        match = _TOKEN_PART.search(body)
        return (match.group(1).decode("latin-1") if match else None), _replay(body, more, receive)
    return None, receive


async def _read(receive: Receive, until: re.Pattern[bytes] | None) -> tuple[bytes, bool]:
    """Read the body, or only until `until` matches or PEEK_BYTES are read: (bytes, more to come)."""
    body, more = b"", True
    while more and (until is None or (len(body) <= PEEK_BYTES and not until.search(body))):
        message = await receive()
        if message["type"] != "http.request":
            return body, False
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body, more


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    """A receive that gives `body` first, then the rest of the request as it arrives."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay


async def refuse(send: Send, status: int, text: str) -> None:
    """A small page of its own (these refusals come before the app and its templates run)."""
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>Request refused - stepdown</title><main style='font:1.1rem/1.5 system-ui;"
        f"max-width:40rem;margin:2rem auto;padding:0 1rem'><h1>Request refused</h1><p>{text}</p>"
        "<p><a href='/'>Back to stepdown</a></p></main></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(page)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": page})
