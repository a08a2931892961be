"""Read an export document back into an EMPTY database, all or nothing.

Every check runs before the first row is written, and the rows go in inside one transaction, so a
damaged, truncated, foreign or mismatched file is refused with one plain sentence and the database
is left exactly as it was. Importing into a database that already holds rows is refused too:
merging two people's histories silently is how data gets lost.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from stepdown.domain.errors import InvalidInput
from stepdown.reports.export import FORMAT, SCHEMA_VERSION, checksum, decode, tables
from stepdown.reports.schema import Envelope, check_json_column, first_error, json_problem


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, field="import")


def parse_document(raw: bytes | str) -> dict[str, Any]:
    """Parse and check the document's envelope (format, version, checksum); InvalidInput otherwise."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse("This file is not a stepdown export: it is not UTF-8 JSON text.") from None
    try:
        document = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise _refuse("This file is not a stepdown export: its JSON is nested far too deeply.") from None
    except ValueError:  # JSONDecodeError, NaN/Infinity, a number with thousands of digits
        raise _refuse(
            "This file is not a complete stepdown export: it is not valid JSON (cut short or damaged?)."
        ) from None
    problem = json_problem(document)
    if problem:
        raise _refuse(f"This file is not a stepdown export: {problem}.")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refuse(f'This file is not a stepdown export: it has no "format": "{FORMAT}" field.')
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse("This stepdown export is damaged: its schema_version is not a whole number.")
    if version > SCHEMA_VERSION:
        raise _refuse(
            f"This export was made by a newer stepdown (schema {version}); this version reads schema "
            f"{SCHEMA_VERSION}. Update stepdown and try again."
        )
    table_rows = document.get("tables")
    if not isinstance(table_rows, dict):
        raise _refuse('This stepdown export is damaged: it has no "tables" object.')
    try:
        Envelope.model_validate(document)
    except ValidationError as exc:
        raise _refuse(f"This stepdown export is damaged: {first_error(exc)}.") from None
    expected = document.get("checksum")
    if expected is not None and expected != checksum(table_rows):
        raise _refuse("This stepdown export is damaged: its contents do not match its checksum.")
    return document


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number stepdown writes")


def validate_document(document: dict[str, Any]) -> None:
    """Every documented shape, at the newest schema (restore checks a rebuilt database this way)."""
    decode_rows(document)


def check_migration(document: dict[str, Any]) -> str:
    """The export's database migration, if this stepdown knows it (an older one is fine)."""
    from stepdown.storage.db import known_revisions

    migration = document.get("migration")
    if not isinstance(migration, str) or migration not in known_revisions():
        raise _refuse(
            f"This export was made at database migration '{migration}', which this stepdown does not know "
            "(a newer stepdown?); update stepdown and try again."
        )
    return migration


def decode_rows(
    document: dict[str, Any], table_list: list[Any] | None = None
) -> list[tuple[Any, list[dict[str, Any]]]]:
    """(table, decoded rows) in insert order, after checking every table, row and value.

    `table_list`: the tables as they were at the export's migration (default: the newest schema)."""
    import sqlalchemy as sa

    table_list = tables() if table_list is None else table_list
    known = {t.name for t in table_list}
    unknown = sorted(set(document["tables"]) - known)
    if unknown:
        raise _refuse(
            f"This export has tables stepdown does not know ({', '.join(unknown)}); nothing was imported."
        )
    result = []
    for table in table_list:
        rows = document["tables"].get(table.name, [])
        if not isinstance(rows, list):
            raise _refuse(f"This stepdown export is damaged: table '{table.name}' is not a list of rows.")
        columns = {c.name: c for c in table.columns}
        decoded = []
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict) or set(row) != set(columns):
                raise _refuse(
                    f"This stepdown export is damaged: row {number} of '{table.name}' does not have the "
                    f"columns {', '.join(columns)}."
                )
            values = {}
            for name, column in columns.items():
                try:
                    values[name] = decode(column, row[name])
                    if values[name] is not None and isinstance(column.type, sa.JSON):
                        check_json_column(table.name, name, values[name])
                except (TypeError, ValueError, ArithmeticError) as exc:
                    raise _refuse(
                        f"This stepdown export is damaged: row {number} of '{table.name}', column '{name}' "
                        f"has a value that does not fit ({exc})."
                    ) from None
            decoded.append(values)
        result.append((table, decoded))
    return result


def import_document(
    engine: Any, document: dict[str, Any], *, blank_person_id: int | None = None
) -> dict[str, int]:
    """Insert every row into the (migrated, empty) database in one transaction; rows per table.

    `blank_person_id`: the web app creates its local person on the first page view, so a new web
    stepdown is never quite empty. That person row alone, with nothing in any other table (no plan,
    check-in, setting or note; its local-person pin aside), counts as empty and is replaced by the
    export's person.

    An export from an older migration is imported at that migration and then brought up to date, all
    in the same transaction: the empty schema is migrated down to the export's revision, the rows go
    in, and the migrations run up to the newest again (their own data changes included)."""
    import sqlalchemy as sa
    from sqlalchemy.exc import DBAPIError, IntegrityError

    from stepdown.storage.db import alembic_config, head_revision

    migration = check_migration(document)
    current = migration == head_revision()
    plan = decode_rows(document) if current else None  # an older export is checked inside, below
    counts: dict[str, int] = {}
    try:
        with engine.begin() as connection:
            busy = [
                t.name
                for t in tables()
                if connection.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            ]
            if set(busy) <= {"person", "person_setting"} and blank_person_id is not None:
                from stepdown.storage.people import LOCAL_KEY

                person = next(t for t in tables() if t.name == "person")
                setting = next(t for t in tables() if t.name == "person_setting")
                ids = connection.execute(sa.select(person.c.id)).scalars().all()
                keys = connection.execute(sa.select(setting.c.person_id, setting.c.key)).all()
                # Its only setting may be the pin that marks it as the local person.
                if ids == [blank_person_id] and set(keys) <= {(blank_person_id, LOCAL_KEY)}:
                    connection.execute(person.delete())
                    busy = []
            if busy:
                raise _refuse(
                    "This database already holds data (for example in table "
                    f"'{busy[0]}'); import only into a new, empty database."
                )
            if not current:
                from alembic import command

                command.downgrade(alembic_config(connection), migration)
                then = sa.MetaData()
                then.reflect(bind=connection)
                plan = decode_rows(document, [t for t in then.sorted_tables if t.name != "alembic_version"])
            assert plan is not None
            for table, rows in plan:
                if rows:
                    connection.execute(table.insert(), rows)
                counts[table.name] = len(rows)
            if not current:
                command.upgrade(alembic_config(connection), "head")
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection)
    except IntegrityError:
        raise _refuse(
            "This stepdown export is damaged: some rows refer to rows that are missing or repeat a unique "
            "value; nothing was imported."
        ) from None
    except DBAPIError as exc:
        raise _refuse(
            f"This stepdown export could not be stored ({type(exc.orig).__name__}); nothing was imported."
        ) from None
    return counts


def _reset_sequences(connection: Any) -> None:
    """After inserting explicit ids, move each id sequence past the largest id so new rows fit."""
    import sqlalchemy as sa

    for table in tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, sa.Integer):
                continue
            sequence = connection.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence:
                largest = f'(SELECT MAX("{column.name}") FROM "{table.name}")'
                connection.execute(
                    sa.text(f"SELECT setval(:s, COALESCE({largest}, 0) + 1, false)"), {"s": sequence}
                )
