"""The all-at-once form: check every question is answered, then finish like the conversation."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.context import services_of
from bot.inbound.payloads import FormMetadata
from bot.listeners.body import view_values, who
from bot.listeners.guard import Later
from bot.messages.comments import form_comments
from bot.messages.form import form_answers, form_role, missing_errors, not_our_options
from bot.messages.mrkdwn import said
from bot.outbound import lookups
from bot.screens.person import PersonScreen
from flows import conversation
from flows.comments import COMMENT_MAX_LENGTH, CommentRefused
from flows.steps import MissingAnswers

logger = logging.getLogger(__name__)


def submit_form(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    services = services_of(context)
    screen = PersonScreen.of(context, client)
    workspace_id, user_id = who(body, context)
    metadata = FormMetadata.decode(view.get("private_metadata"))
    values = view_values(view)
    picks = form_answers(values)
    if odd := not_our_options(values):
        # Asked for again below, like an unanswered question ("Please pick one option, or …").
        logger.info(
            "refused picks that are none of our options from %s for %s",
            user_id,
            [question[:40] for question in odd[:5]],
        )
    written = form_comments(values)
    try:
        step = conversation.submit_form(
            services,
            workspace_id=workspace_id,
            user_id=user_id,
            response_id=metadata.response_id,
            answers=picks,
            role=form_role(values),
            written=written,
        )
    except CommentRefused as refused:
        # Only a length can be wrong (empty comments are left out): said by each long one.
        ack(
            response_action="errors",
            errors={
                f"{ids.FORM_COMMENT_PREFIX}{dimension_id}": said(refused.words)
                for dimension_id, text in written.items()
                if len(text.strip()) > COMMENT_MAX_LENGTH
            },
        )
        return
    if isinstance(step, MissingAnswers):
        ack(response_action="errors", errors=missing_errors(services.framework, step.question_ids))
        return
    ack()
    later(lambda: screen.finished(lookups.dm_channel(client, user_id), step))
