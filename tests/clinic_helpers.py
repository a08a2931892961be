"""Helpers for the clinic-server tests (tests/accounts/): act as a browser on the server would."""

from __future__ import annotations

from fastapi.testclient import TestClient

BASE = "https://clinic.example"
PASSWORD = "correct horse battery"


def post(client: TestClient, url: str, data: dict | None = None, **kw):  # noqa: ANN201
    form = {**(data or {}), "csrf_token": client.cookies.get("stepdown_csrf")}
    return client.post(url, data=form, headers={"Origin": BASE}, **kw)


def sign_in(client: TestClient, username: str, password: str = PASSWORD):  # noqa: ANN201
    return post(client, "/login", {"username": username, "password": password})


def invite(client: TestClient, kind: str, **extra: str) -> str:
    """As the signed-in staff member: create an invitation, return its path (/invite/<token>)."""
    import re

    r = post(client, "/invitations", {"kind": kind, **extra})
    assert r.status_code == 200, r.text
    link = re.search(r'id="invite-link">([^<]+)<', r.text).group(1)
    return link.removeprefix(BASE)


def accept(client: TestClient, path: str, username: str, **extra: str):  # noqa: ANN201
    data = {"action": "create", "username": username, "password": PASSWORD, "password_again": PASSWORD}
    return post(client, path, {**data, **extra})


def app_routes(app) -> set[tuple[str, str]]:  # noqa: ANN001
    """(method, path template) of every route, through included routers too."""
    found: set[tuple[str, str]] = set()

    def walk(routes) -> None:  # noqa: ANN001
        for route in routes:
            if hasattr(route, "effective_route_contexts"):
                for ctx in route.effective_route_contexts():
                    found.update((m, ctx.path) for m in ctx.methods if m != "HEAD")
            elif getattr(route, "methods", None):
                found.update((m, route.path) for m in route.methods if m != "HEAD")

    walk(app.routes)
    return found
