"""roles: the part of the org a response was given as, and each person's remembered role

`response.role` is NULL when the person was not asked or skipped. `remembered_role` holds one
role per person per workspace, offered again on their next run.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-11 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not in batch mode: adding a nullable column is done in place everywhere, and a batch copy
    # of `response` on SQLite would drop the original and cascade-delete its answers.
    op.add_column("response", sa.Column("role", sa.String(length=16), nullable=True))
    op.create_table(
        "remembered_role",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "user_id", name=op.f("pk_remembered_role")),
    )


def downgrade() -> None:
    # The roles go: the old schema has nowhere to keep them, and nothing before read them.
    op.drop_table("remembered_role")
    # In place, as 0010's downgrade explains (SQLite drops a column in place since 3.35).
    op.drop_column("response", "role")
