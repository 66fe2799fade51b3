"""Deleting rows of slack_sdk's installation store tables: a workspace's, or revoked tokens.

The tables (`slack_bots`, `slack_installations`; created by migration 0005) belong to slack_sdk's
SQLAlchemy installation store, which saves a new row on every install and every token refresh,
each holding a bot token and its refresh token. The store's own `delete_bot` empties
`slack_bots` only, leaving the same tokens in `slack_installations`; and it deletes only the rows
of the current client id. Revoked or uninstalled tokens must be gone from every row, so the
deletes here go by workspace across both tables, in the caller's transaction (with the rest of
the workspace's data when it uninstalls).

The columns are named here rather than with slack_sdk's table builders so storage needs no
Slack library: these are the columns of migration 0005, which `tests/storage/test_schema.py`
keeps equal to slack_sdk's.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import String, column, delete, or_, table, update
from sqlalchemy.orm import Session

from storage.database import affected_rows

BOTS = table("slack_bots", column("team_id", String))
INSTALLATIONS = table(
    "slack_installations",
    column("team_id", String),
    column("user_id", String),
    column("bot_token", String),
    column("bot_refresh_token", String),
    column("user_token", String),
    column("user_refresh_token", String),
    column("user_scopes", String),
    column("user_token_expires_at"),
)


@dataclass(frozen=True)
class TokensDeleted:
    """Rows that held a bot token (in either table), and installations whose user token went."""

    bot_rows: int
    user_tokens: int


def delete_installations(session: Session, *, workspace_id: str) -> int:
    """Every stored installation and bot of the workspace, old refreshed ones included: after an
    uninstall none of its tokens work, and none may be kept. Returns how many rows went."""
    return affected_rows(session, delete(BOTS).where(BOTS.c.team_id == workspace_id)) + (
        affected_rows(session, delete(INSTALLATIONS).where(INSTALLATIONS.c.team_id == workspace_id))
    )


def delete_revoked_tokens(
    session: Session, *, workspace_id: str, bot: bool, user_ids: Collection[str]
) -> TokensDeleted:
    """Slack revoked the workspace's bot token (`bot`) and/or the user tokens of `user_ids`.

    A revoked bot token ends the installation: every row of the workspace holding a bot token
    or its refresh token goes, bots and installations alike. A revoked user token is cleared from
    that person's installations, which keep the bot token still working (this app asks for no
    user scopes, so it holds none; a token it never had is nothing to delete).
    """
    bot_rows = 0
    if bot:
        c = INSTALLATIONS.c
        bot_rows = affected_rows(session, delete(BOTS).where(BOTS.c.team_id == workspace_id))
        bot_rows += affected_rows(
            session,
            delete(INSTALLATIONS).where(
                c.team_id == workspace_id,
                or_(c.bot_token.is_not(None), c.bot_refresh_token.is_not(None)),
            ),
        )
    user_tokens = 0
    if user_ids:
        c = INSTALLATIONS.c
        user_tokens = affected_rows(
            session,
            update(INSTALLATIONS)
            .where(
                c.team_id == workspace_id,
                c.user_id.in_(list(user_ids)),
                or_(c.user_token.is_not(None), c.user_refresh_token.is_not(None)),
            )
            .values(
                user_token=None,
                user_refresh_token=None,
                user_scopes=None,
                user_token_expires_at=None,
            ),
        )
    return TokensDeleted(bot_rows=bot_rows, user_tokens=user_tokens)
