""" "Go back to the previous step" is offered only when it can be done: not on the plan's first amount,
and not again while already back on it (issue 13: it was offered, then refused after submit)."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from test_pages import intake_form

RETURN_FORM = 'action="/plan/return"'


def start(client: TestClient, post, days_ago: int) -> None:
    form = intake_form(start=(date.today() - timedelta(days=days_ago)).isoformat())
    r = post(client, "/start", {**form, "action": "confirm", "understood": "yes"})
    assert r.status_code == 303


def test_the_first_step_offers_no_going_back(client: TestClient, post) -> None:
    start(client, post, days_ago=0)
    page = client.get("/plan").text
    assert RETURN_FORM not in page and "I want to go back to the previous step" not in page
    assert 'action="/plan/pause"' in page  # the rest of the page is there


def test_a_later_step_offers_it_and_a_return_is_not_offered_again(client: TestClient, post) -> None:
    start(client, post, days_ago=2)  # short style from 60 mg: 2-day steps, so today is on step 2
    assert RETURN_FORM in client.get("/plan").text
    r = post(client, "/plan/return", {"reason": "The last cut was too much for me this week."})
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "Version 2: back to the previous step" in page
    assert RETURN_FORM not in page  # back on the first amount: nothing earlier to go back to
