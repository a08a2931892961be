"""CSRF and host checks, as a unit on a tiny app and on the real app."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Form, Request
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from stepdown.web.csrf import COOKIE_NAME, CSRFMiddleware, token_for

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def tiny() -> TestClient:
    app = FastAPI()
    seen: list[str] = []

    @app.get("/form")
    def form(request: Request) -> PlainTextResponse:
        return PlainTextResponse(token_for(request))

    @app.post("/save")
    def save(name: str = Form(...)) -> PlainTextResponse:
        seen.append(name)
        return PlainTextResponse("saved " + name)

    app.add_middleware(CSRFMiddleware)
    client = TestClient(app, base_url=BASE)
    client.seen = seen  # type: ignore[attr-defined]
    return client


def test_token_is_set_once_in_a_strict_httponly_cookie(tiny: TestClient) -> None:
    first = tiny.get("/form")
    cookie = first.headers["set-cookie"]
    assert "SameSite=Strict" in cookie and "HttpOnly" in cookie
    assert first.text == tiny.cookies.get(COOKIE_NAME)
    second = tiny.get("/form")
    assert "set-cookie" not in second.headers
    assert second.text == first.text


def test_post_with_matching_token_reaches_the_route_with_its_form(tiny: TestClient) -> None:
    tok = tiny.get("/form").text
    r = tiny.post("/save", data={"name": "ana", "csrf_token": tok}, headers={"Origin": BASE})
    assert r.status_code == 200 and r.text == "saved ana"
    assert tiny.seen == ["ana"]  # type: ignore[attr-defined]


def test_htmx_header_token_is_accepted(tiny: TestClient) -> None:
    tok = tiny.get("/form").text
    r = tiny.post("/save", data={"name": "bo"}, headers={"X-CSRF-Token": tok})
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("data", "headers", "with_cookie"),
    [
        ({"name": "x"}, {}, True),  # no token in the form
        ({"name": "x", "csrf_token": "wrong" * 10}, {}, True),  # wrong token
        ({"name": "x", "csrf_token": "TOKEN"}, {}, False),  # no cookie (another site's form)
        ({"name": "x", "csrf_token": "TOKEN"}, {"Origin": "http://evil.example"}, True),
        ({"name": "x", "csrf_token": "TOKEN"}, {"Referer": "http://evil.example/page"}, True),
        ({"name": "x", "csrf_token": "TOKEN"}, {"Sec-Fetch-Site": "cross-site"}, True),
        ({"name": "x", "csrf_token": "TOKEN"}, {"Origin": "null"}, True),
    ],
)
def test_forged_posts_are_refused_and_change_nothing(tiny: TestClient, data, headers, with_cookie) -> None:
    tok = tiny.get("/form").text
    data = {k: (tok if v == "TOKEN" else v) for k, v in data.items()}
    if not with_cookie:
        tiny.cookies.clear()
    r = tiny.post("/save", data=data, headers=headers)
    assert r.status_code == 403
    assert "Nothing was saved" in r.text
    assert tiny.seen == []  # type: ignore[attr-defined]


def test_multipart_form_token_is_read_and_body_still_reaches_route(tiny: TestClient) -> None:
    tok = tiny.get("/form").text
    r = tiny.post("/save", data={"name": "cy", "csrf_token": tok}, files={"f": ("a.txt", b"hello")})
    assert r.status_code == 200 and r.text == "saved cy"


def test_unknown_host_is_refused_even_for_reading(tiny: TestClient) -> None:
    # DNS rebinding: another site's name pointed at 127.0.0.1 must not read health data.
    r = tiny.get("/form", headers={"Host": "evil.example:8765"})
    assert r.status_code == 400
    assert tiny.get("/form", headers={"Host": "localhost:8765"}).status_code == 200
    assert tiny.get("/form", headers={"Host": "[::1]:8765"}).status_code == 200


def test_a_named_host_is_allowed_and_a_wildcard_never() -> None:
    app = FastAPI()

    @app.get("/")
    def root() -> PlainTextResponse:
        return PlainTextResponse("ok")

    app.add_middleware(CSRFMiddleware, allowed_hosts=("127.0.0.2",))
    client = TestClient(app, base_url="http://127.0.0.2:8765")
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"Host": "192.0.2.5"}).status_code == 400
    with pytest.raises(ValueError):
        CSRFMiddleware(root, allowed_hosts=("*",))


def test_every_response_carries_the_security_headers(client) -> None:  # noqa: ANN001
    for path in ("/start", "/static/app.css", "/no-such-page"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
