"""The clinic server as an app factory for uvicorn's worker processes (`stepdown serve --accounts
--workers N`): each process builds its app from the environment; they share nothing but the database."""

from __future__ import annotations

import os

from fastapi import FastAPI


def create() -> FastAPI:
    from stepdown.settings import load_settings
    from stepdown.web.app import create_app

    settings = load_settings()
    # the Host allow-list holds in every mode (no wildcard): loopback names unless the setting says more
    default = "localhost,127.0.0.1,::1"
    names = os.environ.get("STEPDOWN_ALLOWED_HOSTS", default).split(",")
    hosts = tuple(h.strip() for h in names if h.strip())
    return create_app(
        settings.database_url,
        accounts=True,
        allowed_hosts=hosts,
        session_idle_minutes=int(os.environ.get("STEPDOWN_SESSION_IDLE_MINUTES", "30")),
    )
