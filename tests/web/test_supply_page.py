"""Today's supply on the web: what is left, the refill warning, and the refill form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from test_pages import intake_form, row_counts


def start(client: TestClient, post, on_hand: str) -> None:
    r = post(client, "/start", {**intake_form(on_hand=on_hand), "action": "confirm", "understood": "yes"})
    assert r.status_code == 303, r.text


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_today_shows_what_is_left_and_a_refill_adds_to_it(client: TestClient, post, field_error) -> None:
    start(client, post, "6")  # 60 mg a day of 15 mg tablets: 6 tablets last about 2 days
    assert post(client, "/doses/take", {}).status_code == 303
    page = text(client.get("/").text)
    assert "Your supply" in page and "Supply: 4.75 tablets left, enough until" in page
    assert "Refill needed: your supply runs out on" in page and "sudden stop" in page

    before = row_counts(client)
    for bad in ("", "lots", "-2", "0"):
        r = post(client, "/supply/refill", {"amount": bad})
        assert r.status_code == 400 and field_error(r.text, "refill")
    assert row_counts(client) == before

    r = post(client, "/supply/refill", {"amount": "200"})
    assert r.status_code == 303
    page = text(client.get(r.headers["location"]).text)
    assert "Refill recorded" in page and "Supply: 204.75 tablets left, enough to the end of the plan" in page
    assert "Refill needed" not in page


def test_without_a_supply_today_says_it_is_not_tracked_and_offers_no_refill(client: TestClient, post) -> None:
    start(client, post, "")
    page = client.get("/").text
    assert "Supply: not tracked" in text(page) and "/supply/refill" not in page


def test_a_bad_supply_at_onboarding_is_shown_beside_its_field(client: TestClient, post, field_error) -> None:
    r = post(client, "/start", {**intake_form(on_hand="many"), "action": "confirm", "understood": "yes"})
    assert r.status_code == 400 and field_error(r.text, "on_hand")
