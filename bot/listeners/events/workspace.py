"""The app leaving a workspace: its data leaves with it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext

from bot.services import services_of
from flows.privacy import forget_workspace

logger = logging.getLogger(__name__)


def app_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
    workspace_id = body.get("team_id") or context.team_id or ""
    runs = forget_workspace(services_of(context), workspace_id=workspace_id)
    logger.info("app uninstalled from %s: deleted its data (%d runs)", workspace_id, runs)


def tokens_revoked(event: dict[str, Any], body: dict[str, Any]) -> None:
    """With a single bot token there is nothing stored to revoke; the next call will fail and be
    logged. (With OAuth installs, the installation store drops the revoked tokens.)"""
    tokens = event.get("tokens") or {}
    logger.warning(
        "tokens revoked in %s: %d bot, %d user",
        body.get("team_id"),
        len(tokens.get("bot") or []),
        len(tokens.get("oauth") or []),
    )
