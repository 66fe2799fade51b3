"""Saving the workspace settings modal."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.context import services_of
from bot.listeners.body import view_values, who
from bot.listeners.guard import Later
from bot.messages.mrkdwn import said
from bot.messages.workspace_settings import read_settings, saved_message
from bot.outbound import lookups
from bot.screens.slack_screen import SlackScreen
from flows import workspace_settings
from flows.errors import NotAllowed

logger = logging.getLogger(__name__)


def save_settings(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    """Saved before the ack, so the modal can show a refusal next to the field; whether the
    person is an admin is one `users.info` away."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    minimum, days, starters, people = read_settings(view_values(view))
    try:
        chosen = workspace_settings.save_choices(
            services,
            workspace_id=workspace_id,
            user_id=user_id,
            is_admin=lookups.is_workspace_admin(client, user_id),
            min_respondents=minimum,
            default_run_days=days,
            starters=starters,
            allowed_starters=people,
        )
    except NotAllowed as refusal:
        # Shown next to the field in the modal, so not through report_failure; logged the same.
        logger.info("refused settings from %s in %s: %s", user_id, workspace_id, refusal.log_detail)
        ack(response_action="errors", errors={ids.SETTINGS_MINIMUM: said(refusal.words)[:150]})
        return
    ack()
    screen = SlackScreen(client)
    later(lambda: screen.post(lookups.dm_channel(client, user_id), saved_message(chosen)))
