"""Publishing App Home whenever someone opens it, so it always shows their latest state."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.slack_ids import slack_id
from bot.inbound.workspace import workspace_of
from bot.listeners.guard import Later
from bot.screens.home import publish_home


def home_opened(
    event: dict[str, Any], client: WebClient, context: BoltContext, later: Later
) -> None:
    if event.get("tab") != "home":
        return
    services = services_of(context)
    user_id = slack_id(event.get("user"), "user opening App Home")
    workspace_id = workspace_of(context)
    later(lambda: publish_home(services, client, workspace_id=workspace_id, user_id=user_id))
