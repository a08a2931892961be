"""The web app factory. `stepdown serve` runs it on 127.0.0.1; tests build it in-process."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from stepdown import __version__
from stepdown.domain.errors import InvalidInput
from stepdown.settings import Settings
from stepdown.web.assets import AssetFiles
from stepdown.web.csrf import LOOPBACK_HOSTS, CSRFMiddleware, checked_hosts
from stepdown.web.headers import wrap_everything
from stepdown.web.limits import BodyLimitMiddleware
from stepdown.web.templating import render

STATIC_DIR = Path(__file__).parent / "static"

#: Every page area is one module in web/routes/ with a `router`; add new areas to this list.
ROUTE_MODULES: list[str] = [
    "stepdown.web.routes.onboarding",
    "stepdown.web.routes.today",
    "stepdown.web.routes.supply",
    "stepdown.web.routes.checkin",
    "stepdown.web.routes.plan",
    "stepdown.web.routes.progress",
    "stepdown.web.routes.settings",
    "stepdown.web.routes.toolkit",
    "stepdown.web.routes.reports",
]


def create_app(
    database_url: str,
    *,
    demo: bool = False,
    allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
    max_form_bytes: int = Settings.max_form_kb * 1024,
    max_upload_bytes: int = Settings.max_upload_mb << 20,
    accounts: bool = False,
    session_idle_minutes: int = 30,
) -> FastAPI:
    """Build the app on the database at `database_url` (migrated to the latest schema first).

    demo: fill an empty database with three weeks of example data and show a "demo" banner.
    allowed_hosts: host names the app answers to (loopback by default; no wildcard).
    max_form_bytes, max_upload_bytes: larger request bodies are refused unread (web/limits.py).
    accounts: the clinic server (web/accounts/): sign-in, roles, the authorization table, audit.
    """
    from stepdown.storage.db import make_engine, upgrade

    allowed_hosts = checked_hosts(allowed_hosts)
    engine = make_engine(database_url)
    upgrade(engine)
    if demo:
        from stepdown.services.demo import ensure_demo_data

        ensure_demo_data(engine)

    dependencies = []
    if accounts:
        from fastapi import Depends

        from stepdown.web.accounts.authz import authorize

        dependencies.append(Depends(authorize))
    app = FastAPI(
        title="stepdown",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=dependencies,
    )
    app.state.engine = engine
    app.state.database_url = database_url
    app.state.demo = demo
    app.mount("/static", AssetFiles(directory=str(STATIC_DIR)), name="static")  # fingerprinted, cached
    for module_name in ROUTE_MODULES:
        app.include_router(importlib.import_module(module_name).router)
    if accounts:
        from stepdown.web.accounts import install

        install(app, session_idle_minutes=session_idle_minutes)
    app.add_middleware(CSRFMiddleware, allowed_hosts=allowed_hosts)
    # Outside the CSRF check, which reads the form: a body is counted before anything buffers it.
    app.add_middleware(BodyLimitMiddleware, max_form_bytes=max_form_bytes, max_upload_bytes=max_upload_bytes)
    app.add_middleware(GZipMiddleware, minimum_size=1000)  # compresses the final page
    wrap_everything(app)  # security headers: outermost, so every error page has them too
    _add_error_pages(app)
    return app


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(InvalidInput)
    async def invalid_input(request: Request, exc: InvalidInput) -> Response:
        if exc.field == "person_id":
            # The remembered person was deleted or replaced (e.g. by a restore): look again.
            request.app.state.person = None
            if request.method == "GET":
                return RedirectResponse(str(request.url), status_code=303)
            message = (
                "Your data changed in another window. Nothing was saved; please go back and send it again."
            )
            return render(
                request, "error.html", {"title": "Please try again", "message": message}, status_code=409
            )
        # Routes show errors beside their fields; this is the fallback. Nothing was stored.
        return render(
            request, "error.html", {"title": "That did not work", "message": exc.message}, status_code=400
        )

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, exc: RequestValidationError) -> HTMLResponse:
        from stepdown.messages.security import BAD_QUERY

        context = {"title": "That did not work", "message": BAD_QUERY}
        return render(request, "error.html", context, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        if exc.status_code == 404:
            title, message = "Page not found", "There is no page at this address."
        elif exc.status_code == 405:
            title, message = "Not allowed", "This page cannot be used that way."
        else:
            title, message = "That did not work", str(exc.detail)
        return render(
            request, "error.html", {"title": title, "message": message}, status_code=exc.status_code
        )

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> HTMLResponse:
        message = (
            "Something went wrong inside stepdown. Whatever you were saving was not half-saved: "
            f"either all of it was stored or none of it. ({type(exc).__name__})"
        )
        return render(
            request, "error.html", {"title": "Something went wrong", "message": message}, status_code=500
        )
