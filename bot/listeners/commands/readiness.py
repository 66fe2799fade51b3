"""`/readiness [sub-command]`: acknowledge at once, then act and answer the person."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import presenter
from bot.messages.help import help_message
from bot.messages.privacy import forget_confirmation_message
from bot.messages.schedule import history_message, schedule_message, schedule_off_message
from bot.messages.settings import settings_view
from bot.messages.team import (
    cancelled_message,
    extended_message,
    invitation_message,
    status_message,
)
from bot.presenter import Presenter
from bot.services import services_of
from flows import conversation, history, schedules, team, workspace_settings
from flows.commands import (
    Cancel,
    Close,
    Extend,
    ForgetMe,
    Help,
    History,
    OpenSettings,
    ScheduleOff,
    ScheduleSet,
    ScheduleShow,
    StartTeam,
    Status,
    TakeIt,
    parse_command,
)
from flows.errors import UserFacingError

logger = logging.getLogger(__name__)


def readiness_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    ack()
    services = services_of(context)
    screen = Presenter.of(context, client)
    workspace_id = command["team_id"]
    user_id = command["user_id"]
    channel_id = command["channel_id"]
    parsed = parse_command(command.get("text", ""))
    match parsed:
        case Help(unknown=unknown, problem=problem):
            message = help_message(unknown=unknown, problem=problem)
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        case TakeIt():
            dm = presenter.dm_channel(client, user_id)
            step = conversation.begin_individual(
                services, workspace_id=workspace_id, user_id=user_id, channel_id=dm
            )
            screen.offer_or_ask(dm, step)
            if channel_id != dm:
                respond(response_type="ephemeral", text="I've sent you the assessment in our DM.")
        case StartTeam(closes_in=closes_in, min_respondents=minimum):
            _require_channel(channel_id, "Team assessments")
            progress = team.start_team_run(
                services,
                workspace_id=workspace_id,
                channel_id=channel_id,
                started_by=user_id,
                closes_in=closes_in,
                min_respondents=minimum,
                invited=presenter.channel_member_count(client, channel_id, context.bot_user_id),
                is_admin=presenter.is_workspace_admin(client, user_id),
            )
            try:
                ts = screen.post(channel_id, invitation_message(progress))
            except SlackApiError as error:
                team.cancel_team_run(
                    services,
                    workspace_id=workspace_id,
                    channel_id=channel_id,
                    user_id=user_id,
                    is_admin=True,
                )
                if error.response.get("error") in {"not_in_channel", "channel_not_found"}:
                    raise UserFacingError(
                        "I can't post in this channel yet. Add me with `/invite @Outcome "
                        "Readiness`, then run `/readiness team` again."
                    ) from None
                raise
            team.attach_invitation(
                services, workspace_id=workspace_id, run_id=progress.run_id, message_ts=ts
            )
        case Status():
            message = status_message(
                team.team_status(services, workspace_id=workspace_id, channel_id=channel_id)
            )
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        case Close():
            outcome = team.close_team_run(
                services,
                workspace_id=workspace_id,
                channel_id=channel_id,
                user_id=user_id,
                is_admin=presenter.is_workspace_admin(client, user_id),
            )
            screen.team_outcome(outcome, at_deadline=False)
        case Cancel():
            progress = team.cancel_team_run(
                services,
                workspace_id=workspace_id,
                channel_id=channel_id,
                user_id=user_id,
                is_admin=presenter.is_workspace_admin(client, user_id),
            )
            screen.post(channel_id, cancelled_message(progress, user_id))
            screen.refresh_invitation(progress, open_=False, note="Cancelled.")
        case OpenSettings():
            workspace_settings.require_admin(presenter.is_workspace_admin(client, user_id))
            client.views_open(
                trigger_id=command["trigger_id"],
                view=settings_view(workspace_settings.choices(services, workspace_id=workspace_id)),
            )
        case ForgetMe():
            message = forget_confirmation_message()
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        case History():
            if channel_id.startswith("D"):
                past = history.person_history(services, workspace_id=workspace_id, user_id=user_id)
            else:
                past = history.channel_history(
                    services, workspace_id=workspace_id, channel_id=channel_id
                )
            message = history_message(services.framework, past, team=not channel_id.startswith("D"))
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        case ScheduleShow():
            message = schedule_message(
                schedules.show_schedule(services, workspace_id=workspace_id, channel_id=channel_id)
            )
            respond(response_type="ephemeral", text=message.text, blocks=message.blocks)
        case ScheduleSet(rule=rule, closes_in=closes_in, min_respondents=minimum):
            _require_channel(channel_id, "Schedules")
            timezone, is_admin = presenter.user_timezone(client, user_id)
            info = schedules.set_schedule(
                services,
                workspace_id=workspace_id,
                channel_id=channel_id,
                user_id=user_id,
                is_admin=is_admin,
                timezone=timezone,
                rule=rule,
                closes_in=closes_in,
                min_respondents=minimum,
            )
            screen.post(channel_id, schedule_message(info, changed_by=user_id))
        case ScheduleOff():
            info = schedules.remove_schedule(
                services,
                workspace_id=workspace_id,
                channel_id=channel_id,
                user_id=user_id,
                is_admin=presenter.is_workspace_admin(client, user_id),
            )
            screen.post(channel_id, schedule_off_message(info, user_id))
        case Extend(by=by):
            progress = team.extend_team_run(
                services,
                workspace_id=workspace_id,
                channel_id=channel_id,
                user_id=user_id,
                is_admin=presenter.is_workspace_admin(client, user_id),
                by=by,
            )
            screen.post(channel_id, extended_message(progress, user_id))
            screen.refresh_invitation(progress)


def _require_channel(channel_id: str, what: str) -> None:
    if channel_id.startswith("D"):
        raise UserFacingError(
            f"{what} belong to a channel: use this command in your team's channel. Here in a "
            "DM, `/readiness` starts your own assessment."
        )
