"""The all-at-once form: check every question is answered, then finish like the conversation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.payloads import FormMetadata
from bot.listeners.body import view_values, who
from bot.listeners.guard import Later
from bot.messages.form import form_answers, missing_errors
from bot.outbound import lookups
from bot.screens.person import PersonScreen
from flows import conversation
from flows.steps import MissingAnswers


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
    picks = form_answers(view_values(view))
    step = conversation.submit_form(
        services,
        workspace_id=workspace_id,
        user_id=user_id,
        response_id=metadata.response_id,
        answers=picks,
    )
    if isinstance(step, MissingAnswers):
        ack(response_action="errors", errors=missing_errors(services.framework, step.question_ids))
        return
    ack()
    later(lambda: screen.finished(lookups.dm_channel(client, user_id), step))
