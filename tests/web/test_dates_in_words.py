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


def test_a_notice_from_an_earlier_day_names_that_day_in_words() -> None:
    from stepdown.services.today import seek_care_reasons

    notice = {"day": "2026-11-27", "explanation": "Please talk to a clinician before the next cut."}
    [line] = seek_care_reasons([notice], today=date(2026, 12, 2))
    assert line.startswith("From your check-in on Fri 27 Nov (") and "2026-11-27" not in line


def test_no_page_of_the_demo_shows_an_iso_day(tmp_path, monkeypatch) -> None:
    from stepdown.services.demo import ensure_demo_data
    from stepdown.web.app import create_app

    monkeypatch.setenv("STEPDOWN_DATA_DIR", str(tmp_path / "data"))
    app = create_app(f"sqlite:///{tmp_path / 'demo.db'}")
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        ensure_demo_data(app.state.engine)  # three weeks: notices, holds, a slow-down, lapses
        for path in ("/", "/plan", "/progress", "/reports", "/toolkit/cravings", "/toolkit/milestones"):
            page = visible(c.get(path).text)
            assert not ISO.search(page), (path, ISO.findall(page))
    app.state.engine.dispose()
