"""The "Add a comment on …" button: opens the comment modal, prefilled with the comment so far."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.payloads import CommentRef
from bot.listeners.body import modal_trigger, who
from bot.messages.comments import comment_view
from flows import comments


def open_comment(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Opened before the ack, as the form is: the trigger id lasts three seconds."""
    workspace_id, user_id = who(body, context)
    ref = CommentRef.decode(action.get("value"))
    offer = comments.comment_offer(
        services_of(context),
        workspace_id=workspace_id,
        user_id=user_id,
        response_id=ref.response_id,
        dimension_id=ref.dimension_id,
    )
    client.views_open(trigger_id=modal_trigger(body), view=comment_view(offer))
    ack()
