"""The admin's "needs attention" list: checkin (day, person_id) INCLUDE (total), so the pre-filters
over everyone (no check-in lately, a rise in the recent window) read a few days of the index instead
of probing every person (services/attention.py CANDIDATES).

Revision ID: 0007_attention_day_index
Revises: 0006_accounts
Create Date: 2026-12-03 01:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0007_attention_day_index"
down_revision = "0006_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_checkin_day_person", "checkin", ["day", "person_id"], postgresql_include=["total"])


def downgrade() -> None:
    op.drop_index("ix_checkin_day_person", table_name="checkin")
