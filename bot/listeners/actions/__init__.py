"""Button clicks: the DM conversation and team invitations."""

from __future__ import annotations

from slack_bolt import App

from bot import ids
from bot.listeners.actions import (
    comments,
    commitments,
    conversation,
    overview,
    plan,
    privacy,
    reminders,
    results,
    team,
    team_run_controls,
)
from bot.listeners.guard import reporting_errors


def register(app: App) -> None:
    app.action(ids.START)(reporting_errors(conversation.start))
    app.action(ids.CONTINUE)(reporting_errors(conversation.continue_where_left))
    app.action(ids.RESTART)(reporting_errors(conversation.restart))
    app.action(ids.PICK)(reporting_errors(conversation.pick))
    app.action(ids.BACK)(reporting_errors(conversation.back))
    app.action(ids.OPEN_FORM)(reporting_errors(conversation.open_form))
    app.action(ids.ROLE)(reporting_errors(conversation.choose_role))
    app.action(ids.COMMENT)(reporting_errors(comments.open_comment))
    app.action(ids.JOIN_TEAM)(reporting_errors(team.join))
    app.action(ids.JOIN_TEAM_FORM)(reporting_errors(team.join_with_form))
    app.action(ids.TEAM_CLOSE)(reporting_errors(team_run_controls.close))
    app.action(ids.TEAM_EXTEND)(reporting_errors(team_run_controls.extend))
    app.action(ids.TEAM_CANCEL)(reporting_errors(team_run_controls.cancel))
    app.action(ids.TEAM_KEEP_WAITING)(reporting_errors(team_run_controls.keep_waiting))
    app.action(ids.STOP_REMINDERS)(reporting_errors(reminders.stop))
    app.action(ids.COMMITMENT_DONE)(reporting_errors(commitments.done))
    app.action(ids.COMMITMENT_NOT_YET)(reporting_errors(commitments.not_yet))
    app.action(ids.COMMITMENT_DROP)(reporting_errors(commitments.drop))
    app.action(ids.FORGET_CONFIRM)(reporting_errors(privacy.confirm))
    app.action(ids.FORGET_CANCEL)(reporting_errors(privacy.cancel))
    app.action(ids.PLAN_OPEN)(reporting_errors(plan.open_plan))
    app.action(ids.PLAN_EDIT)(reporting_errors(plan.open_plan))
    app.action(ids.PLAN_DONE)(reporting_errors(plan.mark_done))
    app.action(ids.PLAN_DROP)(reporting_errors(plan.drop))
    app.action(ids.REPORT_LINK)(reporting_errors(results.report_link))
    app.action(ids.OVERVIEW_COMPARE)(reporting_errors(overview.open_compare))
