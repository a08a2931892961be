"""On the clinic server too, a link cannot put words or figures on a page: the Account page's
banners are fixed keys (the linked clinician's name is read from the stored link), and every GET page
ignores hostile query arguments, for the person and for their clinician."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from clinic_helpers import accept, app_routes, invite, post

SPOOF = "Dr. Ana One says: take 100 mg now"
HOSTILE = {"done": SPOOF, "flash": SPOOF, "score": "3", "of": "64", "imported": "98765", "noted": SPOOF}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_hostile_query_arguments_show_nothing_on_any_clinic_page(people, clinic_app) -> None:
    _, ann = people["ann"]
    pages = sorted(
        p.replace("{person_id}", str(ann.person_id))
        for m, p in app_routes(clinic_app)
        if m == "GET" and "." not in p and not re.search(r"\{(?!person_id\})", p)
    )
    assert "/account" in pages and f"/clinic/people/{ann.person_id}" in pages
    for visitor in ("ann", "lee", "admin"):
        client, _ = people[visitor]
        for path in pages:
            url = f"{path}?{urlencode(HOSTILE)}"
            text = _text(client.get(url).text)
            assert SPOOF not in text and "98765" not in text and "3 out of 64" not in text, (visitor, url)


def test_account_banners_are_fixed_and_name_the_stored_clinician(people) -> None:
    ann, _ = people["ann"]
    assert "Done: that clinician can no longer see your data." in _text(ann.get("/account?done=revoked").text)
    assert "can now see your check-ins" not in _text(ann.get("/account?done=lonked").text)
    # Linking to a second clinician names that clinician, read from the link, not from the address.
    kim, _ = people["kim"]
    r = accept(ann, invite(kim, "person"), "", action="link")
    assert r.status_code == 303 and r.headers["location"] == "/account?done=linked"
    assert "Done: Dr Kim can now see" in _text(ann.get("/account?done=linked&name=Dr%20Evil").text)
    assert "Dr Evil" not in ann.get("/account?done=linked&name=Dr%20Evil").text
    assert post(ann, "/account/calendar/revoke").headers["location"] == "/account?done=calendar_revoked"
    assert "The calendar address no longer works." in ann.get("/account?done=calendar_revoked").text
