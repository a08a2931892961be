"""Declarative base shared by every table. One naming convention so constraint names are the same
on SQLite and PostgreSQL (Alembic's batch mode on SQLite needs named constraints)."""

from __future__ import annotations

from sqlalchemy import JSON, DateTime, ForeignKey, MetaData, Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict: JSON, list: JSON}


# Amounts are measurable units (a quarter tablet, 0.1 g, one syringe mark): 4 decimals is exact.
Amount = Numeric(14, 4)
Stamp = DateTime(timezone=True)


def person_fk() -> Mapped[int]:
    """The owning person: every row belongs to one, and goes when the person is deleted."""
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
