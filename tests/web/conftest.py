"""In-process web tests: the real app on a real SQLite file, through FastAPI's TestClient (httpx)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def app_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'web.db'}"


@pytest.fixture
def client(app_url: str) -> Iterator[TestClient]:
    from stepdown.web.app import create_app

    app = create_app(app_url)
    with TestClient(app, base_url=BASE, follow_redirects=False) as c:
        c.get("/static/app.css")  # receive the CSRF cookie
        yield c
    app.state.engine.dispose()


def _post(client: TestClient, url: str, data: dict | list, **kw):  # noqa: ANN202
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    token = client.cookies.get("stepdown_csrf")
    assert token, "no CSRF cookie was set"
    form: dict[str, list[str]] = {}
    for key, value in [*pairs, ("csrf_token", token)]:
        form.setdefault(key, []).append(value)
    return client.post(url, data=form, headers={"Origin": BASE}, **kw)


@pytest.fixture
def post():  # noqa: ANN201
    """post(client, url, data) sends a form as a browser on this origin would, with the CSRF token."""
    return _post


def _field_error(html: str, name: str) -> str | None:
    m = re.search(rf'id="{re.escape(name)}-error"[^>]*>(.*?)</p>', html, re.S)
    return m.group(1).strip() if m else None


@pytest.fixture
def field_error():  # noqa: ANN201
    """field_error(html, name): the error message shown beside field `name`, or None."""
    return _field_error
