"""Button clicks: the DM conversation and team invitations."""

from __future__ import annotations

from slack_bolt import App

from bot import ids
from bot.listeners.actions import conversation, team


def register(app: App) -> None:
    app.action(ids.START)(conversation.start)
    app.action(ids.CONTINUE)(conversation.continue_where_left)
    app.action(ids.RESTART)(conversation.restart)
    app.action(ids.PICK)(conversation.pick)
    app.action(ids.BACK)(conversation.back)
    app.action(ids.OPEN_FORM)(conversation.open_form)
    app.action(ids.JOIN_TEAM)(team.join)
    app.action(ids.JOIN_TEAM_FORM)(team.join_with_form)
