"""The app leaving a workspace: its data and its tokens leave with it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.listener.builtins import TokenRevocationListeners

from bot.context import installations_of, services_of
from bot.inbound.slack_ids import is_slack_id
from bot.inbound.workspace import workspace_of
from flows.privacy import forget_workspace

logger = logging.getLogger(__name__)


def app_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
    workspace_id = workspace_of(context)
    runs = forget_workspace(services_of(context), workspace_id=workspace_id)
    store = installations_of(context)
    if store is not None:
        TokenRevocationListeners(store).handle_app_uninstalled_events(context)
    logger.info("app uninstalled from %s: deleted its data (%d runs)", workspace_id, runs)


def tokens_revoked(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    """With OAuth installs the revoked tokens are deleted from the installation store; with a
    single configured bot token there is nothing stored, and the next call will fail (logged)."""
    listed = event.get("tokens")
    listed = listed if isinstance(listed, dict) else {}
    # Slack sends lists of ids; bolt's handler takes them as they come, so it gets only those.
    tokens = {kind: _ids(listed.get(kind)) for kind in ("oauth", "bot")}
    store = installations_of(context)
    if store is not None:
        TokenRevocationListeners(store).handle_tokens_revoked_events(
            {**event, "tokens": tokens}, context
        )
    logger.warning(
        "tokens revoked in %.40s: %d bot, %d user%s",
        body.get("team_id"),
        len(tokens["bot"]),
        len(tokens["oauth"]),
        "; deleted from the installation store" if store is not None else "",
    )


def _ids(listed: object) -> list[str]:
    """The user ids in one of `tokens_revoked`'s lists (Slack sends lists of ids)."""
    return [i for i in listed if is_slack_id(i)] if isinstance(listed, list) else []
