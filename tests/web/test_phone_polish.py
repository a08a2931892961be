"""Page details a new user tripped on (issue 13): each asserted on the rendered HTML."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from stepdown.domain.scales import SOWS16


def intake(**changes: str) -> dict[str, str]:
    data = {
        "substance": "7-oh-tablets", "form": "tablet", "unit": "mg", "daily_amount": "60",
        "times_per_day": "2", "strength": "15", "split": "4", "duration": "6", "duration_unit": "months",
        "attempts": "0", "mg_form": "glycinate", "mg_elemental": "", "meals": "2",
        "start": date.today().isoformat(), "stabilise_days": "0", "style": "short", "medicines": "",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def onboarded(client: TestClient, post) -> TestClient:
    # 6 months of use suggests gradual; choosing short is the recorded against-advice choice (issue 9)
    confirm = {"action": "confirm", "understood": "yes", "against_advice": "yes"}
    r = post(client, "/start", {**intake(), **confirm})
    assert r.status_code == 303
    return client


def test_the_weekly_questions_stay_after_a_validation_error_even_if_unanswered(onboarded, post) -> None:
    page = onboarded.get("/checkin").text
    assert 'name="phq2_interest"' in page and 'name="phq2_offered"' in page
    answers = {f"a_{item.id}": "1" for item in SOWS16.items[:-1]}  # one symptom left out
    r = post(onboarded, "/checkin", {"scale": "sows16", "phq2_offered": "1", **answers})
    assert r.status_code == 400
    assert 'name="phq2_interest"' in r.text  # still offered, though not answered


def test_deleting_everything_says_so_on_the_start_page(onboarded, post) -> None:
    r = post(onboarded, "/settings/delete", {"confirm": "DELETE"})
    assert r.status_code == 303
    page = onboarded.get(r.headers["location"]).text
    assert "All your data was deleted" in page


def test_a_calendar_error_is_summarised_at_the_top_with_a_link(onboarded) -> None:
    r = onboarded.get("/reports/taper.ics", params={"tz": "Mars/Olympus", "alarm": "0"})
    assert r.status_code == 400
    summary = r.text.index('id="error-summary"')
    assert summary < r.text.index('id="pdf-h"')  # above the first section
    assert re.search(r'<a href="#f-tz">[^<]+</a>', r.text[summary:])


def test_cravings_show_no_pattern_tables_while_there_are_too_few_entries(client, post) -> None:
    assert post(client, "/toolkit/cravings", {"intensity": "5", "outcome": "passed", "triggers": "boredom"})
    page = client.get("/toolkit/cravings").text
    assert "Not enough entries yet" in page
    assert "Triggers, most common first" not in page


def test_the_lapse_page_does_not_say_saved_twice(onboarded, post) -> None:
    r = post(onboarded, "/toolkit/lapse", {"amount": "15", "now_taking": "15"})
    assert r.status_code == 200
    text = re.sub(r"<[^>]+>", " ", r.text)
    assert text.count("Saved") == 0 and "Your lapse is logged" in text


def test_wide_tables_are_keyboard_scrollable_regions(onboarded) -> None:
    for url in ("/toolkit/selfcare", "/plan"):
        for tag in re.findall(r'<div class="table-wrap"[^>]*>', onboarded.get(url).text):
            assert 'tabindex="0"' in tag and 'role="region"' in tag and "aria-label=" in tag, (url, tag)


def test_self_care_shows_the_not_enough_note_or_the_table_never_both(onboarded, monkeypatch) -> None:
    from datetime import UTC, datetime, timedelta

    from stepdown.messages.toolkit import SELFCARE_NOT_ENOUGH
    from stepdown.services import checkins, person
    from stepdown.services import toolkit as svc

    page = onboarded.get("/toolkit/selfcare").text
    assert SELFCARE_NOT_ENOUGH in page and "<table" not in page  # nothing checked in yet

    # A whole past week, Monday to Saturday: three self-care days with low cravings, three without.
    engine = onboarded.app.state.engine
    me = person.get_or_create_local_person(engine)
    sunday = me.today() - timedelta(days=me.today().weekday() + 1)
    for n in range(6):
        day = sunday - timedelta(days=6 - n)
        good = n % 2 == 0
        items = ["water", "balanced_meals", "exercise"] if good else []
        raw = {"day": day.isoformat(), "scale": SOWS16.id, "answers": [1] * len(SOWS16.items),
               "craving": 2 if good else 7, "self_care": items}  # fmt: skip
        checkins.record_checkin(engine, me.id, raw, today=day)
    real = svc.selfcare_view
    at_sunday = datetime.combine(sunday, datetime.min.time(), UTC) + timedelta(hours=12)
    monkeypatch.setattr(svc, "selfcare_view", lambda e, p, weeks: real(e, p, weeks=weeks, now=at_sunday))
    page = onboarded.get("/toolkit/selfcare").text
    assert SELFCARE_NOT_ENOUGH not in page and "<table" in page
    assert "<caption>The last 1 week</caption>" in page  # formatting.count, not "1 weeks"
    assert page.count('<th scope="row">') == 1  # no empty weeks before the first check-in


def test_the_magnesium_change_link_is_a_button_sized_target(onboarded) -> None:
    assert '<a class="button secondary" href="/settings#magnesium">Change</a>' in onboarded.get("/plan").text


def test_every_date_on_today_and_plan_is_in_one_style(onboarded) -> None:
    for url in ("/", "/plan", "/checkin", "/toolkit/milestones"):
        text = re.sub(r"<[^>]+>", " ", onboarded.get(url).text)
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), url


def test_the_urge_timer_start_button_comes_before_the_settings(client) -> None:
    page = client.get("/toolkit/breathe").text
    assert page.index("Start the urge timer") < page.index('id="f-pattern"')
    assert page.index("Start the urge timer") < page.index('class="breath-circle"')




def test_recent_urges_show_dates_in_the_page_style(client, post) -> None:
    assert post(client, "/toolkit/cravings", {"intensity": "5", "outcome": "passed"}).status_code == 303
    text = re.sub(r"<[^>]+>", " ", client.get("/toolkit/cravings").text)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)


def test_the_craving_question_says_how_it_differs_from_symptom_16(onboarded) -> None:
    from stepdown.messages.checkin import CRAVING_VS_SYMPTOM

    full = onboarded.get("/checkin?scale=sows16").text
    assert "symptom 16" in CRAVING_VS_SYMPTOM and CRAVING_VS_SYMPTOM in full
    assert CRAVING_VS_SYMPTOM not in onboarded.get("/checkin?scale=sows10").text  # no symptom 16 there


def test_a_check_in_for_an_earlier_day_does_not_say_today(onboarded, post) -> None:
    from datetime import timedelta

    yesterday = date.today() - timedelta(days=1)
    answers = {f"a_{item.id}": "1" for item in SOWS16.items}
    r = post(onboarded, "/checkin", {"scale": "sows16", "day": yesterday.isoformat(), **answers})
    assert r.status_code == 303
    page = re.sub(r"\s+", " ", onboarded.get(r.headers["location"]).text)
    assert "score today" not in page and "Your symptom score that day was 16 out of 64" in page
    r = post(onboarded, "/checkin", {"scale": "sows16", "day": date.today().isoformat(), **answers})
    assert "Your symptom score today is 16" in onboarded.get(r.headers["location"]).text
