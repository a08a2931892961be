"""Server mode: accounts, sessions, invitations, the clinician's pages, authorization and audit.

`install(app)` is called by create_app(..., accounts=True); the one-person local app never loads
this package."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from stepdown.messages import accounts as msg
from stepdown.web.accounts.authz import DENIED_HEADER, Denied, SignInNeeded
from stepdown.web.csrf import ASGIApp, Message, Receive, Scope, Send

ROUTE_MODULES = [
    "stepdown.web.accounts.routes",
    "stepdown.web.accounts.clinic",
    "stepdown.web.accounts.phone",
    "stepdown.web.accounts.mydata",
]
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def install(app: FastAPI, *, session_idle_minutes: int = 30) -> None:
    import importlib

    app.state.accounts = True
    app.state.session_idle = timedelta(minutes=session_idle_minutes)
    for name in ROUTE_MODULES:
        app.include_router(importlib.import_module(name).router)
    from stepdown.web.accounts.idempotency import IdempotencyMiddleware

    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(ServerModeMiddleware)

    @app.exception_handler(SignInNeeded)
    async def sign_in(request: Request, exc: SignInNeeded) -> Response:
        if request.method in ("GET", "HEAD"):
            response: Response = RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        else:
            from stepdown.web.templating import render

            context = {"title": "Please sign in", "message": msg.SESSION_ENDED}
            response = render(request, "error.html", context, status_code=401)
        response.headers[DENIED_HEADER] = "signed-out"
        return response

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied) -> Response:
        from stepdown.web.templating import render

        title = "Page not found" if exc.status == 404 else "Not available"
        response = render(
            request, "error.html", {"title": title, "message": exc.message}, status_code=exc.status
        )
        response.headers[DENIED_HEADER] = str(exc.status)
        return response


class ServerModeMiddleware:
    """Writes the audit entry a request earned (only when it succeeded) and sends HSTS over TLS."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        tls = scope.get("scheme") == "https"

        async def send_wrapped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if tls:
                    message["headers"] = [*message.get("headers", []), HSTS]
            await send(message)

        await self.app(scope, receive, send_wrapped)
        entry = scope.get("state", {}).get("audit")
        if entry and status < 400:
            from stepdown.services.audit import record

            engine = scope["app"].state.engine
            await anyio.to_thread.run_sync(lambda: record(engine, **entry))
