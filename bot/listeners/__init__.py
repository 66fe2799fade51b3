"""Every listener the bot has, grouped by the kind of Slack request it answers."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, views


def register_listeners(app: App) -> None:
    for group in (commands, actions, views, events):
        group.register(app)
