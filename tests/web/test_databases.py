"""The web daily loop on both back ends: SQLite and the real PostgreSQL (db_url from tests/conftest.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

BASE = "http://127.0.0.1:8765"


def test_daily_loop_through_the_web_app(db_url: str, post) -> None:
    from stepdown.web.app import create_app

    app = create_app(db_url)
    try:
        with TestClient(app, base_url=BASE, follow_redirects=False) as client:
            client.get("/static/app.css")
            start = (date.today() - timedelta(days=4)).isoformat()
            form = {
                "substance": "7-oh-tablets",
                "form": "tablet",
                "unit": "mg",
                "daily_amount": "40",
                "times_per_day": "1",
                "strength": "10",
                "split": "4",  # issue 9: halves of 10 mg cannot taper 40 mg within the short style's limit
                "duration": "3",
                "duration_unit": "weeks",
                "mg_form": "citrate",
                "meals": "3",
                "start": start,
                "stabilise_days": "0",
                "style": "short",
                "against_advice": "yes",  # short against the suggested style: recorded (issue 9)
                "action": "confirm",
                "understood": "yes",
            }
            assert post(client, "/start", form).status_code == 303
            assert post(client, "/doses/take", {}).status_code == 303
            answers = {
                f"a_{i}": "4" for i in re.findall(r'name="a_(\w+)" value="0"', client.get("/checkin").text)
            }
            assert len(answers) == 16
            r = post(client, "/checkin", {"scale": "sows16", "day": date.today().isoformat(), **answers})
            assert r.status_code == 303
            page = client.get("/").text
            proposal = re.findall(r'action="/proposals/(\d+)/accept"', page)
            assert proposal and "✓ Taken" in page
            assert post(client, f"/proposals/{proposal[0]}/accept", {}).status_code == 303
            assert "Version 2: hold" in client.get("/plan").text
            assert post(client, "/settings/delete", {"confirm": "DELETE"}).status_code == 303
            assert client.get("/").headers["location"] == "/start"
    finally:
        app.state.engine.dispose()
