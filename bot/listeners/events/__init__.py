"""Events API callbacks: App Home opened, messages in the DM."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.events import app_leaving
from bot.listeners.events.dm import direct_message
from bot.listeners.events.home import home_opened
from bot.listeners.guard import reporting_errors

EVENTS = ("app_home_opened", "message.im", "app_uninstalled", "tokens_revoked")
"""The bot events the app subscribes to in its manifest."""


def register(app: App) -> None:
    app.event("app_home_opened")(reporting_errors(home_opened))
    app.event({"type": "message", "channel_type": "im"})(reporting_errors(direct_message))
    app.event("app_uninstalled")(reporting_errors(app_leaving.app_uninstalled))
    app.event("tokens_revoked")(reporting_errors(app_leaving.tokens_revoked))
