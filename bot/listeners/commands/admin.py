"""Sub-commands that change how the workspace or a channel runs assessments."""

from __future__ import annotations

from bot.listeners.commands.invocation import Invocation
from bot.messages.schedule import schedule_message, schedule_off_message
from bot.messages.workspace_settings import settings_view
from bot.outbound import lookups
from flows import schedules, workspace_settings
from flows.commands import ScheduleSet


def show_schedule(run: Invocation) -> None:
    info = schedules.show_schedule(
        run.services, workspace_id=run.workspace_id, channel_id=run.channel_id
    )
    run.reply(schedule_message(info))


def set_schedule(run: Invocation, parsed: ScheduleSet) -> None:
    """Store the schedule and confirm it in the channel, warning there if the channel has too
    few people today for the runs it will open (counted first, as `/readiness team` does: a
    channel without the bot is refused before anything is stored)."""
    run.require_channel("Schedules")
    members = lookups.team_run_audience(run.client, run.channel_id, run.bot_user_id)
    timezone, is_admin = lookups.user_timezone(run.client, run.user_id)
    info = schedules.set_schedule(
        run.services,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id,
        user_id=run.user_id,
        is_admin=is_admin,
        timezone=timezone,
        rule=parsed.rule,
        closes_in=parsed.closes_in,
        min_respondents=parsed.min_respondents,
    )
    run.slack.post(run.channel_id, schedule_message(info, changed_by=run.user_id, members=members))


def turn_off_schedule(run: Invocation) -> None:
    info = schedules.remove_schedule(
        run.services,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id,
        user_id=run.user_id,
        is_admin=run.is_admin,
    )
    run.slack.post(run.channel_id, schedule_off_message(info, run.user_id))


def open_settings(run: Invocation) -> None:
    workspace_settings.require_admin(run.is_admin)
    run.client.views_open(
        trigger_id=run.command["trigger_id"],
        view=settings_view(workspace_settings.choices(run.services, workspace_id=run.workspace_id)),
    )
