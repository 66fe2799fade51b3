"""option order and don't know: each response's options in an order of its own; "don't know"

A response keeps the seed its options are shuffled by (`response.option_seed`; a response from
before has none and uses its id). An answer's stage may be NULL: "don't know / not my area",
counted as not answered.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAGE_CHECK = "ck_answer_stage_in_range"


def upgrade() -> None:
    with op.batch_alter_table("response") as batch_op:
        batch_op.add_column(sa.Column("option_seed", sa.String(length=16), nullable=True))
    with op.batch_alter_table("answer") as batch_op:
        batch_op.drop_constraint(op.f(STAGE_CHECK), type_="check")
        batch_op.alter_column("stage", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            op.f(STAGE_CHECK), "stage IS NULL OR stage BETWEEN 1 AND 4"
        )


def downgrade() -> None:
    # The old schema has no way to say "don't know": such an answer goes, and the question
    # reads as unanswered, which is how it was scored anyway.
    op.execute(sa.text("DELETE FROM answer WHERE stage IS NULL"))
    with op.batch_alter_table("answer") as batch_op:
        batch_op.drop_constraint(op.f(STAGE_CHECK), type_="check")
        batch_op.alter_column("stage", existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(op.f(STAGE_CHECK), "stage BETWEEN 1 AND 4")
    # Not in batch mode: on SQLite that copies the table and drops the original, and dropping
    # `response` with foreign keys on deletes every answer (ON DELETE CASCADE). SQLite drops a
    # column in place since 3.35.
    op.drop_column("response", "option_seed")
