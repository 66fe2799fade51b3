"""Slash commands: `/readiness` and its sub-commands."""

from __future__ import annotations

from slack_bolt import App

from bot.ids import COMMAND
from bot.listeners.commands.readiness import readiness_command
from bot.listeners.guard import reporting_errors

COMMANDS = (COMMAND,)
"""The slash commands the app declares in its manifest."""


def register(app: App) -> None:
    app.command(COMMAND)(reporting_errors(readiness_command))
