"""The app leaving a workspace: its data and its tokens leave with it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext

from bot.context import services_of
from bot.inbound.slack_ids import is_slack_id
from bot.inbound.workspace import workspace_of
from flows.privacy import forget_revoked_tokens, forget_workspace

logger = logging.getLogger(__name__)


def app_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
    """Deletes every row of the workspace, in one transaction: its runs with their responses,
    answers, team results, reminders sent and steps owed; its schedules, reminder opt-outs and
    settings; and its stored installations and bots with all their tokens and refresh tokens
    (`storage.privacy.delete_workspace`). The README promises it, the settings name its people,
    and a later reinstall must start afresh, from the default settings. Slack redelivers this
    event until acknowledged, and deleting again is harmless."""
    workspace_id = workspace_of(context)
    deleted = forget_workspace(services_of(context), workspace_id=workspace_id)
    logger.info(
        "app uninstalled from %s: deleted its data (%d runs) and %d installation rows",
        workspace_id,
        deleted.runs,
        deleted.installation_rows,
    )


def tokens_revoked(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    """Deletes the revoked tokens from every table (`storage.installations`): for the bot, every
    stored bot and installation of the workspace holding a bot token or refresh token (slack_sdk's
    own `delete_bot` would leave them in `slack_installations`); for people, their user tokens.
    A revoked token is useless to keep and harmful to leak. The workspace's assessment data
    stays: it may reinstall. With one configured bot token nothing is stored, and the next call
    fails (logged)."""
    workspace_id = workspace_of(context)
    listed = event.get("tokens")
    listed = listed if isinstance(listed, dict) else {}
    # Slack sends lists of ids: the bot's user id, and the people whose tokens went.
    bots, people = _ids(listed.get("bot")), _ids(listed.get("oauth"))
    deleted = forget_revoked_tokens(
        services_of(context), workspace_id=workspace_id, bot=bool(bots), user_ids=people
    )
    logger.warning(
        "tokens revoked in %s: %d bot, %d user; deleted %d rows holding a bot token, "
        "cleared %d user tokens",
        workspace_id,
        len(bots),
        len(people),
        deleted.bot_rows,
        deleted.user_tokens,
    )


def _ids(listed: object) -> list[str]:
    """The user ids in one of `tokens_revoked`'s lists (Slack sends lists of ids)."""
    return [i for i in listed if is_slack_id(i)] if isinstance(listed, list) else []
