"""Issue 10 item 7: every bad web input is a 400 with the error beside its field (never a 500), and
every response, errors included, carries the security headers; HTML pages are never cached."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from test_pages import intake_form, row_counts, sows16

SECURITY = {
    "content-security-policy": "default-src 'self'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
}


def assert_secured(response) -> None:  # noqa: ANN001
    for name, value in SECURITY.items():
        assert value in response.headers.get(name, ""), f"{name} missing on {response.status_code}"
    if response.headers.get("content-type", "").startswith("text/html"):
        assert response.headers.get("cache-control") == "no-store"


@pytest.fixture
def onboarded(client: TestClient, post) -> TestClient:
    r = post(client, "/start", {**intake_form(), "action": "confirm", "understood": "yes"})
    assert r.status_code == 303
    return client


@pytest.mark.parametrize("day", ["2026-02-30", "abc", "", "9999-99-99", "2026-13-01", "+002026-01-01"])
def test_a_bad_check_in_day_is_a_400_beside_the_day(onboarded, post, field_error, day: str) -> None:
    before = row_counts(onboarded)
    r = post(onboarded, "/checkin", {"scale": "sows16", "day": day, **sows16("1")})
    assert r.status_code == 400, r.text[-400:]
    assert field_error(r.text, "day")
    assert_secured(r)
    assert row_counts(onboarded) == before


@pytest.mark.parametrize("amount", ["1e308", "1e-308", "NaN", "inf", "-1", "1" * 400, "1e999999"])
def test_a_bad_dose_amount_is_a_400_beside_the_amount(onboarded, post, field_error, amount: str) -> None:
    before = row_counts(onboarded)
    r = post(onboarded, "/doses/take", {"amount": amount})
    assert r.status_code == 400, r.text[-400:]
    assert field_error(r.text, "amount")
    assert_secured(r)
    assert row_counts(onboarded) == before


@pytest.mark.parametrize("proposal", ["99999999999999999999999", "-1", "abc", "1.5", "0"])
def test_a_bad_proposal_id_is_a_400_not_a_500(onboarded, post, proposal: str) -> None:
    before = row_counts(onboarded)
    for decision in ("accept", "decline"):
        r = post(onboarded, f"/proposals/{proposal}/{decision}", {})
        assert r.status_code in (400, 404), r.text[-400:]
        assert_secured(r)
    assert row_counts(onboarded) == before


def test_a_long_calendar_time_zone_is_a_400_beside_the_field(onboarded, field_error) -> None:
    for tz in ("x" * 300, "../../etc/passwd", "Europe/" + "a" * 300, "\x00"):
        r = onboarded.get("/reports/taper.ics", params={"tz": tz})
        assert r.status_code == 400, r.text[-400:]
        assert field_error(r.text, "tz")
        assert_secured(r)


@pytest.mark.parametrize(
    "url",
    [
        "/?score=abc",
        "/?of=1e999",
        "/?score=99999999999999999999999",
        "/checkin?day=2026-02-30",
        "/checkin?day=%00",
    ],
)
def test_a_bad_query_string_is_never_a_500(onboarded, url: str) -> None:
    r = onboarded.get(url)
    assert r.status_code in (200, 303, 400), r.text[-400:]
    assert_secured(r)


def test_error_pages_carry_the_security_headers_and_no_store(tmp_path) -> None:
    from stepdown.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'x.db'}")

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    with TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False) as c:
        crashed = c.get("/boom")
        assert crashed.status_code == 500 and "Traceback" not in crashed.text
        assert_secured(crashed)
        missing = c.get("/no-such-page")
        assert missing.status_code == 404
        assert_secured(missing)
        wrong = c.put("/checkin")
        assert wrong.status_code in (403, 405)
        assert_secured(wrong)
        refused = c.get("/", headers={"Host": "evil.example"})
        assert refused.status_code == 400
        assert_secured(refused)
        page = c.get("/start")
        assert page.status_code == 200
        assert_secured(page)
    app.state.engine.dispose()


def test_a_check_in_day_in_the_future_or_today_still_works(onboarded, post) -> None:
    r = post(onboarded, "/checkin", {"scale": "sows16", "day": date.today().isoformat(), **sows16("1")})
    assert r.status_code == 303
