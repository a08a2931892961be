"""A clinic server's per-person restore: one person's own JSON export read back into their account.

The whole-database import (import_.py) needs an empty database; a server holds other people. Here the
file must be an export of the very person signed in (export_document with person_id) at this
server's migration, checked with the same schema as an import; then:
- every row must be theirs: one person row with their id, every person_id theirs;
- every reference (plan_id, checkin_id, ...) must point at a row in the same file;
- no id may be another person's row, or one this server never gave out (PostgreSQL sequences);
- a row a clinician made (an agreement revision, a note for the person) must be one the server holds
  now, unchanged: a backup cannot add or alter what a clinician recorded.
Only then, in one transaction with the person's row locked, their own health data is replaced: their
rows are deleted and the file's inserted with the same ids (event data names plans by id, so ids are
kept, not renumbered). The account, care links, calendar feeds and audit log are left as they are.
"""

from __future__ import annotations

from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.reports.export import encode, owner_column
from stepdown.reports.import_ import check_migration, decode_rows

NOT_YOURS = (
    "This file is not an export of your own account (it names another person); nothing was changed. "
    "Use the JSON export you downloaded while signed in as yourself."
)


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, field="export_file")


def _made_by_clinician(table: str, row: dict[str, Any]) -> bool:
    from stepdown.services.clinic import FROM_CLINICIAN

    if table == "plan_revision":
        return row["accepted_by"] != "person" or "clinician_agreement" in (row["trigger"] or {})
    return table == "note" and row["kind"] == FROM_CLINICIAN


def check_own_rows(plan: list[tuple[Any, list[dict[str, Any]]]], person_id: int) -> None:
    """Every row belongs to `person_id` and refers only to rows in the same file; InvalidInput if not."""
    ids = {table.name: {row["id"] for row in rows} for table, rows in plan}
    people = ids.get("person", set())
    if people != {person_id}:
        raise _refuse(NOT_YOURS if people else "This file holds no person's data; nothing was changed.")
    for table, rows in plan:
        owner = owner_column(table).name
        links = [
            (c.name, fk.column.table.name) for c in table.columns if c.name != owner for fk in c.foreign_keys
        ]
        for number, row in enumerate(rows, start=1):
            if row[owner] != person_id:
                raise _refuse(NOT_YOURS)
            for column, target in links:
                if row[column] is not None and row[column] not in ids.get(target, set()):
                    raise _refuse(
                        f"This stepdown export is damaged: row {number} of '{table.name}' refers to a "
                        f"'{target}' row that is not in the file; nothing was changed."
                    )


def restore_person(engine: Any, document: dict[str, Any], person_id: int) -> dict[str, int]:
    """Replace the person's own data with the rows of their export `document`; rows per table."""
    import sqlalchemy as sa
    from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

    from stepdown.storage.db import head_revision

    if check_migration(document) != head_revision():
        raise _refuse(
            "This export was made by another version of stepdown; a clinic server restores only exports "
            "it made at its current version. Nothing was changed."
        )
    plan = decode_rows(document)
    check_own_rows(plan, person_id)
    counts: dict[str, int] = {}
    try:
        with engine.begin() as connection:
            person = next(table for table, _ in plan if table.name == "person")
            locked = connection.execute(
                sa.select(person.c.id).where(person.c.id == person_id).with_for_update()
            ).first()
            if locked is None:
                raise _refuse(NOT_YOURS)
            for table, rows in plan:
                _check_ids_are_free(connection, table, rows, person_id)
                _check_clinician_rows(connection, table, rows)
            for table, _ in reversed(plan):
                if table is not person:
                    connection.execute(table.delete().where(table.c.person_id == person_id))
            for table, rows in plan:
                if table is person:
                    values = {k: v for k, v in rows[0].items() if k != "id"}
                    connection.execute(person.update().where(person.c.id == person_id).values(**values))
                elif rows:
                    connection.execute(table.insert(), rows)
                counts[table.name] = len(rows)
    except IntegrityError:
        raise _refuse(
            "This stepdown export is damaged: some rows repeat a unique value or leave out a required one; "
            "nothing was changed."
        ) from None
    except DataError:
        raise _refuse(
            "This stepdown export holds a value this database cannot store (a number too large, or a text "
            "too long); nothing was changed."
        ) from None
    except DBAPIError as exc:
        raise _refuse(
            f"This stepdown export could not be stored ({type(exc.orig).__name__}); nothing was changed."
        ) from None
    return counts


def _check_ids_are_free(connection: Any, table: Any, rows: list[dict[str, Any]], person_id: int) -> None:
    """No id of the file may be another person's row, or one the id sequence never gave out (a later
    row of someone else would then collide with it)."""
    import sqlalchemy as sa

    if table.name == "person" or not rows:
        return
    ids = sorted(row["id"] for row in rows)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        taken = connection.execute(
            sa.select(table.c.id).where(table.c.id.in_(chunk), table.c.person_id != person_id).limit(1)
        ).first()
        if taken is not None:
            raise _refuse(NOT_YOURS)
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(
            sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}
        ).scalar()
        if sequence:
            last, called = connection.execute(
                sa.text(f"SELECT last_value, is_called FROM {sequence}")  # a name PostgreSQL gave
            ).one()
            if ids[-1] > (last if called else last - 1):
                raise _refuse(NOT_YOURS)


def _check_clinician_rows(connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    import sqlalchemy as sa

    for row in rows:
        if not _made_by_clinician(table.name, row):
            continue
        held = connection.execute(sa.select(table).where(table.c.id == row["id"])).mappings().first()
        same = held is not None and all(encode(c, held[c.name]) == encode(c, row[c.name]) for c in table.c)
        if not same:
            raise _refuse(
                f"This file holds a record a clinician made ('{table.name}' row {row['id']}) that this "
                "server does not hold in that form; a backup cannot add or change what a clinician recorded. "
                "Nothing was changed."
            )
