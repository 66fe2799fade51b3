"""Sub-commands for a channel's team run: start, status, close, extend, cancel."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.listeners.commands.invocation import Invocation
from bot.messages.team import (
    status_message,
    too_early_message,
)
from bot.outbound import lookups
from flows import team
from flows.commands import Extend, StartTeam
from flows.steps import NeedMoreAnswers


def start(run: Invocation, parsed: StartTeam) -> None:
    """Open the run and post its invitation; a channel with fewer people than the minimum is
    refused to the person alone before anything is stored (`team.TooFewMembers`)."""
    run.require_channel("Team assessments")
    timezone = None
    if parsed.closes_on is not None:  # a day means the end of it where the person is
        timezone, is_admin = lookups.user_timezone(run.client, run.user_id)
    else:
        is_admin = run.is_admin
    progress = team.start_team_run(
        run.services,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id,
        started_by=run.user_id,
        closes_in=parsed.closes_in,
        closes_on=parsed.closes_on,
        timezone=timezone,
        min_respondents=parsed.min_respondents,
        invited=lookups.team_run_audience(run.client, run.channel_id, run.bot_user_id),
        is_admin=is_admin,
    )
    try:
        run.team.announce(progress, run.bot_user_id)
    except SlackApiError as error:
        # No invitation, no run: otherwise the channel would hold a run nobody can join.
        team.cancel_team_run(
            run.services,
            workspace_id=run.workspace_id,
            channel_id=run.channel_id,
            user_id=run.user_id,
            is_admin=True,
        )
        if error.response.get("error") in lookups.CANNOT_POST:
            raise lookups.cannot_post_in_channel() from None
        raise


def status(run: Invocation) -> None:
    progress = team.team_status(
        run.services, workspace_id=run.workspace_id, channel_id=run.channel_id
    )
    may_manage = progress is not None and team.may_manage(
        progress.started_by,
        run.user_id,
        is_admin=run.user_id != progress.started_by and run.is_admin,
    )
    run.reply(status_message(progress, may_manage=may_manage))


def close(run: Invocation) -> None:
    outcome = team.close_team_run(
        run.services,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id,
        user_id=run.user_id,
        is_admin=run.is_admin,
    )
    if isinstance(outcome, NeedMoreAnswers):
        run.reply(too_early_message(outcome))  # to them alone: the channel sees nothing
        return
    run.team.team_outcome(outcome)


def cancel(run: Invocation) -> None:
    progress = team.cancel_team_run(
        run.services,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id,
        user_id=run.user_id,
        is_admin=run.is_admin,
    )
    run.team.cancelled(progress, run.user_id)


def extend(run: Invocation, parsed: Extend) -> None:
    progress = team.extend_team_run(
        run.services,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id,
        user_id=run.user_id,
        is_admin=run.is_admin,
        by=parsed.by,
    )
    run.team.extended(progress, run.user_id)
