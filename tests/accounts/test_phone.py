"""The person's phone: exactly-once sending of what was kept offline, the private calendar address,
and the service worker's own headers."""

from __future__ import annotations

import re

import pytest
from clinic_helpers import BASE, post

from stepdown.domain.scales import SOWS10


def _checkin_form(day_scale: str = "SOWS10") -> dict:
    from stepdown.services.common import utcnow

    form = {"scale": day_scale.lower(), "day": utcnow().date().isoformat()}  # the people live in UTC
    form.update({f"a_{item.id}": "1" for item in SOWS10.items})
    return form


def _count(engine, model, person_id: int) -> int:
    from sqlalchemy import func, select

    from stepdown.storage.db import session_scope

    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model).where(model.person_id == person_id))


def test_the_same_submission_sent_twice_is_stored_once(people, clinic_app) -> None:
    from stepdown.storage.models import Checkin, CheckinHistory

    ann, ann_account = people["ann"]
    engine = clinic_app.state.engine
    headers = {"Origin": BASE, "Idempotency-Key": "3f1c1d4e-offline-1"}
    form = {**_checkin_form(), "csrf_token": ann.cookies.get("stepdown_csrf")}
    first = ann.post("/checkin", data=form, headers=headers)
    again = ann.post("/checkin", data=form, headers=headers)
    assert first.status_code == 303 and again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert _count(engine, Checkin, ann_account.person_id) == 1
    assert _count(engine, CheckinHistory, ann_account.person_id) == 0  # not even a second version
    # Without the key (a plain form), a second answer is a new version as always.
    post(ann, "/checkin", _checkin_form())
    assert _count(engine, CheckinHistory, ann_account.person_id) == 1


def test_a_refused_submission_frees_its_key_and_keys_are_per_account(people, clinic_app) -> None:
    from stepdown.storage.models import Checkin

    ann, ann_account = people["ann"]
    bob, bob_account = people["bob"]
    engine = clinic_app.state.engine
    headers = {"Origin": BASE, "Idempotency-Key": "same-key"}
    bad = {"scale": "sows10", "day": "not a day", "csrf_token": ann.cookies.get("stepdown_csrf")}
    assert ann.post("/checkin", data=bad, headers=headers).status_code == 400
    good = {**_checkin_form(), "csrf_token": ann.cookies.get("stepdown_csrf")}
    assert ann.post("/checkin", data=good, headers=headers).status_code == 303
    assert _count(engine, Checkin, ann_account.person_id) == 1
    good_bob = {**_checkin_form(), "csrf_token": bob.cookies.get("stepdown_csrf")}
    assert bob.post("/checkin", data=good_bob, headers=headers).status_code == 303
    assert _count(engine, Checkin, bob_account.person_id) == 1


def test_the_calendar_address_serves_the_active_plan_until_revoked(
    people, clinic_app, new_client, plan_factory
) -> None:
    from datetime import date

    ann, ann_account = people["ann"]
    r = post(ann, "/account/calendar")
    url = re.search(r'id="calendar-url">([^<]+)<', r.text).group(1)
    path = url.removeprefix(BASE)
    stranger = new_client()
    assert stranger.get(path).status_code == 404  # no plan yet
    _start_plan(clinic_app.state.engine, ann_account.person_id, plan_factory(start=date.today()))
    import stepdown.reports.data as report_data

    def whole_history(*args, **kwargs):
        raise AssertionError("the feed a phone polls read the person's whole history")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_data, "load", whole_history)
        feed = stranger.get(path)
    assert feed.status_code == 200 and feed.text.startswith("BEGIN:VCALENDAR")
    # A new address stops the old one; revoking stops all.
    r = post(ann, "/account/calendar")
    new_path = re.search(r'id="calendar-url">([^<]+)<', r.text).group(1).removeprefix(BASE)
    assert stranger.get(path).status_code == 404 and stranger.get(new_path).status_code == 200
    post(ann, "/account/calendar/revoke")
    assert stranger.get(new_path).status_code == 404


def _start_plan(engine, person_id: int, taper) -> None:  # noqa: ANN001
    from stepdown.services.common import utcnow
    from stepdown.storage import plans
    from stepdown.storage.db import session_scope

    with session_scope(engine) as s:
        plan = plans.add_plan(s, person_id, now=utcnow())
        plans.add_revision(
            s,
            plan,
            data=taper,
            kind="initial",
            reason="start",
            trigger={},
            accepted_by="person",
            now=utcnow(),
        )


def test_the_service_worker_and_manifest_are_served(people, new_client) -> None:
    import json

    ann, _ = people["ann"]
    sw = new_client().get("/sw.js")
    assert sw.status_code == 200 and sw.headers["service-worker-allowed"] == "/"
    assert "idempotency-key" in sw.text
    manifest = json.loads(new_client().get("/static/manifest.json").text)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    page = ann.get("/checkin").text
    assert 'rel="manifest"' in page and "/static/pwa.js" in page
