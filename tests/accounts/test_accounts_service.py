"""Accounts, sign-in throttling, sessions and the audit log, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from clinic_helpers import PASSWORD, post, sign_in

from stepdown.domain.errors import InvalidInput
from stepdown.messages import accounts as msg
from stepdown.services import accounts as svc

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_passwords_are_hashed_with_argon2id_at_the_library_defaults(monkeypatch) -> None:
    monkeypatch.undo()  # the real cost, not the tests' cheap one
    stored = svc.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and PASSWORD not in stored


def test_wrong_password_and_unknown_name_get_the_same_answer(engine) -> None:
    svc.create_account(engine, username="lee", password=PASSWORD, role="clinician", now=NOW)
    answers = []
    for name, password in (("lee", "wrong password!"), ("nobody", PASSWORD)):
        with pytest.raises(svc.LoginRefused) as caught:
            svc.authenticate(engine, name, password, address="10.0.0.1", now=NOW)
        answers.append(caught.value.message)
    assert answers == [msg.LOGIN_FAILED, msg.LOGIN_FAILED]
    assert svc.authenticate(engine, "LEE", PASSWORD, address="10.0.0.1", now=NOW).username == "lee"


def test_five_failures_lock_the_name_and_say_when_to_retry(engine) -> None:
    svc.create_account(engine, username="ann", password=PASSWORD, role="person", now=NOW)
    for i in range(svc.ACCOUNT_LIMIT):
        with pytest.raises(svc.LoginRefused):
            svc.authenticate(engine, "ann", f"wrong-{i}-password", address=f"10.0.0.{i}", now=NOW)
    # Even the right password waits until the pause ends, and the message names the time.
    with pytest.raises(svc.LoginRefused) as caught:
        svc.authenticate(engine, "ann", PASSWORD, address="10.0.0.99", now=NOW + timedelta(minutes=1))
    assert caught.value.locked_until == NOW + svc.LOCKOUT
    assert "09:15 UTC" in caught.value.message
    later = NOW + svc.LOCKOUT + timedelta(seconds=1)
    assert svc.authenticate(engine, "ann", PASSWORD, address="10.0.0.99", now=later).username == "ann"


def test_an_unknown_name_is_locked_the_same_way_as_a_known_one(engine) -> None:
    for _ in range(svc.ACCOUNT_LIMIT):
        with pytest.raises(svc.LoginRefused):
            svc.authenticate(engine, "ghost", "wrong password", address="10.0.0.1", now=NOW)
    with pytest.raises(svc.LoginRefused) as caught:
        svc.authenticate(engine, "ghost", "wrong password", address="10.0.0.2", now=NOW)
    assert caught.value.locked_until is not None


def test_one_address_trying_many_names_is_paused(engine) -> None:
    svc.create_account(engine, username="bob", password=PASSWORD, role="person", now=NOW)
    for i in range(svc.ADDRESS_LIMIT):
        with pytest.raises(svc.LoginRefused):
            svc.authenticate(engine, f"name{i}", "wrong password", address="203.0.113.5", now=NOW)
    with pytest.raises(svc.LoginRefused) as caught:
        svc.authenticate(engine, "bob", PASSWORD, address="203.0.113.5", now=NOW)
    assert caught.value.locked_until is not None
    assert svc.authenticate(engine, "bob", PASSWORD, address="198.51.100.7", now=NOW).username == "bob"


def test_sessions_end_when_idle_too_long_revoked_or_past_their_age(engine) -> None:
    account = svc.create_account(engine, username="kim", password=PASSWORD, role="clinician", now=NOW)
    idle = timedelta(minutes=30)
    token = svc.start_session(engine, account.id, address="10.0.0.1", now=NOW)
    assert svc.resolve_session(engine, token, idle=idle, now=NOW + timedelta(minutes=29)) == account
    # Use keeps it alive (last_seen_at moved at 29 minutes) ...
    assert svc.resolve_session(engine, token, idle=idle, now=NOW + timedelta(minutes=58)) == account
    # ... idleness ends it ...
    assert svc.resolve_session(engine, token, idle=idle, now=NOW + timedelta(minutes=89)) is None
    # ... and so does the absolute age, however busy.
    token = svc.start_session(engine, account.id, address="10.0.0.1", now=NOW)
    t = NOW
    while t < NOW + svc.SESSION_MAX_AGE - timedelta(minutes=20):
        t += timedelta(minutes=20)
        assert svc.resolve_session(engine, token, idle=idle, now=t) == account
    assert svc.resolve_session(engine, token, idle=idle, now=NOW + svc.SESSION_MAX_AGE) is None
    token = svc.start_session(engine, account.id, address="10.0.0.1", now=NOW)
    svc.revoke_sessions(engine, account.id, now=NOW)
    assert svc.resolve_session(engine, token, idle=idle, now=NOW) is None


def test_a_new_password_ends_every_session(engine) -> None:
    account = svc.create_account(engine, username="kim", password=PASSWORD, role="clinician", now=NOW)
    token = svc.start_session(engine, account.id, address="10.0.0.1", now=NOW)
    svc.set_password(engine, account.id, "another long password")
    assert svc.resolve_session(engine, token, idle=timedelta(minutes=30), now=NOW) is None


def test_bad_account_input_changes_nothing(engine) -> None:
    from sqlalchemy import func, select

    from stepdown.storage.db import session_scope
    from stepdown.storage.models import Person
    from stepdown.storage.models.accounts import account

    svc.create_account(engine, username="ann", password=PASSWORD, role="person", now=NOW)
    for kwargs in (
        {"username": "ann", "password": PASSWORD},  # taken
        {"username": "a b", "password": PASSWORD},
        {"username": "cat", "password": "short"},
        {"username": "dan", "password": PASSWORD, "timezone": "Mars/Base"},
    ):
        with pytest.raises(InvalidInput):
            svc.create_account(engine, role="person", now=NOW, **kwargs)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(account)) == 1
        assert s.scalar(select(func.count()).select_from(Person)) == 1


def test_the_audit_log_refuses_updates_and_deletes(engine) -> None:
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DatabaseError

    from stepdown.services.audit import entries_about, record
    from stepdown.storage.db import session_scope
    from stepdown.storage.models.accounts import audit_log

    record(engine, actor_id=1, actor="clinician:lee", subject_person_id=7, action="view", what="GET /x")
    for statement in (update(audit_log).values(actor="someone else"), delete(audit_log)):
        with pytest.raises(DatabaseError), session_scope(engine) as s:
            s.execute(statement)
    assert [e["actor"] for e in entries_about(engine, 7)] == ["clinician:lee"]


def test_sign_in_rotates_the_session_and_sets_a_strict_cookie(people, new_client) -> None:
    client = new_client()
    client.cookies.set("stepdown_session", "planted-by-someone-else", domain="clinic.example")
    r = sign_in(client, "ann")
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "stepdown_session=" in cookie and "planted-by-someone-else" not in cookie
    for flag in ("HttpOnly", "Secure", "SameSite=lax"):
        assert flag.lower() in cookie.lower()
    assert r.headers["strict-transport-security"].startswith("max-age=")
    first = client.cookies.get("stepdown_session")
    assert sign_in(client, "ann").status_code == 303
    assert client.cookies.get("stepdown_session") != first


def test_the_lockout_page_says_when_to_retry(people, new_client) -> None:
    client = new_client()
    for _ in range(svc.ACCOUNT_LIMIT):
        assert sign_in(client, "ann", "not the password").status_code == 401
    r = sign_in(client, "ann")
    assert r.status_code == 429 and "Try again then" in r.text and "UTC" in r.text


def test_an_invitation_works_once(people, new_client) -> None:
    from clinic_helpers import accept, invite

    lee, _ = people["lee"]
    path = invite(lee, "person")
    assert accept(new_client(), path, "carol").status_code == 303
    r = accept(new_client(), path, "dave")
    assert r.status_code == 404 and msg.INVITATION_INVALID in r.text


def test_a_reset_link_sets_a_new_password_and_ends_old_sessions(people, new_client) -> None:
    from clinic_helpers import invite

    admin, _ = people["admin"]
    ann, _ = people["ann"]
    path = invite(admin, "reset", for_username="ann")
    new = "a brand new password"
    r = post(new_client(), path, {"action": "reset", "password": new, "password_again": new})
    assert r.status_code == 303
    assert ann.get("/checkin").status_code == 303  # the old session is gone
    assert sign_in(new_client(), "ann", new).status_code == 303


def test_a_clinician_may_reset_only_a_linked_persons_password(people) -> None:
    kim, _ = people["kim"]
    r = post(kim, "/invitations", {"kind": "reset", "for_username": "ann"})
    assert r.status_code == 400
    r = post(kim, "/invitations", {"kind": "clinician"})
    assert r.status_code == 400
