"""A message in the DM with the bot: a welcome, or an offer to continue where they stopped."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.slack_ids import slack_id
from bot.inbound.workspace import workspace_of
from bot.listeners.guard import Later
from bot.messages.conversation import resume_offer_message, welcome_message
from bot.screens.slack_screen import SlackScreen
from flows import conversation
from flows.steps import ResumeOffer


def direct_message(
    event: dict[str, Any], client: WebClient, context: BoltContext, later: Later
) -> None:
    if event.get("subtype") or event.get("bot_id"):
        return  # edits, joins and bot messages are not someone talking to us
    services = services_of(context)
    screen = SlackScreen(client)
    user_id = slack_id(event.get("user"), "message author")
    channel = slack_id(event.get("channel"), "DM channel")
    workspace_id = workspace_of(context)
    offer = conversation.resume_offer_for(services, workspace_id=workspace_id, user_id=user_id)
    if isinstance(offer, ResumeOffer):
        message = resume_offer_message(offer)
    else:
        message = welcome_message(services.framework)
    later(lambda: screen.post(channel, message))
