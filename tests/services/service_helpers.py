"""Small helpers the service tests share (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from stepdown.storage.db import session_scope
from stepdown.storage.models import Base


def at(day: date, hour: int = 12) -> datetime:
    """Noon (or `hour`) UTC on `day`: a fixed clock for services that take `now`."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def counts(engine) -> dict[str, int]:
    """Rows per table: a refused input must leave every count as it was."""
    with session_scope(engine) as s:
        return {n: s.scalar(select(func.count()).select_from(t)) for n, t in Base.metadata.tables.items()}
