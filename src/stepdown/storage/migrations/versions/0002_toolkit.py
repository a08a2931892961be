"""Recovery toolkit tables: craving, lapse, contact, support_group, distraction, milestone.

Revision ID: 0002_toolkit
Revises: 0001_core
Create Date: 2026-11-26 10:43:23.610313
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = "0002_toolkit"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("relation", sa.String(length=40), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("is_therapist", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_contact_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_person_id"), ["person_id"], unique=False)

    op.create_table(
        "craving",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("helped", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_craving_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_craving")),
    )
    with op.batch_alter_table("craving", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_craving_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_craving_person_id"), ["person_id"], unique=False)

    op.create_table(
        "distraction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_distraction_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distraction")),
    )
    with op.batch_alter_table("distraction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_distraction_person_id"), ["person_id"], unique=False)

    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("achieved_on", sa.Date(), nullable=False),
        sa.Column("celebrated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_milestone_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone")),
        sa.UniqueConstraint("person_id", "code", name="uq_milestone_person_code"),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_person_id"), ["person_id"], unique=False)

    op.create_table(
        "support_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_support_group_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_group")),
    )
    with op.batch_alter_table("support_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_group_person_id"), ["person_id"], unique=False)

    op.create_table(
        "lapse",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("led_to", sa.Text(), nullable=True),
        sa.Column("reflection", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_lapse_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_lapse_proposal_id_proposal"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lapse")),
    )
    with op.batch_alter_table("lapse", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lapse_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_lapse_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lapse", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lapse_person_id"))
        batch_op.drop_index(batch_op.f("ix_lapse_at"))

    op.drop_table("lapse")
    with op.batch_alter_table("support_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_group_person_id"))

    op.drop_table("support_group")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_person_id"))

    op.drop_table("milestone")
    with op.batch_alter_table("distraction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distraction_person_id"))

    op.drop_table("distraction")
    with op.batch_alter_table("craving", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_craving_person_id"))
        batch_op.drop_index(batch_op.f("ix_craving_at"))

    op.drop_table("craving")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_person_id"))

    op.drop_table("contact")
