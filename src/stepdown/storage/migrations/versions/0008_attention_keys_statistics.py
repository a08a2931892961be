"""The needs-attention list: partial indexes on the plan revisions that give a supply on hand and
on those that record a choice against the suggested style, so the list reads those few revisions
instead of every plan's JSON (services/attention.py, services/attention_supply.py), and dose_log
(plan_id, day) for the supply figures of many plans at once. On PostgreSQL,
statistics on the same expressions: without them the planner guesses that 99.5% of revisions have
each key and reads every plan's JSON (detoasted and parsed) instead of the index. Likewise for
"a red-flag day" (CAST(red_flags AS TEXT) <> '[]'): guessed at 21,695 rows of two days where 62 are,
which made the admin's candidates look 20 times more than they are and switched JIT on (+39 ms).

Revision ID: 0008_attention_keys_statistics
Revises: 0007_attention_day_index
Create Date: 2026-12-04 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_attention_keys_statistics"
down_revision = "0007_attention_day_index"
branch_labels = None
depends_on = None

KEYS = (("plan", "on_hand"), ("trigger", "against_advice"))


def upgrade() -> None:
    # Partial on PostgreSQL only: SQLite refuses json_extract in a schema opened with trusted_schema
    # off (the backup check), so there the index is whole and the same schema holds on both.
    postgresql = op.get_bind().dialect.name == "postgresql"
    # The supply figures of many plans at once: each plan's doses already in day order.
    op.create_index(
        "ix_dose_log_plan_day",
        "dose_log",
        ["plan_id", "day"],
        postgresql_include=["person_id", "actual_amount"],
    )
    for column, key in KEYS:
        expression = f"(\"{column}\" ->> '{key}')"
        op.create_index(
            f"ix_plan_revision_{key}",
            "plan_revision",
            ["plan_id", "number"],
            postgresql_where=sa.text(f"{expression} IS NOT NULL"),
        )
        if postgresql:
            op.execute(f"CREATE STATISTICS st_plan_revision_{key} ON ({expression}) FROM plan_revision")
    if not postgresql:
        return
    op.execute("CREATE STATISTICS st_checkin_red_flags ON ((CAST(red_flags AS TEXT))) FROM checkin")
    op.execute("ANALYZE plan_revision")
    op.execute("ANALYZE checkin")


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("DROP STATISTICS IF EXISTS st_checkin_red_flags")
    for _, key in KEYS:
        if postgresql:
            op.execute(f"DROP STATISTICS IF EXISTS st_plan_revision_{key}")
        op.drop_index(f"ix_plan_revision_{key}", table_name="plan_revision")
    op.drop_index("ix_dose_log_plan_day", table_name="dose_log")
