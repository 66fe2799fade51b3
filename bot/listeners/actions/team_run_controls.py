"""Clicks on an open team run's buttons (close, extend, cancel, keep waiting), from
`/readiness status`, an early `/readiness close` or the channel's notice at the deadline.

The buttons say nothing about who may use them: the run must still be the channel's open one,
and the clicker its starter or a workspace admin (`flows.team`), at the click. Each click is
answered to the clicker alone; what the whole channel must know (a new deadline, a cancelled
run, the team profile) is posted as the typed commands post it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.payloads import TeamRunExtension, TeamRunRef
from bot.listeners.body import where, who
from bot.listeners.guard import Later
from bot.messages import Message
from bot.messages.team import (
    closed_message,
    kept_waiting_message,
    too_early_message,
)
from bot.outbound import lookups
from bot.screens.team_runs import TeamScreen
from flows import team
from flows.steps import NeedMoreAnswers


def close(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    later: Later,
) -> None:
    ref = TeamRunRef.decode(action.get("value"))
    workspace_id, user_id = who(body, context)
    channel_id, _ = where(body)
    screen = TeamScreen.of(context, client)
    ack()

    def carry_out() -> None:
        outcome = team.close_team_run(
            screen.services,
            workspace_id=workspace_id,
            channel_id=channel_id,
            user_id=user_id,
            is_admin=lookups.is_workspace_admin(client, user_id),
            run_id=ref.run_id,
        )
        if isinstance(outcome, NeedMoreAnswers):
            _answer(body, respond, too_early_message(outcome))
            return
        screen.team_outcome(outcome)
        _answer(body, respond, closed_message())

    later(carry_out)


def extend(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    later: Later,
) -> None:
    ref = TeamRunExtension.decode(action.get("value"))
    workspace_id, user_id = who(body, context)
    channel_id, _ = where(body)
    services = services_of(context)
    screen = TeamScreen.of(context, client)
    ack()

    def carry_out() -> None:
        progress = team.extend_team_run(
            services,
            workspace_id=workspace_id,
            channel_id=channel_id,
            user_id=user_id,
            is_admin=lookups.is_workspace_admin(client, user_id),
            by=timedelta(days=ref.days),
            run_id=ref.run_id,
        )
        _answer(body, respond, screen.extended(progress, user_id))

    later(carry_out)


def cancel(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    later: Later,
) -> None:
    ref = TeamRunRef.decode(action.get("value"))
    workspace_id, user_id = who(body, context)
    channel_id, _ = where(body)
    services = services_of(context)
    screen = TeamScreen.of(context, client)
    ack()

    def carry_out() -> None:
        progress = team.cancel_team_run(
            services,
            workspace_id=workspace_id,
            channel_id=channel_id,
            user_id=user_id,
            is_admin=lookups.is_workspace_admin(client, user_id),
            run_id=ref.run_id,
        )
        _answer(body, respond, screen.cancelled(progress, user_id))

    later(carry_out)


def keep_waiting(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext, later: Later
) -> None:
    """Nothing to change: the run stays as it is. The click must still come from a person."""
    who(body, context)
    ack()
    later(lambda: _answer(body, respond, kept_waiting_message()))


def _answer(body: dict[str, Any], respond: Respond, message: Message) -> None:
    """Tell the clicker alone: in place of the private message they clicked, or, under the
    channel's notice (which everyone sees, and must keep), as a new private one."""
    container = body.get("container")
    in_place = isinstance(container, dict) and container.get("is_ephemeral") is True
    respond(
        response_type="ephemeral",
        replace_original=in_place,
        text=message.text,
        blocks=message.blocks,
    )
