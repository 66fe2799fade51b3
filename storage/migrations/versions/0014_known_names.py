"""known names: channels' and workspaces' names as Slack last gave them

A printable report names the team it is about (#cs-team, in Acme) and `readiness runs` lists
channels by name; both are read where Slack cannot be asked. A new table only.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "known_name",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("learned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "object_id", name=op.f("pk_known_name")),
    )


def downgrade() -> None:
    op.drop_table("known_name")
