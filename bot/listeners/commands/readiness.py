"""`/readiness [sub-command]`: acknowledge at once, then hand the typed request to its handler
as a follow-up. Opening the settings modal is the exception: it happens before the ack, while
the command's trigger id (good for three seconds) is fresh."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.inbound.workspace import workspace_of
from bot.listeners.commands import admin, compare, personal, plan, results, team_runs
from bot.listeners.commands.invocation import Invocation
from bot.listeners.guard import Later
from bot.screens.person import PersonScreen
from bot.screens.team_runs import TeamScreen
from flows.commands import (
    Cancel,
    Close,
    Command,
    Compare,
    Extend,
    ForgetMe,
    Help,
    History,
    OpenSettings,
    Results,
    ScheduleOff,
    ScheduleSet,
    ScheduleShow,
    ShowPlan,
    StartTeam,
    Status,
    TakeIt,
    parse_command,
)


def readiness_command(
    ack: Ack,
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    run = Invocation(
        command=command,
        client=client,
        respond=respond,
        person=PersonScreen.of(context, client),
        team=TeamScreen.of(context, client),
        bot_user_id=context.bot_user_id,
        workspace_id=workspace_of(context),
    )
    run.check()
    parsed = parse_command(run.text)
    if isinstance(parsed, OpenSettings):
        admin.open_settings(run)
        ack()
        return
    ack()
    later(lambda: _carry_out(run, parsed))


def _carry_out(run: Invocation, parsed: Command) -> None:
    match parsed:
        case Help():
            personal.show_help(run, parsed)
        case TakeIt():
            personal.take_it(run)
        case History():
            personal.show_history(run)
        case Results():
            results.show_results(run)
        case ForgetMe():
            personal.ask_to_forget(run)
        case StartTeam():
            team_runs.start(run, parsed)
        case Status():
            team_runs.status(run)
        case Close():
            team_runs.close(run)
        case Cancel():
            team_runs.cancel(run)
        case Extend():
            team_runs.extend(run, parsed)
        case ScheduleShow():
            admin.show_schedule(run)
        case ScheduleSet():
            admin.set_schedule(run, parsed)
        case ScheduleOff():
            admin.turn_off_schedule(run)
        case ShowPlan():
            plan.show(run)
        case Compare():
            compare.compare(run, parsed)
