"""comments: one optional comment per dimension of a response

"What holds us back from the next stage?", up to 500 characters. A new table only: nothing
existing is copied (on SQLite a batch copy of `response` would cascade-delete its answers; see
0010), and its rows go with their response (ON DELETE CASCADE, and forget me deletes them).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-12 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("dimension_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_comment_response_id_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment")),
        sa.UniqueConstraint(
            "response_id", "dimension_id", name=op.f("uq_comment_response_id_dimension_id")
        ),
    )


def downgrade() -> None:
    # The comments go: the old schema has nowhere to keep them, and nothing before read them.
    op.drop_table("comment")
