"""A comment saved from its modal: checked, stored, and the modal closed."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot import ids
from bot.context import services_of
from bot.inbound.payloads import CommentRef
from bot.listeners.body import view_values, who
from bot.messages.comments import typed_text
from bot.messages.mrkdwn import said
from flows import comments
from flows.comments import CommentRefused


def save_comment(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    """Empty or too long: said in the modal, next to the input, and nothing is stored (Slack
    keeps the input to 500 characters, but the request is checked all the same)."""
    workspace_id, user_id = who(body, context)
    ref = CommentRef.decode(view.get("private_metadata"))
    try:
        comments.save_comment(
            services_of(context),
            workspace_id=workspace_id,
            user_id=user_id,
            response_id=ref.response_id,
            dimension_id=ref.dimension_id,
            text=typed_text(view_values(view), ids.COMMENT_BLOCK),
        )
    except CommentRefused as refused:
        ack(response_action="errors", errors={ids.COMMENT_BLOCK: said(refused.words)})
        return
    ack()
