"""Reminders in people's DMs: each one owed until shown (`flows.reminders`), and shown once
through the show-once protocol, so a DM Slack refused is sent again and one a worker died
sending is found in the DM (by its metadata) rather than sent twice."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.messages.schedule import reminder_message
from bot.outbound.lookups import dm_channel
from bot.screens.show_once import show_message_once
from bot.screens.slack_screen import SlackScreen, StepKey
from flows.owed import OneMessage
from flows.reminders import ReminderDue
from flows.services import Services


@dataclass(frozen=True)
class ReminderScreen:
    services: Services
    slack: SlackScreen

    @property
    def client(self) -> WebClient:
        return self.slack.client

    def remind(self, due: ReminderDue, *, recovering: bool = False) -> bool:
        """DM one person their reminder (unless `recovering` finds it there already); True
        when this call saw it shown, False when someone else had taken it over."""
        owed = OneMessage.reminder(due)
        try:
            channel = dm_channel(self.client, due.user_id)
        except Exception:
            owed.not_shown(self.services)
            raise
        round_ = due.round_
        return show_message_once(
            self.services,
            self.slack,
            owed,
            channel=channel,
            key=StepKey(round_.progress.run_id, f"reminder-{round_.kind.value}"),
            message=reminder_message(round_),
            look_first=recovering,
        )
