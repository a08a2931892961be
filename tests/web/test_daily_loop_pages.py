"""Issue 9 on the web: over-plan doses warn, a dose above the start links the lapse flow, a logged
dose can be corrected or removed, a pause from the Plan page, PHQ-2 points to 988 and a clinician,
and the helplines are open after a red flag is acknowledged."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from stepdown.domain.scales import SOWS16
from stepdown.storage.models import Base


def row_counts(client: TestClient) -> dict[str, int]:
    with client.app.state.engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def intake_form() -> dict[str, str]:
    return {
        "substance": "7-oh-tablets", "form": "tablet", "unit": "mg", "daily_amount": "60",
        "times_per_day": "2",
        "strength": "15", "split": "4", "duration": "6", "duration_unit": "months", "attempts": "0",
        "mg_form": "glycinate", "mg_elemental": "", "meals": "2",
        "start": (date.today() - timedelta(days=4)).isoformat(), "stabilise_days": "0", "style": "short",
        "against_advice": "yes",
        "medicines": "",
    }  # fmt: skip


@pytest.fixture
def onboarded(client: TestClient, post) -> TestClient:
    r = post(client, "/start", {**intake_form(), "action": "confirm", "understood": "yes"})
    assert r.status_code == 303
    return client


def test_a_dose_above_the_start_warns_and_links_the_lapse_flow(onboarded: TestClient, post) -> None:
    r = post(onboarded, "/doses/take", {"amount": "90"})
    assert r.status_code == 303 and r.headers["location"] == "/?done=dose_above_start"
    page = onboarded.get(r.headers["location"]).text
    assert "more than the dose your plan started from" in page and "naloxone" in page
    assert 'href="/toolkit/lapse"' in page


def test_a_dose_above_the_days_plan_warns_as_in_the_cli(onboarded: TestClient, post) -> None:
    r = post(onboarded, "/doses/take", {"amount": "50"})
    assert r.headers["location"] == "/?done=dose_above"
    assert "naloxone" in onboarded.get(r.headers["location"]).text


def test_a_logged_dose_is_corrected_and_removed_from_today(onboarded: TestClient, post, field_error) -> None:
    post(onboarded, "/doses/take", {"portion": "0"})
    page = onboarded.get("/").text
    [dose_id] = re.findall(r'action="/doses/(\d+)/correct"', page)
    before = row_counts(onboarded)
    r = post(onboarded, f"/doses/{dose_id}/correct", {"amount": ""})
    assert r.status_code == 400 and "Type the amount" in field_error(r.text, "dose_change")
    r = post(onboarded, f"/doses/{dose_id}/correct", {"amount": "99999"})
    assert r.status_code == 400 and row_counts(onboarded) == before
    r = post(onboarded, f"/doses/{dose_id}/correct", {"amount": "1.5"})
    assert r.headers["location"] == "/?done=corrected"
    # The correction is said plainly, every amount with its unit (QA: "275 mg (planned 27.5)").
    assert re.search(r"1\.5 mg, corrected from [\d.]+ mg \(planned [\d.]+ mg\)", onboarded.get("/").text)
    r = post(onboarded, f"/doses/{dose_id}/remove", {})
    assert r.headers["location"] == "/?done=removed"
    after = row_counts(onboarded)
    assert after["dose_log"] == before["dose_log"] - 1 and after["event"] == before["event"] + 2


def test_a_pause_from_the_plan_page(onboarded: TestClient, post, field_error) -> None:
    assert "I need a short pause" in onboarded.get("/plan").text
    before = row_counts(onboarded)
    r = post(onboarded, "/plan/pause", {"days": "5", "reason": "busy"})
    assert r.status_code == 400 and field_error(r.text, "pause_days")
    r = post(onboarded, "/plan/pause", {"days": "2", "reason": ""})
    assert r.status_code == 400 and field_error(r.text, "pause_reason")
    assert row_counts(onboarded) == before
    r = post(onboarded, "/plan/pause", {"days": "2", "reason": "family visit"})
    assert r.headers["location"] == "/plan?done=pause"
    page = onboarded.get(r.headers["location"]).text
    assert "a pause on request" in page and "family visit" in page


def test_a_positive_mood_screen_points_to_988_and_a_clinician_with_helplines_open(onboarded, post) -> None:
    form = {"scale": "sows16", "day": date.today().isoformat(), "phq2_interest": "2", "phq2_down": "2"}
    form.update({f"a_{item.id}": "1" for item in SOWS16.items})
    r = post(onboarded, "/checkin", form)
    page = onboarded.get(r.headers["location"]).text
    main = page[page.index("<main") :]
    assert 'id="mood-care-h"' in main and main.index('id="mood-care-h"') < main.index("<h1")
    assert "call or text 988 now" in main and 'href="tel:988"' in main and "clinician" in main
    assert '<details class="helplines" open>' in page


def test_after_a_red_flag_is_acknowledged_the_helplines_are_open(onboarded, post) -> None:
    r = post(onboarded, "/red-flags/acknowledge", {})
    assert '<details class="helplines" open>' in onboarded.get(r.headers["location"]).text
    assert '<details class="helplines" open>' not in onboarded.get("/plan").text


def test_every_helpline_number_is_kept_whole_on_one_line(onboarded: TestClient) -> None:
    """QA: at 360 px the footer's "1-800-222-1222" broke after "222-"; each number is a nowrap span."""
    from pathlib import Path

    import stepdown.web

    page = onboarded.get("/").text
    assert '<a href="tel:18002221222"><span class="tel">1-800-222-1222</span></a>' in page  # footer
    assert '<span class="tel">1-800-222-1222</span></a></li>' in onboarded.get("/toolkit/support").text
    css = (Path(stepdown.web.__file__).parent / "static" / "app.css").read_text(encoding="utf-8")
    assert ".tel { white-space: nowrap; }" in css
