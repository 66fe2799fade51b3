"""Confirming or declining "forget me"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.context import services_of
from bot.listeners.body import who
from bot.listeners.guard import Later
from bot.messages.privacy import forgotten_message
from bot.screens.home import refresh_home
from flows.privacy import forget_me


def confirm(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    forgotten = forget_me(services, workspace_id=workspace_id, user_id=user_id)
    ack()
    message = forgotten_message(forgotten)
    later(lambda: respond(replace_original=True, text=message.text, blocks=message.blocks))
    later(lambda: refresh_home(services, client, workspace_id=workspace_id, user_id=user_id))


def cancel(ack: Ack, respond: Respond, later: Later) -> None:
    ack()
    later(lambda: respond(replace_original=True, text="Kept: nothing was deleted."))
