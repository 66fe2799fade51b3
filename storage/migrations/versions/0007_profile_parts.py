"""profile parts: each part of a profile is owed until shown

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 06:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("response", "assessment_run"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("profile_ts", sa.String(length=32), nullable=True))
            batch_op.add_column(
                sa.Column("profile_parts_shown", sa.Integer(), server_default="0", nullable=False)
            )


def downgrade() -> None:
    for table in ("response", "assessment_run"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("profile_parts_shown")
            batch_op.drop_column("profile_ts")
