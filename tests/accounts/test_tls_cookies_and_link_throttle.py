"""Clinic-server hardening: cookies are Secure when served over TLS (directly or behind the reverse
proxy, the same signal as HSTS), and invitation / reset links are throttled per address in the sign-in
throttle's table, with one answer for an unknown and a used link."""

from __future__ import annotations

import secrets

from clinic_helpers import BASE, accept, invite, post, sign_in
from fastapi.testclient import TestClient

from stepdown.messages import accounts as msg


def _cookie(response, name: str) -> str:  # noqa: ANN001
    return next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}="))


def test_csrf_and_session_cookies_are_secure_over_tls(clinic_app) -> None:
    from stepdown.services.accounts import create_account

    create_account(clinic_app.state.engine, username="root", password="correct horse battery", role="admin")
    with TestClient(clinic_app, base_url=BASE, follow_redirects=False) as c:  # https://clinic.example
        first = c.get("/login")
        assert "; Secure" in _cookie(first, "stepdown_csrf")
        assert "strict-transport-security" in first.headers
        assert "; secure" in _cookie(sign_in(c, "root"), "stepdown_session").lower()


def test_behind_the_proxy_x_forwarded_proto_decides_like_hsts(clinic_app) -> None:
    """uvicorn runs with proxy_headers (cli/serve.py): X-Forwarded-Proto from the proxy sets the scheme."""
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    behind_proxy = ProxyHeadersMiddleware(clinic_app, trusted_hosts="*")
    with TestClient(behind_proxy, base_url="http://clinic.example", follow_redirects=False) as c:
        tls = c.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "; Secure" in _cookie(tls, "stepdown_csrf") and "strict-transport-security" in tls.headers
    with TestClient(behind_proxy, base_url="http://clinic.example", follow_redirects=False) as c:
        plain = c.get("/login")
        assert "Secure" not in _cookie(plain, "stepdown_csrf")
        assert "strict-transport-security" not in plain.headers


def test_the_local_app_over_http_keeps_its_csrf_cookie_as_before(tmp_path) -> None:
    from stepdown.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'local.db'}")
    try:
        with TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False) as c:
            cookie = _cookie(c.get("/"), "stepdown_csrf")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    finally:
        app.state.engine.dispose()


def _refusal(response) -> tuple[int, str]:  # noqa: ANN001
    import re

    return response.status_code, re.search(r"<main.*</main>", response.text, re.S).group(0)


def test_an_unknown_and_a_used_link_get_the_same_answer(people, new_client) -> None:
    admin, _ = people["admin"]
    used = invite(admin, "person")
    assert accept(new_client(), used, "carol").status_code == 303
    stranger = new_client()
    unknown = f"/invite/{secrets.token_urlsafe(24)}"
    assert _refusal(stranger.get(used)) == _refusal(stranger.get(unknown))
    assert _refusal(accept(stranger, used, "dave")) == _refusal(accept(stranger, unknown, "dave"))
    assert stranger.get(used).status_code == 404 and msg.INVITATION_INVALID in stranger.get(used).text


def test_guessing_links_from_one_address_is_paused(people, new_client, clinic_app) -> None:
    from sqlalchemy import select

    from stepdown.services.accounts import ADDRESS_LIMIT, LoginRefused
    from stepdown.services.invitations import look_up
    from stepdown.storage.models.accounts import login_throttle

    admin, _ = people["admin"]
    valid = invite(admin, "person")
    guesser = new_client()
    for number in range(ADDRESS_LIMIT):
        guess = f"/invite/{secrets.token_urlsafe(24)}"
        r = guesser.get(guess) if number % 2 else post(guesser, guess, {"action": "create"})
        assert r.status_code == 404, number
    # Paused now, whatever the link: even a valid one waits, and the page says until when.
    for r in (guesser.get(valid), accept(guesser, valid, "erin")):
        assert r.status_code == 429 and "paused until" in r.text and "UTC" in r.text
    engine = clinic_app.state.engine
    with engine.connect() as conn:  # the counter lives in the database, shared by every process
        row = conn.execute(select(login_throttle).where(login_throttle.c.key == "invite:testclient")).one()
    assert row.failures == ADDRESS_LIMIT and row.locked_until is not None
    # Another address is not paused, and the valid link still works from there.
    assert look_up(engine, valid.removeprefix("/invite/"), address="192.0.2.7").kind == "person"
    try:
        look_up(engine, valid.removeprefix("/invite/"), address="testclient")
    except LoginRefused:
        pass
    else:
        raise AssertionError("the paused address was let through")
