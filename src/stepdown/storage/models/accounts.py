"""Server-mode tables (migration 0006_accounts): accounts, care links, sessions, login throttles,
invitations and the audit log.

Core tables marked info={"server_only": True}: the whole-database export and import skip them,
so a file never carries password hashes, session tokens or other people's audit rows. Rows that
belong to a person go with them (ON DELETE CASCADE); the audit log has no foreign key (its column is
subject_person_id), so deleting a person never rewrites it.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.types import JSON

from stepdown.storage.models.base import Base
from stepdown.storage.models.core import Checkin, DoseLog, PlanRevision, Proposal

metadata = Base.metadata
SERVER_ONLY = {"server_only": True}
Stamp = DateTime(timezone=True)
ROLES = ("person", "clinician", "admin")

account = Table(
    "account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),  # stored lower-case
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("created_at", Stamp, nullable=False),
    Column("disabled_at", Stamp, nullable=True),
    info=SERVER_ONLY,
)

care_link = Table(
    "care_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("clinician_id", ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", Stamp, nullable=False),
    Column("revoked_at", Stamp, nullable=True),
    info=SERVER_ONLY,
)

login_session = Table(
    "login_session",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the cookie value
    Column("account_id", ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", Stamp, nullable=False),
    Column("last_seen_at", Stamp, nullable=False),
    Column("expires_at", Stamp, nullable=False),
    Column("revoked_at", Stamp, nullable=True),
    Column("address", String(64), nullable=True),
    info=SERVER_ONLY,
)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(200), primary_key=True),  # "account:<name>" or "address:<ip>"
    Column("failures", Integer, nullable=False),
    Column("window_start", Stamp, nullable=False),
    Column("locked_until", Stamp, nullable=True),
    info=SERVER_ONLY,
)

invitation = Table(
    "invitation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),  # person | clinician | reset
    Column("created_by", ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("for_account_id", ForeignKey("account.id", ondelete="CASCADE"), nullable=True),
    Column("label", String(100), nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("expires_at", Stamp, nullable=False),
    Column("used_at", Stamp, nullable=True),
    Column("used_by", Integer, nullable=True),
    info=SERVER_ONLY,
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("at", Stamp, nullable=False),
    Column("actor_id", Integer, nullable=True),
    Column("actor", String(200), nullable=False),  # "clinician:dr_lee" - kept if the account goes
    Column("subject_person_id", Integer, nullable=True, index=True),
    Column("action", String(20), nullable=False),  # view | change | login | ...
    Column("what", Text, nullable=False),
    Column("detail", JSON, nullable=False),
    info=SERVER_ONLY,
)

# A private calendar subscription per person (the phone's calendar polls it; revocable).
calendar_feed = Table(
    "calendar_feed",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", Stamp, nullable=False),
    Column("revoked_at", Stamp, nullable=True),
    info=SERVER_ONLY,
)

# A submission key seen once (an offline check-in sent again when the phone is back online).
idempotency_key = Table(
    "idempotency_key",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("account_id", ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", Stamp, nullable=False),
    Column("location", String(300), nullable=True),
    info=SERVER_ONLY,
)

Index("ix_audit_log_subject_at", audit_log.c.subject_person_id, audit_log.c.at)

# The clinician's "needs attention" list (services/attention.py) reads each person's last days of
# check-ins: (person_id, day) INCLUDE (total) answers it from the index alone on PostgreSQL.
RED_FLAG_DAYS = text("CAST(red_flags AS TEXT) <> '[]'")
Index(
    "ix_checkin_person_day_total",
    Checkin.person_id,
    Checkin.day,
    postgresql_include=["total"],
)
# Red flags are rare: a partial index holds only those days, so "red flags in the last 2 days
# across everyone" reads a handful of rows instead of the whole table.
Index(
    "ix_checkin_red_flag_day",
    Checkin.day,
    Checkin.person_id,
    postgresql_where=RED_FLAG_DAYS,
    sqlite_where=RED_FLAG_DAYS,
)
# The admin's list over everyone: a few recent days of everyone's check-ins (migration 0007).
Index("ix_checkin_day_person", Checkin.day, Checkin.person_id, postgresql_include=["total"])
Index(
    "ix_proposal_pending_person",
    Proposal.person_id,
    postgresql_where=text("status = 'pending'"),
    sqlite_where=text("status = 'pending'"),
)
# The needs-attention list reads few revisions, found through the JSON keys it looks for (migration
# 0008): plans that track a supply (on_hand given) and choices against the suggested style.
# Partial on PostgreSQL only: SQLite refuses json_extract in a schema opened with trusted_schema off
# (the backup check), so there the index is whole (the same schema on both; SQLite is for a trial).
for _column, _key in (("plan", "on_hand"), ("trigger", "against_advice")):
    Index(
        f"ix_plan_revision_{_key}",
        PlanRevision.plan_id,
        PlanRevision.number,
        postgresql_where=text(f"(\"{_column}\" ->> '{_key}') IS NOT NULL"),
    )
Index(
    "ix_dose_log_plan_day", DoseLog.plan_id, DoseLog.day, postgresql_include=["person_id", "actual_amount"]
)
