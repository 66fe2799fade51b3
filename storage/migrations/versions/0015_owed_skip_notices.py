"""owed skip notices: a scheduled slot that opens no run owes its channel a notice until shown

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedule") as batch_op:
        batch_op.add_column(sa.Column("skipped_slot", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column(
                "skipped_because",
                sa.Enum("still_open", "too_few", name="skip_reason", native_enum=False, length=16),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("skipped_members", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("skip_notice_due_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            op.f("ix_schedule_skip_notice_due_at"), ["skip_notice_due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("schedule") as batch_op:
        batch_op.drop_index(op.f("ix_schedule_skip_notice_due_at"))
        batch_op.drop_column("skip_notice_due_at")
        batch_op.drop_column("skipped_members")
        batch_op.drop_column("skipped_because")
        batch_op.drop_column("skipped_slot")
