"""Export -> import -> export gives the same document, on SQLite and PostgreSQL; bad files change nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from report_helpers import fill_every_table

from stepdown.domain.errors import InvalidInput
from stepdown.reports.export import csv_files, dumps, export_document, tables, write_csv
from stepdown.reports.import_ import import_document, parse_document
from stepdown.storage.models import Base

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in tables()
        }


def _empty(engine) -> None:
    with engine.begin() as conn:
        for table in reversed(tables()):
            conn.execute(table.delete())


def test_round_trip_gives_the_same_document_and_covers_every_table(engine) -> None:
    fill_every_table(engine)
    first = dumps(export_document(engine, now=NOW))
    document = json.loads(first)
    # generic: every table in the metadata, whoever added it, with all its rows ...
    assert set(document["tables"]) == {t.name for t in tables()}
    # ... except the clinic server's own (password hashes, sessions, everyone's audit log)
    server_only = {t.name for t in Base.metadata.sorted_tables} - {t.name for t in tables()}
    assert {"account", "login_session", "audit_log", "invitation"} <= server_only
    assert all(len(rows) == 2 for rows in document["tables"].values())
    assert document["schema_version"] == 1 and document["format"] == "stepdown-export"

    _empty(engine)
    counts = import_document(engine, parse_document(first))
    assert counts == {t.name: 2 for t in tables()}
    again = dumps(export_document(engine, now=NOW))
    assert again == first

    # ids carry on after the imported ones (PostgreSQL sequences were moved past them)
    from stepdown.storage import models as m
    from stepdown.storage.db import session_scope

    with session_scope(engine) as s:
        person = m.Person(pseudonym="new", timezone="UTC", created_at=NOW)
        s.add(person)
        s.flush()
        assert person.id == 3


def test_values_are_encoded_exactly(engine) -> None:
    fill_every_table(engine)
    document = export_document(engine, now=NOW)
    dose = document["tables"]["dose_log"][0]
    assert dose["actual_amount"] == "12.3456"  # a string: exact, never a float
    assert dose["taken_at"] == "2026-03-09T06:59:01.123456+00:00"
    assert dose["day"] == "2027-03-15"
    second = document["tables"]["checkin"][1]
    assert second["note"] is None and second["sleep_hours"] is None
    assert document["tables"]["checkin"][0]["data"]["nested"][2] == 'ünï, "q"'


def test_import_refuses_a_database_that_holds_data(engine) -> None:
    fill_every_table(engine)
    text = dumps(export_document(engine, now=NOW))
    before = _counts(engine)
    with pytest.raises(InvalidInput, match="already holds data"):
        import_document(engine, parse_document(text))
    assert _counts(engine) == before


def _damage(text: str, how: str) -> str | bytes:
    doc = json.loads(text)
    if how == "truncated":
        return text[: len(text) // 2]
    if how == "binary":
        return b"\x89PNG\r\n\x1a\n\x00\x00garbage\xff\xfe"
    if how == "foreign":
        return json.dumps({"resourceType": "Bundle", "entry": []})
    if how == "list":
        return "[1, 2, 3]"
    if how == "checksum":  # a changed value with the checksum left in place
        doc["tables"]["dose_log"][0]["actual_amount"] = "99"
    elif how == "newer":
        doc["schema_version"] = 99
    elif how == "migration":
        doc["migration"] = "0999_future"
    elif how == "unknown_table":
        doc["tables"]["secrets"] = []
        del doc["checksum"]
    elif how == "bad_value":
        doc["tables"]["checkin"][0]["day"] = "the 5th"
        del doc["checksum"]
    elif how == "missing_column":
        del doc["tables"]["person"][0]["timezone"]
        del doc["checksum"]
    elif how == "dangling_reference":  # passes every check, then fails at insert: must roll back
        for row in doc["tables"]["note"]:
            row["person_id"] = 404
        del doc["checksum"]
    return json.dumps(doc)


DAMAGE = ["truncated", "binary", "foreign", "list", "checksum", "newer", "migration", "unknown_table",
          "bad_value", "missing_column", "dangling_reference"]  # fmt: skip


def test_damaged_or_foreign_files_are_refused_and_change_nothing(engine) -> None:
    fill_every_table(engine)
    good = dumps(export_document(engine, now=NOW))
    _empty(engine)
    for how in DAMAGE:
        with pytest.raises(InvalidInput) as caught:
            import_document(engine, parse_document(_damage(good, how)))
        message = caught.value.message
        assert "\n" not in message and len(message) < 200, message
        assert any(w in message for w in ("not a", "damaged", "newer", "migration", "does not know")), message
        assert set(_counts(engine).values()) == {0}, f"{how} left rows behind"
    # and the good file still goes in afterwards
    import_document(engine, parse_document(good))
    assert set(_counts(engine).values()) == {2}


def test_csv_per_table_in_a_folder_and_a_zip(engine, tmp_path) -> None:
    fill_every_table(engine)
    document = export_document(engine, now=NOW)
    folder = write_csv(document, tmp_path / "csv")
    archive = write_csv(document, tmp_path / "export.zip")
    with zipfile.ZipFile(archive) as z:
        zipped = {name: z.read(name).decode() for name in z.namelist()}
    assert zipped == {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    assert set(zipped) == {f"{t.name}.csv" for t in tables()}
    for table in tables():
        rows = list(csv.DictReader(io.StringIO(zipped[f"{table.name}.csv"])))
        assert list(rows[0]) == [c.name for c in table.columns]
        assert len(rows) == 2
    checkins = list(csv.DictReader(io.StringIO(csv_files(document)["checkin.csv"])))
    assert json.loads(checkins[0]["data"])["nested"][2] == 'ünï, "q"'
    assert "second line" in checkins[0]["note"]  # multi-line text survives in one cell
    assert checkins[1]["note"] == ""


@settings(max_examples=200, deadline=None)
@given(
    amount=st.decimals(min_value=0, max_value=Decimal("9999999999.9999"), places=4, allow_nan=False),
    stamp=st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    day=st.dates(),
    text=st.text(max_size=200),
    blob=st.recursive(
        st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=12,
    ),
)
def test_every_value_survives_encoding_through_json(amount, stamp, day, text, blob) -> None:
    """decode(json(encode(v))) == v for each column type stepdown uses."""
    from stepdown.reports.export import decode, encode

    columns = {c.name: c for c in Base.metadata.tables["dose_log"].columns}
    note = Base.metadata.tables["note"].c.text
    data = Base.metadata.tables["event"].c.data
    cases = [
        (columns["actual_amount"], amount),
        (columns["taken_at"], stamp),
        (columns["day"], day),
        (note, text),
        (data, {"v": blob}),  # a JSON column holds an object (the column itself is not nullable)
    ]
    for column, value in cases:
        wire = json.loads(json.dumps(encode(column, value)))
        assert decode(column, wire) == value


def _as_older_export(document: dict, db_url_for_old: str) -> dict:
    """The same data as an export made by a stepdown whose newest migration was 0001_core."""
    from stepdown.reports.export import checksum
    from stepdown.storage.db import make_engine, upgrade

    old = make_engine(db_url_for_old)
    upgrade(old, "0001_core")
    names = set(sa.inspect(old).get_table_names()) - {"alembic_version"}
    old.dispose()
    table_rows = {n: rows for n, rows in document["tables"].items() if n in names}
    return {**document, "migration": "0001_core", "tables": table_rows, "checksum": checksum(table_rows),
            "columns": {n: c for n, c in document["columns"].items() if n in names}}  # fmt: skip


def test_an_export_from_an_older_migration_is_imported_and_brought_up_to_date(engine, tmp_path) -> None:
    from stepdown.storage.db import current_revision, head_revision

    fill_every_table(engine)
    document = export_document(engine, now=NOW)
    older = _as_older_export(document, f"sqlite:///{tmp_path / 'old.db'}")
    assert set(older["tables"]) < set(document["tables"])  # the toolkit tables came later
    _empty(engine)

    broken = json.loads(json.dumps(older))
    broken["tables"]["note"][0]["day"] = "someday"
    del broken["checksum"]
    with pytest.raises(InvalidInput, match="damaged"):
        import_document(engine, parse_document(json.dumps(broken)))
    assert current_revision(engine) == head_revision()  # the migration down was rolled back too
    assert set(_counts(engine).values()) == {0}

    import_document(engine, parse_document(json.dumps(older)))
    assert current_revision(engine) == head_revision()
    again = export_document(engine, now=NOW)
    for name, rows in older["tables"].items():
        assert again["tables"][name] == rows
    assert all(not again["tables"][n] for n in set(again["tables"]) - set(older["tables"]))
