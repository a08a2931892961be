"""Core tables. Every row belongs to a person (person_id), so a clinic server later adds accounts,
not a new schema. JSON columns hold the documented domain shapes (Plan.to_dict() and friends)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from stepdown.storage.models.base import Amount, Base, Stamp, person_fk


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(Stamp)


class PersonSetting(Base):
    __tablename__ = "person_setting"
    __table_args__ = (UniqueConstraint("person_id", "key", name="uq_person_setting_person_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON)


class Intake(Base):
    __tablename__ = "intake"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    created_at: Mapped[datetime] = mapped_column(Stamp)
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON)


class Plan(Base):
    """A taper. Its content lives in revisions; status is active, finished or stopped."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(Stamp)
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intake.id", ondelete="SET NULL"))


class PlanRevision(Base):
    """One version of a plan. Never overwritten: a change adds the next number with its reason."""

    __tablename__ = "plan_revision"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_plan_revision_plan_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(Stamp)
    kind: Mapped[str] = mapped_column(String(30))  # initial | hold | slow | resume | return | ...
    reason: Mapped[str] = mapped_column(Text)
    trigger: Mapped[dict[str, Any]] = mapped_column(JSON)
    accepted_by: Mapped[str] = mapped_column(String(100))  # person | clinician:<name> | ...
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)  # Plan.to_dict()


class MagnesiumPlan(Base):
    __tablename__ = "magnesium_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(Stamp)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)  # MagnesiumPlan.to_dict()


class DoseLog(Base):
    __tablename__ = "dose_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    taken_at: Mapped[datetime] = mapped_column(Stamp)
    planned_amount: Mapped[Decimal | None] = mapped_column(Amount)
    actual_amount: Mapped[Decimal] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class MagnesiumLog(Base):
    __tablename__ = "magnesium_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    day: Mapped[date] = mapped_column(Date, index=True)
    taken_at: Mapped[datetime] = mapped_column(Stamp)
    elemental_mg: Mapped[Decimal] = mapped_column(Amount)
    meal: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)


class Checkin(Base):
    """One check-in per person per day; answering again updates it and keeps the old one in history."""

    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("person_id", "day", name="uq_checkin_person_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(Stamp)
    updated_at: Mapped[datetime] = mapped_column(Stamp)
    version: Mapped[int] = mapped_column(Integer, default=1)
    scale: Mapped[str] = mapped_column(String(20))  # SOWS16 | SOWS10
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    total: Mapped[int] = mapped_column(Integer)
    craving: Mapped[int | None] = mapped_column(Integer)
    sleep_hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    sleep_quality: Mapped[int | None] = mapped_column(Integer)
    mood: Mapped[int | None] = mapped_column(Integer)
    self_care: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    red_flags: Mapped[list[Any]] = mapped_column(JSON)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the whole validated input (water, meals, ...)


class CheckinHistory(Base):
    """Earlier versions of a check-in, kept when the person answers again the same day."""

    __tablename__ = "checkin_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkin.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    replaced_at: Mapped[datetime] = mapped_column(Stamp)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class Proposal(Base):
    """A suggested plan change (hold, slow, resume ...) the person accepts or declines."""

    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(Stamp)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    explanation: Mapped[str] = mapped_column(Text)
    trigger: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decided_at: Mapped[datetime | None] = mapped_column(Stamp)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("plan_revision.id", ondelete="SET NULL"))


class Event(Base):
    """Something that happened: hold, slowdown, red_flag, lapse, acknowledged, proposal decisions."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    created_at: Mapped[datetime] = mapped_column(Stamp)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    acknowledged_at: Mapped[datetime | None] = mapped_column(Stamp)


class Note(Base):
    __tablename__ = "note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = person_fk()
    created_at: Mapped[datetime] = mapped_column(Stamp)
    day: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))  # clinician | personal | ...
    text: Mapped[str] = mapped_column(Text)
