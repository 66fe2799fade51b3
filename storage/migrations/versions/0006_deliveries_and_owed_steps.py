"""slack deliveries and owed steps

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_delivery",
        sa.Column("signature", sa.String(length=100), nullable=False),
        sa.Column("delivery_key", sa.String(length=100), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("signature", name=op.f("pk_slack_delivery")),
        sa.UniqueConstraint("delivery_key", name=op.f("uq_slack_delivery_delivery_key")),
    )
    op.create_index(
        op.f("ix_slack_delivery_received_at"), "slack_delivery", ["received_at"], unique=False
    )
    with op.batch_alter_table("response") as batch_op:
        batch_op.add_column(sa.Column("show_due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(op.f("ix_response_show_due_at"), ["show_due_at"], unique=False)
    with op.batch_alter_table("assessment_run") as batch_op:
        batch_op.add_column(sa.Column("show_due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(op.f("ix_assessment_run_show_due_at"), ["show_due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assessment_run") as batch_op:
        batch_op.drop_index(op.f("ix_assessment_run_show_due_at"))
        batch_op.drop_column("show_due_at")
    with op.batch_alter_table("response") as batch_op:
        batch_op.drop_index(op.f("ix_response_show_due_at"))
        batch_op.drop_column("show_due_at")
    op.drop_index(op.f("ix_slack_delivery_received_at"), table_name="slack_delivery")
    op.drop_table("slack_delivery")
