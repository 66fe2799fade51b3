"""The buttons on a commitment's reminder: Done and Drop settle it; Not yet opens a small modal
for a new date (bot/listeners/views/commitments.py saves it).

The reminder is in the owner's DM, so the click is nearly always the owner's; anyone else (a
forged click) is refused by the flow unless they may plan the channel's moves. Once answered,
the reminder is replaced by a line saying what was recorded, and the channel's plan is shown
again (`PlanScreen.show_now`).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.payloads import FollowThroughRef, NewDateMetadata
from bot.listeners.body import modal_trigger, where, who
from bot.listeners.guard import Later
from bot.messages.commitments import already_settled, answered_message, new_date_view
from bot.outbound.lookups import is_workspace_admin
from bot.screens.plans import PlanScreen
from bot.screens.slack_screen import SlackScreen
from flows import plans
from flows.errors import StaleClick
from flows.services import Services
from storage.models import CommitmentStatus


def done(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
    later: Later,
) -> None:
    _settle(ack, body, action, client, context, respond, later, CommitmentStatus.DONE)


def drop(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
    later: Later,
) -> None:
    _settle(ack, body, action, client, context, respond, later, CommitmentStatus.DROPPED)


def _settle(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
    later: Later,
    status: CommitmentStatus,
) -> None:
    """Saved before the ack; the reminder and the plan are shown after it."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    ref = FollowThroughRef.decode(action.get("value"))
    channel_id, ts = where(body)
    current = plans.commitment(services, workspace_id=workspace_id, commitment_id=ref.commitment_id)
    if current.owner_id == user_id and not current.open:
        # A second click, or the move was settled meanwhile: said, and nothing changes.
        ack()
        later(lambda: _retire(client, channel_id, ts, current, context, workspace_id))
        later(
            lambda: respond(
                response_type="ephemeral", replace_original=False, text=already_settled(current)
            )
        )
        return
    settled = plans.settle(
        services,
        workspace_id=workspace_id,
        commitment_id=ref.commitment_id,
        user_id=user_id,
        is_admin=current.owner_id != user_id and is_workspace_admin(client, user_id),
        status=status,
    )
    ack()
    later(lambda: _retire(client, channel_id, ts, settled, context, workspace_id))
    later(lambda: show_plan(context, client, workspace_id, settled))


def not_yet(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Opened before the ack, as the form is: the trigger id lasts three seconds. Refused (no
    modal) for a move settled meanwhile, or for someone who may not change it."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    ref = FollowThroughRef.decode(action.get("value"))
    channel_id, ts = where(body)
    current = plans.commitment(services, workspace_id=workspace_id, commitment_id=ref.commitment_id)
    if current.owner_id != user_id:
        current = plans.require_changeable(
            services,
            workspace_id=workspace_id,
            commitment_id=ref.commitment_id,
            user_id=user_id,
            is_admin=is_workspace_admin(client, user_id),
        )
    if not current.open:
        raise StaleClick(already_settled(current))
    metadata = NewDateMetadata(commitment_id=current.id, channel_id=channel_id, message_ts=ts)
    view = new_date_view(current, metadata, today=services.clock().date())
    client.views_open(trigger_id=modal_trigger(body), view=view)
    ack()


def _retire(
    client: WebClient,
    channel_id: str,
    ts: str | None,
    commitment: plans.CommitmentView,
    context: BoltContext,
    workspace_id: str,
) -> None:
    """The reminder becomes what was recorded: its buttons are spent."""
    if ts is not None:
        retire(
            services_of(context), SlackScreen(client), workspace_id, commitment, (channel_id, ts)
        )


def retire(
    services: Services,
    slack: SlackScreen,
    workspace_id: str,
    commitment: plans.CommitmentView,
    message: tuple[str, str],
) -> None:
    """Replace the reminder `message` (its DM channel and ts) by what was recorded."""
    planned_in = plans.channel_of(services, workspace_id=workspace_id, commitment_id=commitment.id)
    today = services.clock().date()
    reminded = (
        commitment.open
        and plans.reminder_time(commitment.due_on, "UTC", now=services.clock()) is not None
    )
    slack.retire_as(
        *message, answered_message(commitment, planned_in, today=today, reminded=reminded)
    )


def show_plan(
    context: BoltContext, client: WebClient, workspace_id: str, commitment: plans.CommitmentView
) -> None:
    """The channel's plan, shown again now that the commitment changed."""
    services = services_of(context)
    channel_id = plans.channel_of(services, workspace_id=workspace_id, commitment_id=commitment.id)
    PlanScreen.of(context, client).show_now(workspace_id=workspace_id, channel_id=channel_id)
