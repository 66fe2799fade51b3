"""commitments and channel plans: the step from a team profile to a roadmap

A team commits to moves after a team profile (`commitment`, with the run it follows, an owner,
a due date, and the reminder owed three working days before it); the channel's plan is shown in
its canvas, or in a message when the channel cannot have ours (`channel_plan`). New tables
only: nothing existing is copied.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 11:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commitment",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=64), nullable=True),
        sa.Column("move", sa.String(length=300), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "done", "dropped", name="commitment_status", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_for", sa.Date(), nullable=True),
        sa.Column("show_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["assessment_run.id"],
            name=op.f("fk_commitment_run_id_assessment_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
    )
    op.create_index("ix_commitment_channel", "commitment", ["workspace_id", "channel_id"])
    op.create_index(op.f("ix_commitment_remind_at"), "commitment", ["remind_at"])
    op.create_index(op.f("ix_commitment_show_due_at"), "commitment", ["show_due_at"])
    op.create_table(
        "channel_plan",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("canvas_id", sa.String(length=32), nullable=True),
        sa.Column("no_canvas", sa.String(length=64), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("lead_id", sa.String(length=32), nullable=True),
        sa.Column("lead_told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("show_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_plan")),
        sa.UniqueConstraint(
            "workspace_id", "channel_id", name=op.f("uq_channel_plan_workspace_id_channel_id")
        ),
    )
    op.create_index(op.f("ix_channel_plan_show_due_at"), "channel_plan", ["show_due_at"])


def downgrade() -> None:
    # The plans go: the old schema has nowhere to keep them.
    op.drop_index(op.f("ix_channel_plan_show_due_at"), table_name="channel_plan")
    op.drop_table("channel_plan")
    op.drop_index(op.f("ix_commitment_show_due_at"), table_name="commitment")
    op.drop_index(op.f("ix_commitment_remind_at"), table_name="commitment")
    op.drop_index("ix_commitment_channel", table_name="commitment")
    op.drop_table("commitment")
