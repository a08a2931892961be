"""Everything in the database as one versioned JSON document, or as one CSV file per table.

Generic over `Base.metadata.sorted_tables`: a table another part of stepdown adds is exported (and
imported) without touching this module. Tables come in dependency order (parents first) and rows
in primary-key order, so the same data always gives the same document byte for byte.

Value encoding (the same in JSON and CSV, documented in the README, "Export JSON"):
- integers and booleans as JSON numbers / booleans, text as strings,
- exact decimals (amounts) as strings ("12.5"), so no tool rounds them through a float,
- dates as "YYYY-MM-DD"; time stamps in UTC as "YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00",
- JSON columns as JSON; missing values as null (an empty cell in CSV).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import zipfile
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from stepdown import __version__

FORMAT = "stepdown-export"
SCHEMA_VERSION = 1


def tables() -> list[Any]:
    """Every table, parents before children; server-only tables (accounts, sessions, audit) never."""
    from stepdown.storage.models import Base

    return [t for t in Base.metadata.sorted_tables if not t.info.get("server_only")]


def encode(column: Any, value: Any) -> Any:
    """A stored value as its JSON form (see the module docstring)."""
    import sqlalchemy as sa

    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.JSON):
        return value
    if isinstance(kind, sa.DateTime):
        if value.tzinfo is None:
            # SQLite hands back time stamps without their zone; stepdown stores UTC.
            return value.replace(tzinfo=UTC).isoformat() if kind.timezone else value.isoformat()
        return value.astimezone(UTC).isoformat()
    if isinstance(kind, sa.Date):
        return value.isoformat()
    if isinstance(kind, sa.Time):
        return value.isoformat()
    if isinstance(kind, sa.Float):
        return float(value)
    if isinstance(kind, sa.Numeric):
        return _decimal_text(Decimal(str(value)))
    if isinstance(kind, sa.Boolean):
        return bool(value)
    if isinstance(kind, sa.Integer):
        return int(value)
    return str(value)


def decode(column: Any, value: Any) -> Any:
    """The JSON form back to a Python value for `column`; ValueError/TypeError when it does not fit."""
    import sqlalchemy as sa

    if value is None:
        if not column.nullable and not column.primary_key:
            raise ValueError("a value is required")
        return None
    kind = column.type
    if isinstance(kind, sa.JSON):
        return value
    if isinstance(kind, sa.DateTime):
        _expect(value, str)
        parsed = datetime.fromisoformat(value)
        if kind.timezone and parsed.tzinfo is None:
            raise ValueError("a time stamp needs its UTC offset")
        return parsed
    if isinstance(kind, sa.Date):
        _expect(value, str)
        return date.fromisoformat(value)
    if isinstance(kind, sa.Time):
        _expect(value, str)
        return time.fromisoformat(value)
    if isinstance(kind, sa.Float):
        _expect(value, int | float)
        if not math.isfinite(value) or abs(value) > 1e15:
            raise ValueError("not a finite number of a sensible size")
        return float(value)
    if isinstance(kind, sa.Numeric):
        if isinstance(value, bool):
            raise TypeError("expected a number")
        _expect(value, str | int)
        if len(str(value)) > 40:
            raise ValueError("a number far too long")
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError("not a finite number")
        whole_digits = getattr(kind, "precision", None) or 30
        if number and number.adjusted() >= whole_digits - (getattr(kind, "scale", None) or 0):
            raise ValueError("a number too large for this column")
        return number
    if isinstance(kind, sa.Boolean):
        _expect(value, bool)
        return value
    if isinstance(kind, sa.Integer):
        if isinstance(value, bool):
            raise TypeError("expected a whole number")
        _expect(value, int)
        if not -(2**63) <= value < 2**63:
            raise ValueError("a whole number too large to store")
        return value
    _expect(value, str)
    length = getattr(kind, "length", None)
    if length is not None and len(value) > length:
        raise ValueError(f"longer than {length} characters")
    return value


def _expect(value: Any, kind: Any) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"unexpected {type(value).__name__}")


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def owner_column(table: Any) -> Any:
    """The column that says whose a row is: person.id, else person_id (every exported table has one)."""
    return table.c.id if table.name == "person" else table.c.person_id


def read_tables(connection: Any, person_id: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, encoded, in a stable order; only one person's rows with `person_id`."""
    import sqlalchemy as sa

    result: dict[str, list[dict[str, Any]]] = {}
    for table in tables():
        order = list(table.primary_key.columns) or list(table.columns)
        query = sa.select(table).order_by(*order)
        if person_id is not None:
            query = query.where(owner_column(table) == person_id)
        rows = connection.execute(query).mappings()
        result[table.name] = [{c.name: encode(c, row[c.name]) for c in table.columns} for row in rows]
    return result


def checksum(table_rows: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the tables: a damaged file fails it."""
    canonical = json.dumps(table_rows, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def export_document(engine: Any, *, now: datetime, person_id: int | None = None) -> dict[str, Any]:
    """The whole database as the versioned export document (see the README, "Export JSON"); with
    `person_id`, only that person's rows (a clinic server's per-person export and backup)."""
    from stepdown.storage.db import current_revision

    # One transaction: the document is a consistent snapshot even while the app writes.
    with engine.connect() as connection, connection.begin():
        table_rows = read_tables(connection, person_id)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "migration": current_revision(engine),
        "app_version": __version__,
        "exported_at": now.astimezone(UTC).isoformat(timespec="seconds"),
        "columns": {t.name: [c.name for c in t.columns] for t in tables()},
        "checksum": checksum(table_rows),
        "tables": table_rows,
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def csv_files(document: dict[str, Any]) -> dict[str, str]:
    """File name -> CSV text: one file per table with a header row, JSON columns as compact JSON. Text
    that starts like a formula (= + - @ tab CR) is written with a leading ' (see `safe_cell`)."""
    files: dict[str, str] = {}
    for name, rows in document["tables"].items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        columns = document["columns"][name]
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in columns])
        files[f"{name}.csv"] = buffer.getvalue()
    return files


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP)
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.][0-9]+)?")


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text: a cell that starts like a formula gets a leading ' (as OWASP's
    CSV-injection advice says); plain numbers such as -2.5 are left as they are."""
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(str(value))


def write_csv(document: dict[str, Any], out: Path) -> Path:
    """Write the CSV files into folder `out`, or into a zip file when `out` ends with .zip."""
    from stepdown.storage.files import private_folder, write_private

    if out.suffix.lower() == ".zip":
        return write_private(out, csv_zip_bytes(document))
    private_folder(out)
    for name, text in csv_files(document).items():
        write_private(out / name, text.encode("utf-8"))
    return out


def csv_zip_bytes(document: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in csv_files(document).items():
            archive.writestr(name, text)
    return buffer.getvalue()
