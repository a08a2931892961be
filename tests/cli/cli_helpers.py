"""Pieces the CLI tests share (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from stepdown.storage.db import make_engine, session_scope
from stepdown.storage.models import Base

TODAY = date.today()
START = TODAY - timedelta(days=5)
# A short taper from 40 mg (10 mg tablets in quarters), started five days ago with three steady days.
INIT = (
    "init", "--amount", "40", "--strength", "10", "--split", "4", "--times", "2",
    "--duration-days", "120", "--style", "short", "--stabilise-days", "3",
    "--start", START.isoformat(), "--yes",
    "--against-advice",  # short against the suggested style: a recorded choice (issue 9)
)  # fmt: skip


def counts(db_url: str) -> dict[str, int]:
    """Rows per table: a refused input must leave every count as it was."""
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            return {n: s.scalar(select(func.count()).select_from(t)) for n, t in Base.metadata.tables.items()}
    finally:
        engine.dispose()
