"""Bytes on the wire: pages are compressed; static files have fingerprinted URLs cached for good."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_pages_are_gzipped_and_assets_fingerprinted_and_immutable(client: TestClient) -> None:
    page = client.get("/start", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["content-encoding"] == "gzip"
    assert int(page.headers["content-length"]) < len(page.content) / 2
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert {a.split("?")[0] for a in assets} >= {"/static/app.css", "/static/htmx.min.js"}
    for url in assets:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        cached = client.get(url)
        assert cached.status_code == 200 and "immutable" in cached.headers["cache-control"]
        plain = client.get(url.split("?")[0])  # an old or unversioned URL is always revalidated
        assert plain.status_code == 200 and plain.headers["cache-control"] == "no-cache"
    stale = client.get("/static/app.css?v=000000000000")
    assert stale.headers["cache-control"] == "no-cache"
