"""The clinic server end to end in-process: invitations, links, the clinician's list and page,
the audit log, revoking a link."""

from __future__ import annotations

import re

from clinic_helpers import invite, post


def test_a_person_sees_only_their_own_data_and_a_linked_clinician_sees_them(people, clinic_app) -> None:
    ann, ann_account = people["ann"]
    bob, bob_account = people["bob"]
    lee, _ = people["lee"]
    kim, _ = people["kim"]
    assert ann_account.person_id != bob_account.person_id
    # Each person's pages work on their own person: ann has no plan, so Today sends her to start one.
    assert ann.get("/").headers["location"] == "/start"
    assert ann.get("/checkin").status_code == 200
    # lee is linked to ann (her invitation came from lee); kim is not; nobody is linked to bob.
    page = lee.get(f"/clinic/people/{ann_account.person_id}")
    assert page.status_code == 200 and "ann" in page.text
    assert kim.get(f"/clinic/people/{ann_account.person_id}").status_code == 404
    assert lee.get(f"/clinic/people/{bob_account.person_id}").status_code == 404
    assert lee.get("/clinic/people/999999").status_code == 404  # same answer as unlinked
    # A clinician has no "own" person pages.
    assert lee.get("/checkin").status_code == 403


def test_viewing_is_audited_and_the_person_can_read_who_viewed(people) -> None:
    ann, ann_account = people["ann"]
    lee, _ = people["lee"]
    assert lee.get(f"/clinic/people/{ann_account.person_id}").status_code == 200
    page = ann.get("/account").text
    # in words: who by name and role, what as a person says it (not "clinician:lee", "GET /clinic/...")
    assert "Dr Lee (clinician)" in page and "viewed your page" in page
    assert "clinician:lee" not in page and "GET /clinic" not in page
    import re

    assert not re.search(r"\d{4}-\d{2}-\d{2}", page)  # when, in words: "Wed 2 Dec, 06:01"
    note = post(lee, f"/clinic/people/{ann_account.person_id}/note", {"text": "See you Monday."})
    assert note.status_code == 303
    assert "left you a note" in ann.get("/account").text


def test_revoking_the_link_ends_the_clinicians_access(people) -> None:
    ann, ann_account = people["ann"]
    lee, _ = people["lee"]
    account = ann.get("/account").text
    link_id = re.search(r"/account/links/(\d+)/revoke", account).group(1)
    assert post(ann, f"/account/links/{link_id}/revoke").status_code == 303
    assert lee.get(f"/clinic/people/{ann_account.person_id}").status_code == 404
    assert f"/clinic/people/{ann_account.person_id}" not in lee.get("/clinic").text


def test_a_signed_in_person_links_a_second_clinician_by_accepting_their_invitation(people) -> None:

    bob, bob_account = people["bob"]
    kim, _ = people["kim"]
    path = invite(kim, "person")
    assert post(bob, path, {"action": "link"}).status_code == 303
    assert kim.get(f"/clinic/people/{bob_account.person_id}").status_code == 200
    # One-time: the same link does nothing a second time.
    assert post(bob, path, {"action": "link"}).status_code == 404


def test_needs_attention_puts_a_red_flag_first_with_its_reason(people, clinic_app) -> None:
    from stepdown.services.common import utcnow
    from stepdown.storage.db import session_scope
    from stepdown.storage.models import Checkin

    engine = clinic_app.state.engine
    lee, _ = people["lee"]
    bob, bob_account = people["bob"]
    ann, ann_account = people["ann"]
    assert post(bob, invite(lee, "person"), {"action": "link"}).status_code == 303
    today = utcnow().date()
    now = utcnow()
    with session_scope(engine) as s:
        for pid, flags in ((bob_account.person_id, ["chest_pain"]), (ann_account.person_id, [])):
            s.add(
                Checkin(
                    person_id=pid,
                    day=today,
                    created_at=now,
                    updated_at=now,
                    scale="SOWS16",
                    answers={},
                    total=10,
                    self_care={},
                    red_flags=flags,
                    data={},
                )
            )
    page = lee.get("/clinic").text
    items = re.findall(r'<li class="card"><a href="/clinic/people/(\d+)">', page)
    assert items[0] == str(bob_account.person_id)
    # the day as people read it ("Wed 2 Dec"), not ISO
    assert f"Red-flag answer on {today:%a} {today.day} {today:%b}" in page
    assert str(ann_account.person_id) not in items  # she checked in today without a flag


def test_agreement_is_a_new_revision_recorded_with_the_clinician(people, clinic_app) -> None:
    ann, ann_account = people["ann"]
    lee, _ = people["lee"]
    # No plan yet: a clear error, nothing stored.
    r = post(lee, f"/clinic/people/{ann_account.person_id}/agree", {"note": "ok"})
    assert r.status_code == 400 and "no active plan" in r.text
    r = post(lee, f"/clinic/people/{ann_account.person_id}/note", {"text": "See you Tuesday."})
    assert r.status_code == 303
    assert "See you Tuesday." in ann.get("/account").text


def test_sign_out_ends_the_session_on_the_server(people) -> None:
    ann, _ = people["ann"]
    token = ann.cookies.get("stepdown_session")
    assert post(ann, "/logout").status_code == 303
    ann.cookies.set("stepdown_session", token, domain="clinic.example")
    r = ann.get("/checkin")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_the_linked_clinician_gets_the_persons_pdf_and_it_is_audited(people, clinic_app) -> None:
    from stepdown.services.audit import entries_about

    _, ann_account = people["ann"]
    lee, _ = people["lee"]
    kim, _ = people["kim"]
    r = lee.get(f"/clinic/people/{ann_account.person_id}/report.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert kim.get(f"/clinic/people/{ann_account.person_id}/report.pdf").status_code == 404
    whats = [e["what"] for e in entries_about(clinic_app.state.engine, ann_account.person_id)]
    assert f"GET /clinic/people/{ann_account.person_id}/report.pdf" in whats


def test_delete_all_my_data_removes_only_that_person_and_their_account(people, clinic_app) -> None:
    from stepdown.services.accounts import find_account

    ann, ann_account = people["ann"]
    bob, _ = people["bob"]
    r = post(ann, "/settings/delete", {"confirm": "DELETE"})
    assert r.status_code == 303
    engine = clinic_app.state.engine
    assert find_account(engine, "ann") is None and find_account(engine, "bob") is not None
    assert ann.get("/checkin").status_code == 303  # signed out: the session went with the account
    assert bob.get("/checkin").status_code == 200
