"""encrypt tokens: Slack tokens and refresh tokens sealed at rest

slack_sdk's installation tables kept OAuth tokens in plain text. The token columns are widened
(a Fernet token is about 2.3 times as long as what it seals, past slack_sdk's 200 characters) and
every stored token is sealed with the first of READINESS_TOKEN_KEY's keys. A database with no
installation needs no key; one with installations and no key stops the upgrade with the fix.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from storage.errors import TokenKeyError
from storage.token_cipher import (
    SEALED_COLUMNS,
    TokenCipher,
    has_stored_tokens,
    open_stored_tokens,
    reseal_stored_tokens,
)

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLACK_SDK_TOKEN_LENGTH = 200


def _cipher() -> TokenCipher | None:
    key = context.config.attributes.get("token_key")
    return TokenCipher.from_setting(key) if key else None


def _needs_key(what: str) -> TokenKeyError:
    return TokenKeyError(
        f"The database holds Slack tokens and READINESS_TOKEN_KEY is not set: set it (make one "
        f"with `readiness token-key`) and run `readiness db upgrade` again to {what} them."
    )


def upgrade() -> None:
    for table_name, columns in SEALED_COLUMNS.items():
        with op.batch_alter_table(table_name) as batch_op:
            for name in columns:
                batch_op.alter_column(
                    name,
                    existing_type=sa.String(length=SLACK_SDK_TOKEN_LENGTH),
                    type_=sa.Text(),
                    existing_nullable=True,
                )
    connection = op.get_bind()
    if not has_stored_tokens(connection):
        return
    cipher = _cipher()
    if cipher is None:
        raise _needs_key("encrypt")
    reseal_stored_tokens(connection, cipher)


def downgrade() -> None:
    connection = op.get_bind()
    if has_stored_tokens(connection):
        cipher = _cipher()
        if cipher is None:
            raise _needs_key("decrypt")
        open_stored_tokens(connection, cipher)
    for table_name, columns in SEALED_COLUMNS.items():
        with op.batch_alter_table(table_name) as batch_op:
            for name in columns:
                batch_op.alter_column(
                    name,
                    existing_type=sa.Text(),
                    type_=sa.String(length=SLACK_SDK_TOKEN_LENGTH),
                    existing_nullable=True,
                )
