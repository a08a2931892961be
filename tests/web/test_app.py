"""The app shell: pages, assets shipped with the package, error pages, disclaimer on every page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from stepdown.messages.safety import DISCLAIMER
from stepdown.web.nav import NAV

BASE = "http://127.0.0.1:8765"


def test_htmx_and_css_are_served_from_the_package(client: TestClient) -> None:
    js = client.get("/static/htmx.min.js")
    assert js.status_code == 200 and "htmx" in js.text[:200]
    assert client.get("/static/app.css").status_code == 200


def test_pages_load_no_asset_from_another_host(client: TestClient) -> None:
    for item in NAV:
        html = client.get(item.path, follow_redirects=True).text
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", url), f"{item.path} loads {url}"


def test_every_page_shows_the_disclaimer(client: TestClient) -> None:
    for item in NAV:
        r = client.get(item.path, follow_redirects=True)
        assert r.status_code == 200
        assert "Not medical advice" in r.text and DISCLAIMER in r.text


def test_unknown_page_is_a_friendly_404(client: TestClient) -> None:
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert "Page not found" in r.text and "Not medical advice" in r.text


def test_post_without_token_is_refused_on_the_real_app(client: TestClient) -> None:
    r = client.post("/settings/delete", data={"confirm": "DELETE"}, headers={"Origin": BASE})
    assert r.status_code == 403
