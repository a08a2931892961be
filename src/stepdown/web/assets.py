"""Static files with fingerprinted URLs: `asset("app.css")` gives /static/app.css?v=<hash of the
file>, served with `Cache-Control: immutable` (a browser never asks again; a changed file gets a new
URL). The same path without the current hash is served with `no-cache`, so it is always revalidated."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def fingerprint(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def asset(name: str) -> str:
    """The URL of a file in static/, fingerprinted by its content."""
    return f"/static/{name}?v={fingerprint(name)}"


class AssetFiles(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            version = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [""])[0]
            try:
                current = fingerprint(path)
            except OSError:
                current = None
            response.headers["Cache-Control"] = IMMUTABLE if version and version == current else "no-cache"
        return response
