"""Recovery toolkit tables (migration 0002_toolkit): cravings, lapses, support network, distractions,
milestones. Every row belongs to a person. Lapses and cravings are history: nothing here is ever
reset or overwritten by a later event."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from stepdown.storage.models.base import Base, Stamp, person_fk


class Craving(Base):
    __tablename__ = "craving"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    at: Mapped[datetime] = mapped_column(Stamp, index=True)
    intensity: Mapped[int] = mapped_column(Integer)  # 0-10
    triggers: Mapped[list[Any]] = mapped_column(JSON)
    helped: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(10))  # passed | used
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Stamp)


class Lapse(Base):
    __tablename__ = "lapse"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    at: Mapped[datetime] = mapped_column(Stamp, index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    unit: Mapped[str] = mapped_column(String(20))
    led_to: Mapped[str | None] = mapped_column(Text)
    reflection: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(Stamp)


class Contact(Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    name: Mapped[str] = mapped_column(String(80))
    relation: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(30))
    is_therapist: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(Stamp)


class SupportGroup(Base):
    __tablename__ = "support_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str | None] = mapped_column(String(60))
    details: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Stamp)


class Distraction(Base):
    __tablename__ = "distraction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    text: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(Stamp)


class Milestone(Base):
    """A milestone reached. UNIQUE(person_id, code): each one is recorded, and celebrated, once."""

    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("person_id", "code", name="uq_milestone_person_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    code: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    achieved_on: Mapped[date] = mapped_column(Date)
    celebrated_at: Mapped[datetime | None] = mapped_column(Stamp)
    created_at: Mapped[datetime] = mapped_column(Stamp)
