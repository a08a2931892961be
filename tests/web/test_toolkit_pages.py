"""Toolkit pages in-process: forms store on success, show the error beside the field and store
nothing on bad input, and every page renders its content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from stepdown.messages.safety import TOLERANCE_WARNING
from stepdown.storage.db import session_scope
from stepdown.storage.models import Base


def counts(client) -> dict[str, int]:
    with session_scope(client.app.state.engine) as s:
        return {n: s.scalar(select(func.count()).select_from(t)) for n, t in Base.metadata.tables.items()}


@pytest.fixture
def with_plan(client):
    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import onboarding, person

    engine = client.app.state.engine
    me = person.get_or_create_local_person(engine)
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=me.today() - timedelta(days=20)))
    onboarding.start_taper(engine, me.id, plan=plan, now=datetime.now(UTC) - timedelta(days=20))
    return plan


def test_every_toolkit_page_renders_with_nav(client) -> None:
    for path, text in [
        ("/toolkit", "Ride out an urge"),
        ("/toolkit/cravings", "Log an urge"),
        ("/toolkit/breathe", "Start the urge timer"),
        ("/toolkit/lapse", TOLERANCE_WARNING),
        ("/toolkit/support", "Narcotics Anonymous"),
        ("/toolkit/support/card", "Poison Help"),
        ("/toolkit/milestones", "Money no longer spent"),
        ("/toolkit/selfcare", "Target bedtime"),
    ]:
        r = client.get(path)
        assert r.status_code == 200, path
        assert text in r.text, path
        assert 'href="/toolkit" aria-current="page"' in r.text, path


def test_craving_form_saves_and_bad_input_shows_error_beside_field(client, post, field_error) -> None:
    client.get("/toolkit/cravings")  # the local person is made on the first visit
    before = counts(client)
    r = post(client, "/toolkit/cravings", [("intensity", ""), ("outcome", "passed")])
    assert r.status_code == 400
    assert field_error(r.text, "intensity") == "Intensity must be a whole number from 0 to 10."
    r = post(client, "/toolkit/cravings", [("intensity", "5"), ("outcome", "")])
    assert field_error(r.text, "outcome") == "Please say how the urge ended: it passed, or I used."
    r = post(
        client, "/toolkit/cravings", [("intensity", "5"), ("outcome", "passed"), ("trigger_other", "x" * 41)]
    )
    assert "at most 40 characters" in (field_error(r.text, "trigger_other") or "")
    assert counts(client) == before
    r = post(
        client,
        "/toolkit/cravings",
        [
            ("intensity", "7"),
            ("trigger", "stress"),
            ("trigger", "boredom"),
            ("trigger_other", "payday"),
            ("outcome", "passed"),
            ("helped", "a walk"),
        ],
    )
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "stress, boredom, payday" in page and "helped: a walk" in page
    assert 'value="payday"' in page  # the person's own trigger becomes a tag


def test_csrf_protects_the_toolkit_forms(client) -> None:
    client.get("/toolkit")
    before = counts(client)
    r = client.post(
        "/toolkit/cravings",
        data={"intensity": "5", "outcome": "passed"},
        headers={"Origin": "http://127.0.0.1:8765"},
    )
    assert r.status_code in (400, 403)
    assert counts(client) == before


def test_lapse_shows_tolerance_warning_and_a_replan_to_accept(client, post, field_error, with_plan) -> None:
    before = counts(client)
    r = post(client, "/toolkit/lapse", {"amount": "-3"})
    assert r.status_code == 400 and field_error(r.text, "amount") == "The amount must be a number above 0."
    r = post(client, "/toolkit/lapse", {"amount": "3", "now_taking": "lots"})
    assert r.status_code == 400 and field_error(r.text, "now_taking")
    assert counts(client) == before
    r = post(
        client,
        "/toolkit/lapse",
        {"amount": "15", "led_to": "A funeral", "too_fast": "yes", "now_taking": "15"},
    )
    assert r.status_code == 200
    assert TOLERANCE_WARNING in r.text and "A gentler plan for you to consider" in r.text
    import re

    proposal = re.search(r'action="/proposals/(\d+)/accept"', r.text).group(1)
    r = post(client, f"/proposals/{proposal}/accept", {})
    assert r.status_code == 303
    history = client.get("/toolkit/lapse").text
    assert "A funeral" in history and "Did the taper feel too fast for you?" in history


def test_support_forms_and_card(client, post, field_error) -> None:
    r = post(client, "/toolkit/support/contact", {"name": "Sam", "phone": "not a number"})
    assert r.status_code == 400 and "3 to 15 digits" in (field_error(r.text, "phone") or "")
    assert (
        post(
            client, "/toolkit/support/contact", {"name": "Sam", "phone": "555 0100", "relation": "brother"}
        ).status_code
        == 303
    )
    assert (
        post(
            client, "/toolkit/support/contact", {"name": "Ana", "phone": "555 0111", "is_therapist": "yes"}
        ).status_code
        == 303
    )
    assert post(client, "/toolkit/support/group", {"name": "Monday circle"}).status_code == 303
    assert post(client, "/toolkit/support/distraction", {"text": "Bake bread"}).status_code == 303
    page = client.get("/toolkit/support").text
    assert 'href="tel:5550100"' in page and "therapist / counsellor" in page
    assert "Monday circle" in page and "Bake bread" in page
    card = client.get("/toolkit/support/card").text
    assert (
        "Sam (brother)" in card and "Ana" in card and "1-800-662-4357" in card and TOLERANCE_WARNING in card
    )
    r = post(client, "/toolkit/support/remove", {"what": "contact", "id": "999"})
    assert r.status_code == 400 and "There is no contact with id 999." in r.text


def test_milestones_page_celebrates_once_and_saves_cost(client, post, field_error, with_plan) -> None:
    first = client.get("/toolkit/milestones").text
    assert "Milestone reached!" in first and "You completed the step" in first
    again = client.get("/toolkit/milestones").text
    assert "Milestone reached!" not in again and "You completed the step" in again
    r = post(client, "/toolkit/milestones/cost", {"cost_per_unit": "abc"})
    assert r.status_code == 400 and field_error(r.text, "cost_per_unit")
    r = post(client, "/toolkit/milestones/cost", {"cost_per_unit": "0.25", "currency": "$"})
    assert r.status_code == 303
    assert "Money no longer spent: $" in client.get("/toolkit/milestones").text


def test_selfcare_bedtime(client, post, field_error) -> None:
    r = post(client, "/toolkit/selfcare/bedtime", {"bedtime": "9pm"})
    assert r.status_code == 400 and "22:30" in (field_error(r.text, "bedtime") or "")
    assert post(client, "/toolkit/selfcare/bedtime", {"bedtime": "21:45"}).status_code == 303
    assert 'value="21:45"' in client.get("/toolkit/selfcare").text


def test_breathing_page_carries_the_domain_timings(client) -> None:
    import html
    import json
    import re

    page = client.get("/toolkit/breathe").text
    raw = re.search(r'data-exercises="([^"]+)"', page).group(1)
    data = json.loads(html.unescape(raw))
    assert [p["seconds"] for p in data["478"]["cycle"]] == [4, 7, 8]
    assert '<script src="/static/toolkit.js" defer></script>' in page
    assert client.get("/static/toolkit.js").status_code == 200
