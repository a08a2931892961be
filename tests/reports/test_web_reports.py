"""The Reports page and its downloads, in-process through FastAPI's TestClient on a real SQLite file."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from fastapi.testclient import TestClient
from report_helpers import make_report_data, store_report_data

from stepdown.reports.import_ import parse_document

BASE = "http://127.0.0.1:8765"


def _client(url: str) -> Iterator[TestClient]:
    from stepdown.web.app import create_app

    app = create_app(url)
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        client.get("/static/app.css")  # receive the CSRF cookie
        yield client
    app.state.engine.dispose()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    from stepdown.storage.db import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = make_engine(url)
    upgrade(engine)
    store_report_data(engine, make_report_data())
    engine.dispose()
    yield from _client(url)


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    yield from _client(f"sqlite:///{tmp_path / 'empty.db'}")


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "dl.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_reports_page_offers_every_download(client: TestClient) -> None:
    page = client.get("/reports")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    for href in ("/reports/clinician.pdf", "/reports/taper.ics", "/reports/export.json",
                 "/reports/export-csv.zip", "/reports/fhir.json"):  # fmt: skip
        assert href in html
    assert 'href="/reports"' in html  # in the navigation
    assert "not medical advice" in html
    assert 'value="08:00,20:00"' in html  # dose times default from the plan's 2 doses a day


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_pdf_downloads_pseudonymous_or_with_a_typed_name(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/reports/clinician.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    assert "river" in text and "Withdrawal score rose 3 days running." in text

    token = client.cookies.get("stepdown_csrf")
    named = client.post("/reports/clinician.pdf", data={"name": "Alex Doe", "csrf_token": token},
                        headers={"Origin": BASE})  # fmt: skip
    assert named.headers["content-type"] == "application/pdf"
    assert "Alex Doe (pseudonym river)" in _pdf_text(named.content, tmp_path)
    forged = client.post("/reports/clinician.pdf", data={"name": "x"}, headers={"Origin": BASE})
    assert forged.status_code == 403


def test_calendar_download_and_a_bad_zone_shown_beside_its_field(client: TestClient) -> None:
    response = client.get(
        "/reports/taper.ics", params={"tz": "Europe/London", "dose_times": "09:00,21:00", "alarm": "5",
                                      "magnesium": "yes"}
    )  # fmt: skip
    assert response.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    starts = {e.decoded("DTSTART").strftime("%H:%M") for e in cal.events if "dose" in str(e["SUMMARY"])
              and "RRULE" in e}  # fmt: skip
    assert starts == {"09:00", "21:00"}
    assert any("magnesium" in str(e["SUMMARY"]) for e in cal.events)
    without = client.get("/reports/taper.ics", params={"tz": "Europe/London", "dose_times": "09:00,21:00"})
    assert not any(
        "magnesium" in str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(without.content).events
    )

    bad = client.get("/reports/taper.ics", params={"tz": "Mars/Base", "dose_times": "09:00,21:00"})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")
    assert 'id="tz-error"' in bad.text and "not a known time zone" in bad.text
    assert 'value="Mars/Base"' in bad.text  # what was typed stays in the form


def test_json_csv_and_fhir_exports(client: TestClient) -> None:
    response = client.get("/reports/export.json")
    assert response.headers["content-type"].startswith("application/json")
    document = parse_document(response.content)
    assert document["tables"]["person"][0]["pseudonym"] == "river"

    response = client.get("/reports/export-csv.zip")
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "person.csv" in archive.namelist()
        assert "river" in archive.read("person.csv").decode()

    response = client.get("/reports/fhir.json")
    assert response.headers["content-type"].startswith("application/fhir+json")
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate(json.loads(response.content))
    assert sum(1 for e in bundle.entry if e.resource.__resource_type__ == "QuestionnaireResponse") == 12


def test_without_a_plan_the_page_says_so_and_the_calendar_explains(empty_client: TestClient) -> None:
    page = empty_client.get("/reports")
    assert page.status_code == 200 and "Make a plan first" in page.text
    response = empty_client.get("/reports/taper.ics")
    assert response.status_code == 400 and "There is no taper plan yet" in response.text
    assert empty_client.get("/reports/export.json").status_code == 200


def test_a_note_written_on_the_page_is_listed_and_a_blank_one_is_refused(client: TestClient) -> None:
    token = client.cookies.get("stepdown_csrf")
    saved = client.post("/reports/notes", data={"note": "Is my sleep normal?", "csrf_token": token},
                        headers={"Origin": BASE})  # fmt: skip
    assert saved.status_code == 303
    page = client.get(saved.headers["location"])
    assert "Is my sleep normal?" in page.text and "Saved." in page.text
    blank = client.post("/reports/notes", data={"note": "  ", "csrf_token": token}, headers={"Origin": BASE})
    assert blank.status_code == 400 and 'id="note-error"' in blank.text
    assert page.text.count("<li><span") == blank.text.count("<li><span")  # nothing more was stored


def test_reports_page_counts_without_loading_every_row(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Years of check-ins and doses are not read to show two counts (issue 11): the page works with
    the full load switched off, and says what the full load would."""
    from datetime import UTC, datetime

    from stepdown.reports import data

    engine = client.app.state.engine  # type: ignore[attr-defined]
    full = data.load(engine, 1, now=datetime.now(UTC))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Reports page loaded every row")

    monkeypatch.setattr(data, "gather", refuse)
    page = client.get("/reports")
    assert page.status_code == 200
    days = full.adherence().days
    assert f"Covers {days} plan days, {len(full.checkins)} check-ins." in page.text
    assert "Can we talk about sleep at the visit?" in page.text  # the notes are all there
