"""Deleting data on request: one person's, or a whole workspace's when it uninstalls the app."""

from __future__ import annotations

from collections.abc import Collection

from flows.services import Services
from storage.installations import TokensDeleted, delete_revoked_tokens
from storage.plans import owe_plan_if_any
from storage.privacy import Forgotten, WorkspaceDeleted, delete_workspace, forget_person


def forget_me(services: Services, *, workspace_id: str, user_id: str) -> Forgotten:
    """The person's answers and history everywhere in the workspace. Closed team results stay:
    they are aggregates that hold nothing of theirs. Commitments they owned stay, unowned, and
    each such channel's plan is shown again without their name."""
    with services.database.session() as session:
        forgotten = forget_person(session, workspace_id=workspace_id, user_id=user_id)
        for channel_id in forgotten.unowned_channels:
            owe_plan_if_any(
                session, workspace_id=workspace_id, channel_id=channel_id, owed_until=services.due()
            )
        return forgotten


def forget_workspace(services: Services, *, workspace_id: str) -> WorkspaceDeleted:
    """Every row of the workspace, its settings and stored tokens included: the app has left."""
    with services.database.session() as session:
        return delete_workspace(session, workspace_id=workspace_id)


def forget_revoked_tokens(
    services: Services, *, workspace_id: str, bot: bool, user_ids: Collection[str]
) -> TokensDeleted:
    """The tokens the workspace revoked (the bot's, and/or those of `user_ids`), wherever they
    are stored. The workspace's assessment data stays: revoking is not uninstalling, and a
    reinstall carries on with it."""
    with services.database.session() as session:
        return delete_revoked_tokens(session, workspace_id=workspace_id, bot=bot, user_ids=user_ids)
