"""Every page in-process: the daily loop, bad input beside its field with nothing stored, CSRF on
every POST route of the real app, settings and deleting all data."""

from __future__ import annotations

import importlib
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from stepdown.domain.scales import SOWS10, SOWS16
from stepdown.storage.models import Base

BASE = "http://127.0.0.1:8765"


def row_counts(client: TestClient) -> dict[str, int]:
    engine = client.app.state.engine
    with engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def intake_form(**changes: str) -> dict[str, str]:
    data = {
        "substance": "7-oh-tablets",
        "form": "tablet",
        "unit": "mg",
        "daily_amount": "60",
        "times_per_day": "2",
        "strength": "15",
        "split": "4",
        "duration": "6",
        "duration_unit": "months",
        "attempts": "0",
        "mg_form": "glycinate",
        "mg_elemental": "",
        "meals": "2",
        "start": (date.today() - timedelta(days=4)).isoformat(),
        "stabilise_days": "0",
        "style": "short",
        "against_advice": "yes",  # short against the suggested style: recorded (issue 9)
        "medicines": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def onboarded(client: TestClient, post) -> TestClient:
    r = post(client, "/start", {**intake_form(), "action": "confirm", "understood": "yes"})
    assert r.status_code == 303 and r.headers["location"] == "/?started=1"
    return client


def sows16(value: str) -> dict[str, str]:
    return {f"a_{item.id}": value for item in SOWS16.items}


def test_first_visit_goes_to_onboarding(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 303 and r.headers["location"] == "/start"


def test_preview_shows_plan_flags_and_magnesium_but_stores_nothing(client: TestClient, post) -> None:
    before = row_counts(client)
    data = intake_form(medicines="gabapentin", conditions="mental-health", action="preview")
    r = post(client, "/start", data)
    assert r.status_code == 200
    assert 'id="preview"' in r.text and "<svg" in r.text and 'role="img"' in r.text
    assert "Talk these over with a clinician" in r.text
    assert "mg of elemental magnesium a day" in r.text
    after = row_counts(client)
    made_on_first_view = ("person", "person_setting")  # the local person and its pin
    assert {k: v for k, v in after.items() if k not in made_on_first_view} == {
        k: v for k, v in before.items() if k not in made_on_first_view
    }
    assert after["plan"] == 0 and after["intake"] == 0


def test_confirm_needs_the_disclaimer_ticked(client: TestClient, post, field_error) -> None:
    r = post(client, "/start", {**intake_form(), "action": "confirm"})
    assert r.status_code == 400
    assert "tick the box" in field_error(r.text, "understood")
    assert row_counts(client)["plan"] == 0


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"daily_amount": "lots"}, "daily_amount", "must be a number"),
        ({"daily_amount": "-5"}, "daily_amount", "above 0"),
        ({"duration": "six"}, "duration", "whole number"),
        ({"strength": ""}, "strength", "strength"),
        ({"start": "someday"}, "start", "date"),
        ({"mg_elemental": "abc"}, "mg_elemental", ""),
        ({"substance": "MGM", "mg_form": "mgm"}, "substance", "substance"),
        ({"times_per_day": "9"}, "times_per_day", "from 1 to 6"),
        ({"form": "powder", "resolution": "0"}, "resolution", ""),
    ],
)
def test_bad_onboarding_input_is_shown_beside_its_field_and_stores_nothing(
    client: TestClient, post, field_error, changes, field, words
) -> None:
    client.get("/start")
    before = row_counts(client)
    r = post(client, "/start", {**intake_form(**changes), "action": "confirm", "understood": "yes"})
    assert r.status_code == 400
    message = field_error(r.text, field)
    assert message and words in message
    assert row_counts(client) == before


def test_today_lists_doses_and_magnesium_and_logs_them(onboarded: TestClient, post) -> None:
    page = onboarded.get("/").text
    assert page.count('action="/doses/take"') >= 2  # two portions plus "a different amount"
    assert "Magnesium with meals" in page
    r = post(onboarded, "/doses/take", {"portion": "0"})
    assert r.status_code == 303 and r.headers["location"] == "/?done=dose"
    assert row_counts(onboarded)["dose_log"] == 1
    r = post(onboarded, "/magnesium/take", {"meal": "breakfast"})
    assert r.status_code == 303
    assert row_counts(onboarded)["magnesium_log"] == 1
    page = onboarded.get("/?done=dose").text
    assert "✓ Taken" in page and "Dose logged." in page


def test_bad_dose_amount_is_shown_and_stores_nothing(onboarded: TestClient, post, field_error) -> None:
    before = row_counts(onboarded)
    r = post(onboarded, "/doses/take", {"amount": "ten"})
    assert r.status_code == 400
    assert "must be a number" in field_error(r.text, "amount")
    assert row_counts(onboarded) == before


def test_high_symptoms_lead_to_a_hold_that_is_accepted_into_a_revision(onboarded: TestClient, post) -> None:
    today = date.today().isoformat()
    r = post(onboarded, "/checkin", {"scale": "sows16", "day": today, **sows16("4"), "craving": "9"})
    assert r.status_code == 303 and r.headers["location"] == "/?done=checkin"
    page = onboarded.get(r.headers["location"]).text
    ids = re.findall(r'action="/proposals/(\d+)/accept"', page)
    assert len(ids) == 1
    assert "Your symptom score today is 64 out of 64" in page
    r = post(onboarded, f"/proposals/{ids[0]}/accept", {})
    assert r.status_code == 303 and r.headers["location"] == "/?done=accepted"
    assert row_counts(onboarded)["plan_revision"] == 2
    plan = onboarded.get("/plan").text
    assert "Version 2: hold" in plan and "Version 1: first plan" in plan
    # Accepting twice is refused plainly.
    r = post(onboarded, f"/proposals/{ids[0]}/accept", {})
    assert r.status_code == 400 and "already accepted" in r.text


def test_declining_keeps_the_plan_and_is_recorded(onboarded: TestClient, post) -> None:
    post(onboarded, "/checkin", {"scale": "sows16", "day": date.today().isoformat(), **sows16("4")})
    pid = re.findall(r'action="/proposals/(\d+)/decline"', onboarded.get("/").text)[0]
    r = post(onboarded, f"/proposals/{pid}/decline", {})
    assert r.status_code == 303
    assert row_counts(onboarded)["plan_revision"] == 1
    assert "keep" in onboarded.get("/?done=declined").text.lower()


def test_red_flag_puts_urgent_guidance_before_everything(onboarded: TestClient, post) -> None:
    answers = {f"a_{i.id}": "0" for i in SOWS10.items}
    data = [
        *answers.items(),
        ("scale", "sows10"),
        ("day", date.today().isoformat()),
        ("red_flags", "self_harm"),
    ]
    r = post(onboarded, "/checkin", data)
    assert r.status_code == 303
    page = onboarded.get("/").text
    main = page[page.index("<main") :]
    assert main.index('class="urgent"') < main.index("<h1")
    assert "call or text 988 now" in main
    assert 'href="tel:988"' in main
    # Nothing but acknowledging removes it.
    for path in ("/", "/checkin", "/plan"):
        onboarded.get(path)
    assert 'class="urgent"' in onboarded.get("/").text
    post(onboarded, "/red-flags/acknowledge", {})
    assert 'class="urgent"' not in onboarded.get("/").text


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"sleep_hours": "lots"}, "sleep_hours", "Sleep hours"),
        ({"sleep_hours": "6.3"}, "sleep_hours", "half hours"),
        ({"craving": "11"}, "craving", "0 to 10"),
        ({"water_glasses": "400"}, "water_glasses", "0 to 40"),
        ({"day": "2999-01-01"}, "day", "future"),
        ({"a_anxious": ""}, "a_anxious", "choose a number"),
    ],
)
def test_bad_checkin_is_shown_beside_its_field_and_stores_nothing(
    onboarded: TestClient, post, field_error, changes, field, words
) -> None:
    data = {"scale": "sows16", "day": date.today().isoformat(), **sows16("1"), **changes}
    data = {k: v for k, v in data.items() if not (k.startswith("a_") and v == "")}
    before = row_counts(onboarded)
    r = post(onboarded, "/checkin", data)
    assert r.status_code == 400
    message = field_error(r.text, field)
    assert message and words in message, message
    assert row_counts(onboarded) == before
    assert "Nothing was saved" in r.text


def test_checkin_again_prefills_and_updates_keeping_history(onboarded: TestClient, post) -> None:
    today = date.today().isoformat()
    post(onboarded, "/checkin", {"scale": "sows16", "day": today, **sows16("1"), "sleep_hours": "6.5"})
    page = onboarded.get("/checkin").text
    assert "You already checked in for this day" in page and 'value="6.5"' in page
    post(onboarded, "/checkin", {"scale": "sows16", "day": today, **sows16("2")})
    counts = row_counts(onboarded)
    assert counts["checkin"] == 1 and counts["checkin_history"] == 1


def test_progress_and_plan_pages_have_charts_with_text_alternatives(onboarded: TestClient, post) -> None:
    post(
        onboarded,
        "/checkin",
        {
            "scale": "sows16",
            "day": date.today().isoformat(),
            **sows16("1"),
            "craving": "3",
            "sleep_hours": "5",
        },
    )
    progress = onboarded.get("/progress").text
    assert progress.count('role="img"') == 3 and progress.count("<table") == 3
    plan = onboarded.get("/plan").text
    assert plan.count('role="img"') == 1 and "Show the numbers as a table" in plan


def test_thresholds_are_validated_stored_and_reset(onboarded: TestClient, post, field_error) -> None:
    page = onboarded.get("/settings").text
    values = dict(re.findall(r'name="(t_\w+)" type="text" inputmode="decimal" value="([^"]*)"', page))
    # Shares of the scale's maximum read as percentages, and errors name what the person sees.
    assert values["t_high_fraction"] == "30" and "Default 30%" in page and "Why 30%?" in page
    before = row_counts(onboarded)
    r = post(onboarded, "/settings/thresholds", {**values, "t_high_fraction": "90"})
    error = field_error(r.text, "t_high_fraction")
    assert r.status_code == 400 and "10% to 60%" in error and "Strong symptoms" in error
    assert "high_fraction" not in error and "Threshold" not in error
    assert row_counts(onboarded) == before
    r = post(onboarded, "/settings/thresholds", {**values, "t_hold_days": "3", "t_high_fraction": "25%"})
    assert r.status_code == 303
    page = onboarded.get("/settings").text
    assert re.search(r'name="t_high_fraction" type="text" inputmode="decimal" value="25"', page)
    assert re.search(r'name="t_hold_days" type="text" inputmode="decimal" value="3"', page)
    assert "changed" in page
    post(onboarded, "/settings/thresholds", {"reset": "yes"})
    assert re.search(
        r'name="t_hold_days" type="text" inputmode="decimal" value="2"', onboarded.get("/settings").text
    )


def test_magnesium_settings_make_a_new_plan_and_refuse_mgm(onboarded: TestClient, post, field_error) -> None:
    before = row_counts(onboarded)
    r = post(onboarded, "/settings/magnesium", {"mg_form": "MGM-16", "mg_elemental": "", "meals": "2"})
    assert r.status_code == 400 and field_error(r.text, "mg_form")
    assert row_counts(onboarded) == before
    r = post(onboarded, "/settings/magnesium", {"mg_form": "citrate", "mg_elemental": "300", "meals": "3"})
    assert r.status_code == 303
    assert row_counts(onboarded)["magnesium_plan"] == before["magnesium_plan"] + 1
    assert onboarded.get("/").text.count('action="/magnesium/take"') == 3


def test_delete_all_data_needs_the_word_then_removes_everything(
    onboarded: TestClient, post, field_error
) -> None:
    post(onboarded, "/checkin", {"scale": "sows16", "day": date.today().isoformat(), **sows16("1")})
    before = row_counts(onboarded)
    r = post(onboarded, "/settings/delete", {"confirm": "delete"})
    assert r.status_code == 400 and "Type DELETE" in field_error(r.text, "confirm")
    assert row_counts(onboarded) == before
    r = post(onboarded, "/settings/delete", {"confirm": "DELETE"})
    assert r.status_code == 303 and r.headers["location"] == "/start?deleted=1"
    assert all(count == 0 for count in row_counts(onboarded).values())


def test_every_post_route_refuses_a_forged_request_and_changes_nothing(onboarded: TestClient) -> None:
    from stepdown.web.app import ROUTE_MODULES

    routes = [r for m in ROUTE_MODULES for r in importlib.import_module(m).router.routes]
    posts = [r.path for r in routes if "POST" in getattr(r, "methods", set())]
    assert len(posts) >= 9
    before = row_counts(onboarded)
    for path in posts:
        url = path.replace("{proposal_id}", "1").replace("{decision}", "accept")
        # No token at all, then a token from another site's cookie-less form.
        assert onboarded.post(url, data={"confirm": "DELETE"}, headers={"Origin": BASE}).status_code == 403
        forged = {"confirm": "DELETE", "csrf_token": onboarded.cookies.get("stepdown_csrf")}
        assert onboarded.post(url, data=forged, headers={"Origin": "http://evil.example"}).status_code == 403
    assert row_counts(onboarded) == before


def test_a_safety_answer_shows_its_guidance_even_when_the_form_has_a_mistake(
    onboarded: TestClient, post, field_error
) -> None:
    before = row_counts(onboarded)
    data = [("scale", "sows10"), ("day", date.today().isoformat()), ("red_flags", "seizure")]
    r = post(onboarded, "/checkin", data)  # no symptom answered
    assert r.status_code == 400
    main = r.text[r.text.index("<main") :]
    assert main.index('class="urgent"') < main.index("<h1")
    assert "A seizure is an emergency: call 911 now" in main
    assert field_error(r.text, f"a_{SOWS10.items[0].id}")
    assert row_counts(onboarded) == before


def test_going_back_a_step_needs_a_reason_and_is_recorded(onboarded: TestClient, post, field_error) -> None:
    before = row_counts(onboarded)
    r = post(onboarded, "/plan/return", {"reason": "  "})
    assert r.status_code == 400 and "why" in field_error(r.text, "reason")
    assert row_counts(onboarded) == before
    r = post(onboarded, "/plan/return", {"reason": "The last cut was too much for me this week."})
    assert r.status_code == 303 and r.headers["location"] == "/plan?done=return"
    page = onboarded.get("/plan?done=return").text
    assert "Version 2: back to the previous step" in page
    assert "The last cut was too much for me this week." in page
    assert row_counts(onboarded)["plan_revision"] == 2


def test_a_person_removed_behind_the_apps_back_is_looked_up_again(onboarded: TestClient, post) -> None:
    from stepdown.services.account import delete_all_data

    old = onboarded.app.state.person
    delete_all_data(onboarded.app.state.engine, old.id, confirm="DELETE")  # e.g. a restore elsewhere
    r = post(onboarded, "/doses/take", {"portion": "0"})
    assert r.status_code == 409 and "Nothing was saved" in r.text
    r = onboarded.get("/plan", follow_redirects=True)
    assert r.status_code == 200 and urlsplit(str(r.url)).path == "/start"
    r = post(onboarded, "/start", {**intake_form(), "action": "confirm", "understood": "yes"})
    assert r.status_code == 303
    assert row_counts(onboarded)["person"] == 1 and row_counts(onboarded)["plan"] == 1


def test_weekly_mood_questions_are_optional_both_or_neither_and_a_positive_screen_is_said(
    onboarded: TestClient, post, field_error
) -> None:
    page = onboarded.get("/checkin").text
    assert 'name="phq2_interest"' in page  # due: never answered
    base = {"scale": "sows16", "day": date.today().isoformat(), **sows16("1")}
    before = row_counts(onboarded)
    r = post(onboarded, "/checkin", {**base, "phq2_interest": "2"})
    assert r.status_code == 400 and "both" in field_error(r.text, "phq2")
    assert row_counts(onboarded) == before
    r = post(onboarded, "/checkin", {**base, "phq2_interest": "2", "phq2_down": "2"})
    assert r.status_code == 303
    assert "talk with a clinician about how you are feeling" in onboarded.get(r.headers["location"]).text
    assert 'name="phq2_interest" value="2" checked' in onboarded.get("/checkin").text  # shown again
    # Asked at most once a week: three days later it is not due, a week later it is.
    from stepdown.domain.checkin import phq2_due
    from stepdown.services.views import last_phq2_day

    engine, pid = onboarded.app.state.engine, onboarded.app.state.person.id
    later = date.today() + timedelta(days=3)
    assert not phq2_due(last_phq2_day(engine, pid, later), later)
    week = date.today() + timedelta(days=7)
    assert phq2_due(last_phq2_day(engine, pid, week), week)
