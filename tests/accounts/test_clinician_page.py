"""A linked clinician's person page on the clinic server: charts and doses against the plan, a
proposal the person sees on Today and accepts, and the person's thresholds (audited)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from clinic_helpers import post
from sqlalchemy import func, select

from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.services import onboarding
from stepdown.services.common import utcnow
from stepdown.storage.db import session_scope
from stepdown.storage.models import PlanRevision, Proposal


@pytest.fixture
def ann_on_a_plan(people, clinic_app):
    _, ann = people["ann"]
    today = utcnow().date()
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(
        PlanRequest(daily_amount=Decimal(60), form=form, start=today - timedelta(days=1), style="short")
    )
    onboarding.start_taper(clinic_app.state.engine, ann.person_id, plan=plan, now=utcnow())
    return ann.person_id


def _count(engine, model) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_the_page_shows_charts_and_doses_against_the_plan(people, ann_on_a_plan) -> None:
    lee, _ = people["lee"]
    ann, _ = people["ann"]
    dose = ann.get("/").text
    assert post(ann, "/doses/take", {"portion": "0"}).status_code in (200, 303), dose[:200]
    page = lee.get(f"/clinic/people/{ann_on_a_plan}").text
    assert "Planned and taken daily dose (mg)" in page and "<svg" in page
    assert "Withdrawal symptom score, last 28 days" in page
    assert "Doses against the plan, last 14 days" in page
    # Today's row: the planned amount and the dose just logged against it.
    assert re.search(r"<td>[\d.]+ mg</td><td>[\d.]+ mg", page), "today's planned and taken dose"


def test_the_person_sees_the_clinicians_proposal_and_accepting_it_revises_the_plan(
    people, ann_on_a_plan, clinic_app
) -> None:
    engine = clinic_app.state.engine
    lee, _ = people["lee"]
    ann, _ = people["ann"]
    url = f"/clinic/people/{ann_on_a_plan}/propose"
    # A bad answer: a clear error beside the form, nothing stored.
    r = post(lee, url, {"kind": "hold", "days": "9", "reason": "Rest."})
    assert r.status_code == 400 and "1, 2 or 3 more days" in r.text
    assert _count(engine, Proposal) == 0
    r = post(lee, url, {"kind": "hold", "days": "2", "reason": "Your sleep is poor this week."})
    assert r.status_code == 303
    assert _count(engine, PlanRevision) == 1  # nothing changes until she accepts
    today = ann.get("/").text
    assert "From your clinician, Dr Lee" in today and "Their reason: Your sleep is poor this week." in today
    proposal_id = re.search(r"/proposals/(\d+)/accept", today).group(1)
    assert post(ann, f"/proposals/{proposal_id}/accept").status_code in (200, 303)
    with session_scope(engine) as s:
        latest = s.scalars(select(PlanRevision).order_by(PlanRevision.number.desc())).first()
        assert latest.kind == "hold" and latest.trigger["proposed_by"] == "clinician:lee"
        assert "Your sleep is poor this week." in latest.reason
    assert "Your sleep is poor this week." in lee.get(f"/clinic/people/{ann_on_a_plan}").text


def test_the_clinician_sets_the_persons_thresholds_as_percentages(people, ann_on_a_plan, clinic_app) -> None:
    from stepdown.services.audit import entries_about
    from stepdown.services.person import get_settings

    engine = clinic_app.state.engine
    lee, _ = people["lee"]
    ann, _ = people["ann"]
    page = lee.get(f"/clinic/people/{ann_on_a_plan}").text
    form = dict(re.findall(r'name="(t_\w+)" type="text" inputmode="decimal" value="([^"]*)"', page))
    assert form["t_high_fraction"] == "30"  # shown as a percentage, like the person's Settings page
    url = f"/clinic/people/{ann_on_a_plan}/thresholds"
    r = post(lee, url, {**form, "t_high_fraction": "95"})
    assert r.status_code == 400 and "must be" in r.text
    assert get_settings(engine, ann_on_a_plan).get("thresholds") in (None, {})
    assert post(lee, url, {**form, "t_high_fraction": "40"}).status_code == 303
    settings = get_settings(engine, ann_on_a_plan)
    assert settings["thresholds"] == {"high_fraction": "0.4"}
    assert settings["thresholds_set_by"]["by"] == "clinician:lee"
    from stepdown import formatting

    shown = formatting.day(settings["thresholds_set_by"]["at"])  # "Wed 2 Dec", as dates read elsewhere
    assert f"Last set by Dr Lee on {shown}." in ann.get("/settings").text
    whats = [e["what"] for e in entries_about(engine, ann_on_a_plan)]
    assert f"POST {url}" in whats


def test_names_on_both_sides_are_words_not_codes(people, ann_on_a_plan) -> None:
    from stepdown.domain.scales import SOWS16

    lee, _ = people["lee"]
    ann, _ = people["ann"]
    assert post(lee, f"/clinic/people/{ann_on_a_plan}/agree", {"note": "Fine with me."}).status_code == 303
    answers = {f"a_{item.id}": "2" for item in SOWS16.items}
    day = {"scale": "sows16", "day": utcnow().date().isoformat(), **answers}
    assert post(ann, "/checkin", day).status_code == 303
    plan = ann.get("/plan").text
    assert "accepted by Dr Lee (clinician)" in plan and "clinician:lee" not in plan
    page = re.sub(r"\s+", " ", lee.get(f"/clinic/people/{ann_on_a_plan}").text)
    assert "32 (full form)" in page and "sows16" not in page
    assert "clinician's agreement" in page.replace("&#39;", "'") and "clinician:lee" not in page


def test_the_latest_recent_note_from_the_clinician_shows_on_today(people, ann_on_a_plan, clinic_app) -> None:
    """QA: a clinician's note showed only on /account; Today shows the newest of the last 14 days."""
    from stepdown import formatting
    from stepdown.services.clinic import add_note_for_person

    lee_client, lee = people["lee"]
    ann, _ = people["ann"]
    assert "clinician-note" not in ann.get("/").text
    old = utcnow() - timedelta(days=20)
    add_note_for_person(
        clinic_app.state.engine, ann_on_a_plan, lee, "An old note.", today=old.date(), now=old
    )
    assert "An old note." not in ann.get("/").text and "An old note." in ann.get("/account").text
    for text in ("First one.", "Keep going."):
        assert post(lee_client, f"/clinic/people/{ann_on_a_plan}/note", {"text": text}).status_code == 303
    today = ann.get("/").text
    section = today[today.index('class="card clinician-note"') :]
    section = section[: section.index("</section>")]
    assert f"A note from Dr Lee, {formatting.day(utcnow())}" in section
    assert "Keep going." in section and "First one." not in section and "Dr Lee: " not in section
    assert 'href="/account#notes-h"' in section
