"""Clicks in the DM conversation. Answers are saved before the ack, so an acknowledged click is
never lost; the next question is posted after it, by a follow-up."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.payloads import PickValue, QuestionRef, ResponseRef, RolePick
from bot.listeners.body import modal_trigger, where, who
from bot.listeners.guard import Later, follow_up_queue
from bot.messages.form import form_view
from bot.outbound import lookups
from bot.screens.person import PersonScreen
from flows import conversation
from flows.services import Services
from flows.steps import AlreadyHandled


def start(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, later: Later
) -> None:
    ack()
    services = services_of(context)
    screen = PersonScreen.of(context, client)
    workspace_id, user_id = who(body, context)

    def begin() -> None:
        dm = lookups.dm_channel(client, user_id)
        step = conversation.begin_individual(
            services, workspace_id=workspace_id, user_id=user_id, channel_id=dm
        )
        screen.offer_or_ask(dm, step)

    later(begin)


def continue_where_left(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    services = services_of(context)
    screen = PersonScreen.of(context, client)
    workspace_id, user_id = who(body, context)
    ref = ResponseRef.decode(action.get("value"))
    channel, offer_ts = where(body)
    step, old_ts = conversation.continue_response(
        services, workspace_id=workspace_id, user_id=user_id, response_id=ref.response_id
    )
    ack()

    def show() -> None:
        screen.retire(channel, old_ts, "Continued further down.")
        screen.retire(channel, offer_ts, "Continuing where you left off.")
        screen.ask(channel, step)

    later(show)


def restart(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, later: Later
) -> None:
    services = services_of(context)
    screen = PersonScreen.of(context, client)
    workspace_id, user_id = who(body, context)
    channel, offer_ts = where(body)
    step = conversation.restart_individual(
        services, workspace_id=workspace_id, user_id=user_id, channel_id=channel
    )
    ack()

    def show() -> None:
        screen.retire(channel, offer_ts, "Started over: your earlier answers were set aside.")
        screen.ask(channel, step)

    later(show)


def pick(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    value = PickValue.decode(action.get("value"))
    channel, message_ts = where(body)
    step = conversation.answer(
        services,
        workspace_id=workspace_id,
        user_id=user_id,
        response_id=value.response_id,
        question_id=value.question_id,
        shown=value.shown,
        message_ts=message_ts,
    )
    ack()
    if isinstance(step, AlreadyHandled) or message_ts is None:
        return
    screen = PersonScreen.of(context, client, queue=follow_up_queue(context, body, client))
    later(lambda: screen.advanced(channel, message_ts, step))


def choose_role(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext
) -> None:
    """A role picked (or skipped) above the first question: stored before the ack. The message
    is left as it is: the select already shows the choice, and the question below it may be
    collapsing at the same moment."""
    workspace_id, user_id = who(body, context)
    selected = action.get("selected_option")
    pick = RolePick.decode(selected.get("value") if isinstance(selected, dict) else None)
    conversation.choose_role(
        services_of(context),
        workspace_id=workspace_id,
        user_id=user_id,
        response_id=pick.response_id,
        role=pick.role,
    )
    ack()


def back(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    ref = QuestionRef.decode(action.get("value"))
    channel, message_ts = where(body)
    step = conversation.back(
        services,
        workspace_id=workspace_id,
        user_id=user_id,
        response_id=ref.response_id,
        question_id=ref.question_id,
        message_ts=message_ts,
    )
    ack()
    if isinstance(step, AlreadyHandled):
        return
    screen = PersonScreen.of(context, client)
    later(lambda: screen.went_back(channel, step))


def open_form(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Opened before the ack: the trigger id lasts three seconds, too short to queue behind
    other people's follow-ups."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    ref = ResponseRef.decode(action.get("value"))
    show_form(services, client, modal_trigger(body), workspace_id, user_id, ref.response_id)
    ack()


def show_form(
    services: Services,
    client: WebClient,
    trigger_id: str,
    workspace_id: str,
    user_id: str,
    response_id: str,
) -> None:
    """Open the all-at-once form, prefilled with what the person has answered so far, its
    options in the order their DM shows them."""
    form = conversation.form(
        services, workspace_id=workspace_id, user_id=user_id, response_id=response_id
    )
    client.views_open(trigger_id=trigger_id, view=form_view(form))
