"""The authorization matrix: every route of the clinic server, as every kind of visitor.

Visitors: signed out; ann (a person, the subject of {person_id}); bob (another person); lee (a
clinician linked to ann); kim (a clinician not linked to her); an admin. A cell is "refused" when
the authorization table answered (the x-stepdown-denied header); every other answer (a page, a
redirect, a form error for the empty form we send) means the route was reached. No cell may crash.
"""

from __future__ import annotations

import re

import pytest
from clinic_helpers import app_routes, post

from stepdown.web.accounts.authz import DENIED_HEADER, RULES

VISITORS = ("signed_out", "ann", "bob", "lee", "kim", "admin")
# rule -> visitors the table lets through
ALLOWED = {
    "public": set(VISITORS),
    "signed_in": {"ann", "bob", "lee", "kim", "admin"},
    "person": {"ann", "bob"},
    "staff": {"lee", "kim", "admin"},
    "admin": {"admin"},
    "linked": {"lee", "admin"},
    "local_only": set(),
}


def test_every_route_has_exactly_one_row(clinic_app) -> None:
    routes = app_routes(clinic_app)
    missing = sorted(routes - set(RULES))
    assert not missing, f"routes without a row in web/accounts/authz.py RULES: {missing}"
    stale = sorted(set(RULES) - routes)
    assert not stale, f"rows for routes that do not exist: {stale}"
    assert set(RULES.values()) <= set(ALLOWED)


def test_the_matrix_holds_for_every_route_and_visitor(people, clinic_app, new_client) -> None:
    ann_client, ann = people["ann"]
    clients = {name: client for name, (client, _) in people.items()}
    clients["signed_out"] = new_client()
    params = {
        "person_id": str(ann.person_id),
        "proposal_id": "999999",
        "dose_id": "999999",
        "change": "remove",
        "decision": "accept",
        "link_id": "999999",
        "token": "not-a-token",
    }
    # Sign-out last, so each visitor keeps their session through the walk.
    cells = sorted(RULES.items(), key=lambda item: item[0] == ("POST", "/logout"))
    failures = []
    for (method, template), rule in cells:
        url = re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)], template)
        for visitor in VISITORS:
            client = clients[visitor]
            response = client.get(url) if method == "GET" else post(client, url)
            refused = DENIED_HEADER in response.headers
            expected_refused = visitor not in ALLOWED[rule]
            if response.status_code >= 500 or refused != expected_refused:
                failures.append(f"{method} {template} as {visitor}: {response.status_code} refused={refused}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", ["/", "/checkin", "/plan", "/reports/clinician.pdf"])
def test_signed_out_visitors_are_sent_to_sign_in(new_client, path: str) -> None:
    r = new_client().get(path)
    assert r.status_code == 303 and r.headers["location"] == f"/login?next={path}"


# Written out independently of RULES, so a loosened row fails here, not only in the walk above.
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/invite/{token}"),
    ("POST", "/invite/{token}"),
    ("GET", "/calendar/{token}.ics"),  # the secret in the address is the key (calendar apps cannot sign in)
    ("GET", "/sw.js"),
}


def test_only_sign_in_invitation_and_calendar_links_are_public() -> None:
    assert {cell for cell, rule in RULES.items() if rule == "public"} == PUBLIC


def test_a_persons_data_is_reached_only_by_them_or_through_a_link() -> None:
    for (method, path), rule in RULES.items():
        if "{person_id}" in path:
            assert rule == "linked", (method, path)
        elif not path.startswith(
            ("/login", "/logout", "/invite", "/invitations", "/clinic", "/account", "/calendar/", "/sw.js")
        ):
            # The one-person app's pages: the signed-in person's own data, or refused outright.
            assert rule in ("person", "local_only"), (method, path)
    assert {p for (_, p), rule in RULES.items() if rule == "local_only"} == {
        "/reports/export.json",
        "/reports/export-csv.zip",
        "/reports/backup.db",
        "/reports/restore",
        "/reports/import",
    }
