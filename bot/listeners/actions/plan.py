"""Clicks that plan: "Plan next moves" on a team profile and "Edit plan" open the plan modal
(for whoever may plan); Done and Drop settle a commitment (its owner, or whoever may plan)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.context import services_of
from bot.inbound.payloads import PlanMoveRef, PlanRunRef
from bot.listeners.body import modal_trigger, where, who
from bot.listeners.guard import Later
from bot.messages.plan import plan_message, plan_view
from bot.outbound import lookups
from bot.screens.plans import PlanScreen
from flows import plans
from flows.errors import BadRequest, StaleClick
from storage.models import CommitmentStatus


def open_plan(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Opened before the ack, while the trigger id is fresh (three seconds). Someone who may not
    plan is told so (an ephemeral, through the click's response URL) and sees no modal."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    channel_id, _ = where(body)
    ref = PlanRunRef.decode(action.get("value"))
    trigger = modal_trigger(body)
    round_ = plans.current_round(services, workspace_id=workspace_id, channel_id=channel_id)
    if round_.run_id != ref.run_id:
        raise StaleClick(
            "A newer team profile was posted in this channel since this one. Plan from it: "
            "use its Plan next moves button, or `/readiness plan`."
        )
    is_admin = user_id != round_.started_by and lookups.is_workspace_admin(client, user_id)
    plans.require_planner(services, round_, user_id=user_id, is_admin=is_admin)
    framework = services.framework_for(round_.framework_version)
    client.views_open(
        trigger_id=trigger, view=plan_view(framework, round_, workspace_id=workspace_id)
    )
    ack()


def mark_done(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    later: Later,
) -> None:
    _settle(body, action, client, respond, context, later, CommitmentStatus.DONE)
    ack()


def drop(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    later: Later,
) -> None:
    _settle(body, action, client, respond, context, later, CommitmentStatus.DROPPED)
    ack()


def _settle(
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    later: Later,
    status: CommitmentStatus,
) -> None:
    """What the click names is read before the ack; the change (one `users.info` away: are
    they an admin?) after it. The plan shown is then replaced by the plan as it now stands."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    channel_id, _ = where(body)
    ref = PlanMoveRef.decode(action.get("value"))

    def settle() -> None:
        round_ = plans.current_round(services, workspace_id=workspace_id, channel_id=channel_id)
        if ref.commitment_id not in {c.id for c in (*round_.carried, *round_.commitments)}:
            raise BadRequest(
                "That move is not in this channel's plan, so nothing was changed.",
                log_detail=f"commitment {ref.commitment_id} is not in {channel_id}'s plan",
            )
        plans.settle(
            services,
            workspace_id=workspace_id,
            commitment_id=ref.commitment_id,
            user_id=user_id,
            is_admin=lookups.is_workspace_admin(client, user_id),
            status=status,
        )
        now = plans.current_round(services, workspace_id=workspace_id, channel_id=channel_id)
        shown = plan_message(services.framework_for(now.framework_version), now)
        respond(replace_original=True, text=shown.text, blocks=shown.blocks)
        PlanScreen.of(context, client).show_now(workspace_id=workspace_id, channel_id=channel_id)

    later(settle)
