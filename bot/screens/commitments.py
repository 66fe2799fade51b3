"""A commitment's reminder in its owner's DM: owed until shown (`flows.plans.due_reminders`),
and shown once through the show-once protocol, so a DM Slack refused is sent again and one a
worker died sending is found in the DM (by its metadata) rather than sent twice."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.messages.commitments import reminder_message
from bot.outbound.lookups import dm_channel
from bot.screens.show_once import show_message_once
from bot.screens.slack_screen import SlackScreen, StepKey
from flows.owed import OneMessage
from flows.plans import CommitmentReminder
from flows.services import Services


def reminder_key(reminder: CommitmentReminder) -> StepKey:
    """One reminder per commitment and due date: a new date is a new step."""
    commitment = reminder.commitment
    return StepKey(commitment.id, f"commitment-reminder-{commitment.due_on.isoformat()}")


@dataclass(frozen=True)
class CommitmentScreen:
    services: Services
    slack: SlackScreen

    @property
    def client(self) -> WebClient:
        return self.slack.client

    def remind(self, reminder: CommitmentReminder, *, recovering: bool = False) -> bool:
        """DM the owner their reminder (unless `recovering` finds it there already); True when
        this call saw it shown, False when someone else had taken it over."""
        owed = OneMessage.commitment_reminder(reminder)
        owner = reminder.commitment.owner_id
        assert owner is not None, "flows remind owned commitments only"
        try:
            channel = dm_channel(self.client, owner)
        except Exception:
            owed.not_shown(self.services)
            raise
        today = self.services.clock().date()
        message = reminder_message(reminder, today=today)
        return show_message_once(
            self.services,
            self.slack,
            owed,
            channel=channel,
            key=reminder_key(reminder),
            message=message,
            look_first=recovering,
        )
