"""Clinic server: account, care_link, login_session, login_throttle, invitation, audit_log,
calendar_feed, idempotency_key; indexes
for the clinician's "needs attention" list; the audit log refuses UPDATE and DELETE.

Revision ID: 0006_accounts
Revises: 0002_toolkit
Create Date: 2026-12-02 01:00:00
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = "0006_accounts"
down_revision = "0002_toolkit"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)
RED_FLAG_DAYS = sa.text("CAST(red_flags AS TEXT) <> '[]'")
PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("disabled_at", Stamp, nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_account_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("username", name=op.f("uq_account_username")),
    )
    op.create_index(op.f("ix_account_person_id"), "account", ["person_id"])
    op.create_table(
        "care_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("revoked_at", Stamp, nullable=True),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["account.id"],
            name=op.f("fk_care_link_clinician_id_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_care_link_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_link")),
    )
    op.create_index(op.f("ix_care_link_person_id"), "care_link", ["person_id"])
    op.create_index(op.f("ix_care_link_clinician_id"), "care_link", ["clinician_id"])
    op.create_table(
        "login_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("last_seen_at", Stamp, nullable=False),
        sa.Column("expires_at", Stamp, nullable=False),
        sa.Column("revoked_at", Stamp, nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_login_session_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_login_session")),
    )
    op.create_index(op.f("ix_login_session_account_id"), "login_session", ["account_id"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", Stamp, nullable=False),
        sa.Column("locked_until", Stamp, nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("for_account_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("expires_at", Stamp, nullable=False),
        sa.Column("used_at", Stamp, nullable=True),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["account.id"], name=op.f("fk_invitation_created_by_account"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["for_account_id"],
            ["account.id"],
            name=op.f("fk_invitation_for_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    op.create_index(op.f("ix_invitation_created_by"), "invitation", ["created_by"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("subject_person_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_subject_person_id"), "audit_log", ["subject_person_id"])
    op.create_table(
        "calendar_feed",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("revoked_at", Stamp, nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_calendar_feed_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_calendar_feed")),
    )
    op.create_index(op.f("ix_calendar_feed_person_id"), "calendar_feed", ["person_id"])
    op.create_table(
        "idempotency_key",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_idempotency_key_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_idempotency_key")),
    )
    op.create_index(op.f("ix_idempotency_key_account_id"), "idempotency_key", ["account_id"])
    op.create_index("ix_audit_log_subject_at", "audit_log", ["subject_person_id", "at"])

    op.create_index(
        "ix_checkin_person_day_total", "checkin", ["person_id", "day"], postgresql_include=["total"]
    )
    op.create_index(
        "ix_checkin_red_flag_day",
        "checkin",
        ["day", "person_id"],
        postgresql_where=RED_FLAG_DAYS,
        sqlite_where=RED_FLAG_DAYS,
    )
    op.create_index(
        "ix_proposal_pending_person",
        "proposal",
        ["person_id"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_index("ix_proposal_pending_person", table_name="proposal")
    op.drop_index("ix_checkin_red_flag_day", table_name="checkin")
    op.drop_index("ix_checkin_person_day_total", table_name="checkin")
    for table in (
        "idempotency_key",
        "calendar_feed",
        "audit_log",
        "invitation",
        "login_throttle",
        "login_session",
        "care_link",
        "account",
    ):
        op.drop_table(table)
