"""Onboarding errors read as a web form's, not a command line's: plain words beside the field,
no command-line options, and nothing stored."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from stepdown.storage.models import Base


def row_counts(client: TestClient) -> dict[str, int]:
    with client.app.state.engine.connect() as conn:
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
        "resolution": "",
        "concentration": "",
        "duration": "6",
        "duration_unit": "months",
        "attempts": "0",
        "mg_form": "glycinate",
        "mg_elemental": "",
        "meals": "2",
        "start": date.today().isoformat(),
        "stabilise_days": "0",
        "style": "short",
        "against_advice": "yes",  # short against the suggested style: recorded (issue 9)
        "medicines": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"strength": ""}, "strength", "how much is in one tablet"),
        ({"strength": "0"}, "strength", "more than 0"),
        ({"form": "powder", "unit": "g", "daily_amount": "3", "strength": ""}, "resolution", "0.1 g"),
        ({"form": "liquid", "strength": "", "resolution": "0.5"}, "concentration", "mg in each ml"),
        ({"form": "liquid", "strength": ""}, "resolution", "0.5 ml"),
        ({"mg_form": "other"}, "mg_elemental", "elemental magnesium from the label"),
    ],
)
@pytest.mark.parametrize("action", ["preview", "confirm"])
def test_a_form_error_is_plain_words_beside_its_field_and_stores_nothing(
    client: TestClient, post, field_error, changes, field, words, action
) -> None:
    client.get("/start")
    before = row_counts(client)
    r = post(client, "/start", {**intake_form(**changes), "action": action, "understood": "yes"})
    assert r.status_code == 400
    message = field_error(r.text, field)
    assert message and words in message
    # The only error on the page, inside its field's box, and the field points to it.
    assert re.findall(r'class="field-error" id="([a-z_]+)-error"', r.text) == [field]
    assert re.search(rf'<input id="f-{field}"[^>]*aria-describedby="[^"]*{field}-error', r.text)
    assert "--" not in message
    assert row_counts(client) == before


def _page_errors(html: str) -> list[str]:
    return re.findall(r'class="(?:field-error|form-error)"[^>]*>(.*?)</p>', html, re.S)


def test_a_second_plan_from_another_tab_is_refused_in_web_words_and_stores_nothing(
    client: TestClient, post
) -> None:
    client.get("/start")
    form = {**intake_form(), "action": "confirm", "understood": "yes"}
    assert post(client, "/start", form).status_code == 303
    before = row_counts(client)
    r = post(client, "/start", form)  # the same form, still open in another tab
    assert r.status_code == 400
    [error] = _page_errors(r.text)
    assert "already have an active taper plan" in error and "Settings" in error and "--" not in error
    assert row_counts(client) == before


def test_taken_pressed_again_says_what_to_do_here_and_stores_nothing(client: TestClient, post) -> None:
    client.get("/start")
    assert (
        post(client, "/start", {**intake_form(), "action": "confirm", "understood": "yes"}).status_code == 303
    )
    for _ in range(2):  # the two planned doses of the day
        assert post(client, "/doses/take", {}).status_code == 303
    for _ in range(2):  # the two planned servings, each "the next one" (no meal named)
        assert post(client, "/magnesium/take", {"meal": ""}).status_code == 303
    before = row_counts(client)
    r = post(client, "/doses/take", {})
    assert r.status_code == 400
    [error] = _page_errors(r.text)
    assert "already logged" in error and "I took a different amount" in error and "--" not in error
    r = post(client, "/magnesium/take", {"meal": ""})
    assert r.status_code == 400
    [error] = _page_errors(r.text)
    assert "already logged" in error and "--" not in error
    assert row_counts(client) == before
