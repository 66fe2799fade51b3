"""owed notices: the below-minimum notice and each reminder are owed until shown

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessment_run") as batch_op:
        batch_op.add_column(
            sa.Column("below_minimum_due_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("below_minimum_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            op.f("ix_assessment_run_below_minimum_due_at"), ["below_minimum_due_at"], unique=False
        )
    with op.batch_alter_table("reminder") as batch_op:
        batch_op.add_column(sa.Column("show_due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(op.f("ix_reminder_show_due_at"), ["show_due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminder") as batch_op:
        batch_op.drop_index(op.f("ix_reminder_show_due_at"))
        batch_op.drop_column("show_due_at")
    with op.batch_alter_table("assessment_run") as batch_op:
        batch_op.drop_index(op.f("ix_assessment_run_below_minimum_due_at"))
        batch_op.drop_column("below_minimum_at")
        batch_op.drop_column("below_minimum_due_at")
