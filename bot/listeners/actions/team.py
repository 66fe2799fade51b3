"""Clicks on a team invitation: each member continues privately, in a DM or a form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.payloads import TeamRunRef
from bot.listeners.actions.conversation import show_form
from bot.listeners.body import modal_trigger, who
from bot.listeners.guard import Later
from bot.outbound import lookups
from bot.screens.person import PersonScreen
from flows import team


def join(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    later: Later,
) -> None:
    ack()
    services = services_of(context)
    screen = PersonScreen.of(context, client)
    workspace_id, user_id = who(body, context)
    ref = TeamRunRef.decode(action.get("value"))

    def take_part() -> None:
        dm = lookups.dm_channel(client, user_id)
        step = team.join_team_run(
            services,
            workspace_id=workspace_id,
            user_id=user_id,
            run_id=ref.run_id,
            dm_channel_id=dm,
        )
        screen.ask(dm, step)
        respond(
            response_type="ephemeral",
            replace_original=False,
            text="I've sent you the first question in our DM. Your answers are private to you.",
        )

    later(take_part)


def join_with_form(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """The form opens before the ack, while the trigger id is fresh. Everything the click must
    carry is read before joining: a click without a trigger id joins nobody."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    ref = TeamRunRef.decode(action.get("value"))
    trigger = modal_trigger(body)
    response_id = team.team_response_id(
        services, workspace_id=workspace_id, user_id=user_id, run_id=ref.run_id
    )
    show_form(services, client, trigger, workspace_id, user_id, response_id)
    ack()
