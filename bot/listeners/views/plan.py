"""The plan modal submitted: read, checked (a refusal or a problem is shown beside the field,
and nothing is saved), kept, and the channel's plan shown again."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.context import services_of
from bot.inbound.payloads import PlanMetadata
from bot.listeners.body import view_values, who
from bot.listeners.guard import Later
from bot.messages.mrkdwn import said
from bot.messages.plan import ERROR_MAX, read_plan, saved_message
from bot.outbound import lookups
from bot.screens.plans import PlanScreen
from bot.screens.slack_screen import SlackScreen
from flows import plans
from flows.errors import BadRequest, NotAllowed, StaleClick

logger = logging.getLogger(__name__)


def save_plan(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    """Saved before the ack, so the modal can show what is wrong beside the field. The modal
    names its workspace, channel and run; a workspace other than the request's is refused."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    meta = PlanMetadata.decode(view.get("private_metadata"))
    if meta.workspace_id != workspace_id:
        raise BadRequest(
            "This plan belongs to another workspace, so nothing was saved.",
            log_detail=f"plan of {meta.workspace_id} submitted in {workspace_id}",
        )
    round_ = plans.current_round(services, workspace_id=workspace_id, channel_id=meta.channel_id)
    framework = services.framework_for(round_.framework_version)
    read = read_plan(view_values(view), framework, round_.proposals)
    zone, is_admin = lookups.user_timezone(client, user_id)
    try:
        plans.require_planner(services, round_, user_id=user_id, is_admin=is_admin)
        if read.problems:
            ack(response_action="errors", errors=read.problems)
            return
        saved = plans.save_plan(
            services,
            workspace_id=workspace_id,
            channel_id=meta.channel_id,
            run_id=meta.run_id,
            user_id=user_id,
            is_admin=is_admin,
            lines=read.lines,
            zone=zone,
            members=_members(client, meta.channel_id, context.bot_user_id),
        )
    except plans.PlanProblems as problems:
        ack(response_action="errors", errors=read.errors(problems.problems))
        return
    except (NotAllowed, StaleClick) as refusal:
        # Shown in the modal, so not through report_failure; logged the same way.
        logger.info("refused plan from %s in %s: %s", user_id, workspace_id, refusal.log_detail)
        ack(response_action="errors", errors={read.first_block: said(refusal.words)[:ERROR_MAX]})
        return
    ack()
    slack = SlackScreen(client)
    screen = PlanScreen.of(context, client)
    later(lambda: slack.post(lookups.dm_channel(client, user_id), saved_message(saved)))
    later(lambda: screen.show_now(workspace_id=workspace_id, channel_id=meta.channel_id))


def _members(client: WebClient, channel_id: str, bot_user_id: str | None) -> list[str] | None:
    """The channel's people, to check an owner is one of them; None if Slack cannot say."""
    try:
        return lookups.channel_members(client, channel_id, bot_user_id)
    except SlackApiError as error:
        logger.info("cannot list members of %s: %s", channel_id, error.response.get("error"))
        return None
