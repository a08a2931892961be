"""Issue 13: the supply lines and the check-in's explanation on the web name days as people read them
("Wed 2 Dec"), not ISO; the date picker's own value stays ISO (the browser needs it)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient
from test_pages import intake_form, sows16

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def shown(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def visible(html: str) -> str:
    """The text a person reads in <main> (attributes, such as the date picker's value, dropped)."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]*>", " ", main)


def test_today_and_the_check_in_result_name_days_in_words(client: TestClient, post) -> None:
    form = intake_form(on_hand="20", start=(date.today() - timedelta(days=2)).isoformat())
    assert post(client, "/start", {**form, "action": "confirm", "understood": "yes"}).status_code == 303
    page = visible(client.get("/").text)
    assert "Supply:" in page and not ISO.search(page), ISO.findall(page)
    r = post(client, "/checkin", {"scale": "sows16", "day": date.today().isoformat(), **sows16("3")})
    assert r.status_code == 303
    page = visible(client.get(r.headers["location"]).text)
    assert f"Your withdrawal score on {shown(date.today())}" in page
    assert not ISO.search(page), ISO.findall(page)
