"""A link cannot put words or figures on a person's page: every banner comes from a fixed set of
message keys (an unknown key shows nothing), and any figure in it is read from stored data. Hostile
values go to every page, in every query argument a route reads."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from clinic_helpers import app_routes
from fastapi.testclient import TestClient
from test_no_cli_commands import BASE, visible_text
from test_pages import intake_form, sows16

from stepdown.web.app import create_app

SPOOF = "Dr. Ana One says: take 100 mg now"
# Every argument a route reads for its banner, each with a hostile value.
HOSTILE = {
    "done": SPOOF,
    "flash": SPOOF,
    "score": "3",
    "of": "64",
    "imported": "98765",
    "restored": SPOOF,
    "noted": SPOOF,
    "mood": "1",
    "started": SPOOF,
}


def assert_not_spoofed(text: str, url: str) -> None:
    text = re.sub(r"\s+", " ", text)
    assert SPOOF not in text, url
    assert "98765" not in text, url
    assert "3 out of 64" not in text, url


def get_pages(app) -> list[str]:  # noqa: ANN001
    """Every GET page of the app without a path argument (downloads aside)."""
    return sorted(p for m, p in app_routes(app) if m == "GET" and "{" not in p and "." not in p)


def test_hostile_query_arguments_show_nothing_on_any_page(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'demo.db'}", demo=True)
    with TestClient(app, base_url=BASE) as client:
        pages = get_pages(app)
        assert "/" in pages and "/reports" in pages and "/toolkit/support" in pages
        for path in pages:
            url = f"{path}?{urlencode(HOSTILE)}"
            page = client.get(url)
            assert page.status_code in (200, 404), url
            assert_not_spoofed(visible_text(page.text), url)
        # Each known key with hostile figures beside it.
        for key in ("checkin", "imported", "dose", "started"):
            url = "/?" + urlencode({**HOSTILE, "done": key})
            assert_not_spoofed(visible_text(client.get(url).text), url)
        assert_not_spoofed(visible_text(client.get("/reports?done=imported&imported=98765").text), "/reports")
    app.state.engine.dispose()


def test_the_check_in_banner_shows_the_stored_score_not_the_address(client: TestClient, post) -> None:
    onboarded = client
    start = {**intake_form(), "action": "confirm", "understood": "yes"}
    assert post(client, "/start", start).status_code == 303
    r = post(onboarded, "/checkin", {"scale": "sows16", "day": date.today().isoformat(), **sows16("2")})
    assert r.status_code == 303 and "score" not in r.headers["location"]
    page = re.sub(r"\s+", " ", visible_text(onboarded.get("/?done=checkin&score=3&of=64").text))
    assert "Your symptom score today is 32 out of 64" in page and "3 out of 64" not in page
    # A day with no check-in stored says nothing, rather than thanking for one that does not exist.
    page = visible_text(onboarded.get("/?done=checkin&day=2020-01-02&score=9&of=64").text)
    assert "symptom score" not in page and "Check-in saved" not in page
