"""Each person's data stays theirs on a clinic server: their own export (their backup), a restore
into their own account only, and "delete all my data", each with two people (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from clinic_helpers import post, sign_in
from fastapi.testclient import TestClient

BOB_NOTE = "bob-private-note-7731"
ANN_NOTE = "ann-own-note-1209"


def start(client: TestClient, daily: str) -> None:
    form = {
        "substance": "7-oh-tablets",
        "form": "tablet",
        "unit": "mg",
        "daily_amount": daily,
        "times_per_day": "2",
        "strength": "15",
        "split": "4",
        "duration": "6",
        "duration_unit": "months",
        "attempts": "0",
        "mg_form": "glycinate",
        "meals": "2",
        "start": (date.today() - timedelta(days=4)).isoformat(),
        "stabilise_days": "0",
        "style": "short",
        "against_advice": "yes",
        "action": "confirm",
        "understood": "yes",
    }
    r = post(client, "/start", form)
    assert r.status_code == 303, r.text


@pytest.fixture
def two(people):  # noqa: ANN201
    """ann and bob, each with a plan and a note of their own (bob's 90 mg and note are distinctive)."""
    ann, _ = people["ann"]
    bob, _ = people["bob"]
    start(ann, "60")
    start(bob, "90")
    assert post(ann, "/reports/notes", {"note": ANN_NOTE}).status_code == 303
    assert post(bob, "/reports/notes", {"note": BOB_NOTE}).status_code == 303
    return people


def export_of(client: TestClient) -> dict:
    r = client.get("/reports/my-export.json")
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
    return r.json()


def upload(client: TestClient, document: dict | bytes, confirm: str = "RESTORE"):  # noqa: ANN201
    from clinic_helpers import BASE

    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        "/reports/my-restore",
        data={"csrf_token": client.cookies.get("stepdown_csrf"), "restore_confirm": confirm},
        files={"export_file": ("mine.json", raw, "application/json")},
        headers={"Origin": BASE},
    )


def resealed(document: dict) -> dict:
    """The document with its checksum recomputed, as someone editing the file by hand would do."""
    from stepdown.reports.export import checksum

    return {**document, "checksum": checksum(document["tables"])}


def test_a_persons_export_holds_only_their_own_rows(two) -> None:
    ann, ann_account = two["ann"]
    _, bob_account = two["bob"]
    document = export_of(ann)
    text = json.dumps(document)
    assert ANN_NOTE in text and BOB_NOTE not in text
    assert [p["id"] for p in document["tables"]["person"]] == [ann_account.person_id]
    for name, rows in document["tables"].items():
        for row in rows:
            assert row.get("person_id", row.get("id")) == ann_account.person_id, name
    # bob takes 90 mg a day, ann 60: only ann's intake is there; and no server-only table
    assert [str(r["input"]["daily_amount"]) for r in document["tables"]["intake"]] == ["60"]
    assert not {"account", "login_session", "audit_log", "care_link"} & set(document["tables"])
    # The CSV zip is made from the same scoped document.
    r = ann.get("/reports/my-export-csv.zip")
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        everything = "".join(archive.read(n).decode() for n in archive.namelist())
        people_csv = archive.read("person.csv").decode().splitlines()
    assert ANN_NOTE in everything and BOB_NOTE not in everything
    assert len(people_csv) == 2 and people_csv[1].startswith(f"{ann_account.person_id},")
    assert str(bob_account.person_id) != str(ann_account.person_id)


def test_the_reports_page_offers_the_persons_own_tools_not_the_whole_database(two) -> None:
    ann, _ = two["ann"]
    page = ann.get("/reports").text
    assert "/reports/my-export.json" in page and "/reports/my-restore" in page
    for local_only in ('"/reports/export.json"', "backup.db", '"/reports/restore', '"/reports/import'):
        assert local_only not in page
    for url in ("/reports/export.json", "/reports/export-csv.zip", "/reports/backup.db"):
        assert ann.get(url).status_code == 403


def test_a_person_restores_their_own_export_and_no_one_else_is_touched(two) -> None:
    ann, _ = two["ann"]
    bob, _ = two["bob"]
    saved = export_of(ann)
    bob_before = export_of(bob)["tables"]
    assert post(ann, "/reports/notes", {"note": "written-after-the-backup"}).status_code == 303
    assert upload(ann, saved, confirm="restore").status_code == 400  # the word, in capitals
    assert "written-after-the-backup" in json.dumps(export_of(ann))
    r = upload(ann, saved)
    assert r.status_code == 303 and r.headers["location"].startswith("/reports?done=imported")
    after = export_of(ann)
    assert after["tables"] == saved["tables"]  # exactly the backup again, same ids
    assert export_of(bob)["tables"] == bob_before
    assert ann.get("/").status_code == 200  # Today works on the restored plan


def _note_row(document: dict, text: str) -> dict:
    return next(r for r in document["tables"]["note"] if r["text"] == text)


def test_a_file_that_would_write_to_another_person_is_refused(two) -> None:
    ann, ann_account = two["ann"]
    bob, bob_account = two["bob"]
    mine, bobs = export_of(ann), export_of(bob)
    ann_before, bob_before = mine["tables"], bobs["tables"]

    def edited(change) -> dict:  # noqa: ANN001
        document = json.loads(json.dumps(mine))
        change(document["tables"])
        return resealed(document)

    def note_to_bob(tables: dict) -> None:
        _note_row({"tables": tables}, ANN_NOTE)["person_id"] = bob_account.person_id

    def take_bobs_note_id(tables: dict) -> None:
        _note_row({"tables": tables}, ANN_NOTE)["id"] = _note_row(bobs, BOB_NOTE)["id"]

    def revision_on_bobs_plan(tables: dict) -> None:
        tables["plan_revision"][0]["plan_id"] = bobs["tables"]["plan"][0]["id"]

    def become_bob(tables: dict) -> None:
        for rows in tables.values():
            for row in rows:
                row["person_id" if "person_id" in row else "id"] = bob_account.person_id

    def id_never_given(tables: dict) -> None:
        _note_row({"tables": tables}, ANN_NOTE)["id"] = (
            2**31 - 10
        )  # fits the column, but no sequence gave it out

    def number_too_large(tables: dict) -> None:
        tables["plan_revision"][0]["number"] = 2**40  # a whole number, but wider than the column

    def forged_clinician_note(tables: dict) -> None:
        _note_row({"tables": tables}, ANN_NOTE)["kind"] = "from_clinician"

    mismatch = "not an export of your own account"
    cases = [
        (bobs, mismatch),
        (edited(note_to_bob), mismatch),
        (edited(take_bobs_note_id), mismatch),
        (edited(revision_on_bobs_plan), "refers to a 'plan' row that is not in the file"),
        (edited(become_bob), mismatch),
        (edited(forged_clinician_note), "a record a clinician made"),
    ]
    if two["admin"][0].app.state.engine.dialect.name == "postgresql":
        cases.append((edited(id_never_given), mismatch))  # SQLite gives max(id) + 1: no collision later
        cases.append((edited(number_too_large), "a value this database cannot store"))
    for document, why in cases:
        r = upload(ann, document)
        text = html.unescape(r.text)
        assert r.status_code == 400 and why in text, text[-3000:]
        assert "nothing was changed" in text.lower()
        assert export_of(ann)["tables"] == ann_before
        assert export_of(bob)["tables"] == bob_before


def test_delete_all_my_data_removes_only_that_person_and_signs_them_out(two, clinic_app) -> None:
    from stepdown.services.accounts import find_account
    from stepdown.services.audit import entries_about

    ann, ann_account = two["ann"]
    bob, _ = two["bob"]
    lee, _ = two["lee"]
    engine = clinic_app.state.engine
    assert lee.get(f"/clinic/people/{ann_account.person_id}").status_code == 200  # an audited view
    bob_before = export_of(bob)["tables"]
    assert post(ann, "/settings/delete", {"confirm": "delete"}).status_code == 400  # nothing yet
    assert find_account(engine, "ann") is not None
    r = post(ann, "/settings/delete", {"confirm": "DELETE"})
    assert r.status_code == 303 and r.headers["location"] == "/login?deleted=1"
    assert "stepdown_session=" in r.headers["set-cookie"]  # the cookie is cleared too
    assert "Your data and your account are deleted" in ann.get("/login?deleted=1").text
    # B's data is exactly as it was: no setting pinned on them, nothing else written.
    assert export_of(bob)["tables"] == bob_before
    # A's data, account, sessions and care link are gone; A cannot sign in again.
    with engine.connect() as conn:
        from sqlalchemy import func, select

        from stepdown.storage.models import Base

        for table in Base.metadata.sorted_tables:
            column = table.c.get("person_id")
            if column is not None and table.name != "audit_log":
                query = select(func.count()).select_from(table).where(column == ann_account.person_id)
                assert conn.scalar(query) == 0, table.name
    assert find_account(engine, "ann") is None
    assert sign_in(ann, "ann").status_code == 401
    assert ann.get("/").status_code == 303
    assert lee.get(f"/clinic/people/{ann_account.person_id}").status_code == 404
    # The audit log is append-only: its entries about A stay.
    whats = [e["what"] for e in entries_about(engine, ann_account.person_id)]
    assert f"GET /clinic/people/{ann_account.person_id}" in whats and "POST /settings/delete" in whats


def test_every_exported_table_says_whose_its_rows_are() -> None:
    """The per-person export and restore scope every table by its owner column; a new table without
    person_id would otherwise leak into (or be missed by) a person's file."""
    from stepdown.reports.export import owner_column, tables

    for table in tables():
        column = owner_column(table)
        assert column.name == ("id" if table.name == "person" else "person_id"), table.name
        if table.name != "person":
            assert {fk.column.table.name for fk in column.foreign_keys} == {"person"}, table.name
