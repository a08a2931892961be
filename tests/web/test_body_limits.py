"""Issue 10 item 8: an oversized body is refused (413) before it is buffered, the CSRF token is
checked before a large upload is read, and uploads stream to disk."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from stepdown.web.app import create_app

CHUNK = 64 * 1024
TOKEN = "t" * 43


@pytest.fixture
def app(tmp_path) -> Any:
    app = create_app(f"sqlite:///{tmp_path / 'x.db'}", max_form_bytes=256 * 1024, max_upload_bytes=1 << 20)
    yield app
    app.state.engine.dispose()


def call(app: Any, path: str, headers: dict[str, str], chunks: int, first: bytes = b"") -> tuple[int, int]:
    """POST `first` then `chunks` chunks of 64 KiB through the ASGI app: (status, chunks read)."""
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        if reads == 1 and first:
            return {"type": "http.request", "body": first, "more_body": True}
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": reads < chunks}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.encode(), v.encode()) for k, v in {"host": "127.0.0.1:8765", **headers}.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
    }
    # In a thread of its own: the browser tests may leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    names = {k for k, _ in start["headers"]}
    assert b"content-security-policy" in names and b"x-frame-options" in names
    return start["status"], reads


FORM = {"content-type": "application/x-www-form-urlencoded", "cookie": f"stepdown_csrf={TOKEN}"}


def test_a_declared_oversized_form_is_refused_before_any_byte_is_read(app) -> None:
    status, reads = call(app, "/checkin", {**FORM, "content-length": str(150 * 1024 * 1024)}, chunks=2400)
    assert status == 413 and reads == 0


def test_a_streamed_oversized_form_is_refused_once_it_passes_the_limit(app) -> None:
    status, reads = call(app, "/checkin", FORM, chunks=2400)  # 150 MB, chunked, no length given
    assert status == 413 and reads <= 256 // 64 + 1


def test_a_declared_oversized_upload_is_refused_before_any_byte_is_read(app) -> None:
    headers = {**FORM, "content-type": "multipart/form-data; boundary=b", "content-length": str(200 << 20)}
    status, reads = call(app, "/reports/restore", headers, chunks=3200)
    assert status == 413 and reads == 0


def test_an_upload_without_a_token_is_refused_before_the_file_is_read(app) -> None:
    part = b'--b\r\nContent-Disposition: form-data; name="backup_file"; filename="a.db"\r\n\r\n'
    headers = {**FORM, "content-type": "multipart/form-data; boundary=b"}
    status, reads = call(app, "/reports/restore", headers, chunks=3200, first=part)  # 200 MB
    assert status == 403 and reads <= 2


def test_an_upload_with_its_token_first_is_read_up_to_the_upload_limit(app) -> None:
    part = (
        f'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{TOKEN}\r\n'
        '--b\r\nContent-Disposition: form-data; name="backup_file"; filename="a.db"\r\n\r\n'
    ).encode()
    headers = {**FORM, "content-type": "multipart/form-data; boundary=b"}
    status, reads = call(app, "/reports/restore", headers, chunks=3200, first=part)
    assert status == 413 and reads <= (1 << 20) // CHUNK + 2


def test_the_limits_are_documented_settings() -> None:
    from stepdown.settings import DOCUMENTED, load_settings

    assert "max_upload_mb" in DOCUMENTED and "max_form_kb" in DOCUMENTED
    settings = load_settings()
    # A five-year backup is about 10-15 MB (measured from the demo data: ~6 KB a day); keep 4x room.
    assert settings.max_upload_mb >= 60 and settings.max_form_kb >= 256
