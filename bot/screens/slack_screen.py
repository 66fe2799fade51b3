"""Slack as a screen: post, update and find messages, the three things the show-once protocol
(`bot.screens.show_once`) needs, plus retiring messages whose buttons are spent."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messages import Message

logger = logging.getLogger(__name__)

STEP_EVENT = "readiness_step"
"""Message metadata event type marking which person's step a message shows."""
PROFILE_STEP = "profile"
RECENT_MESSAGES = 20
"""How far back to look for a step already shown: owed steps are a person's latest messages."""


@dataclass(frozen=True)
class StepKey:
    """Which step of whose response a message shows: carried as the message's metadata, so a
    step can be found on screen again (ids only, never answers)."""

    response_id: str
    step: str
    """A question id, or "profile"."""

    def metadata(self) -> dict[str, Any]:
        return {
            "event_type": STEP_EVENT,
            "event_payload": {"response": self.response_id, "step": self.step},
        }

    @classmethod
    def of(cls, metadata: object) -> StepKey | None:
        if not isinstance(metadata, dict) or metadata.get("event_type") != STEP_EVENT:
            return None
        payload = metadata.get("event_payload") or {}
        response, step = payload.get("response"), payload.get("step")
        if isinstance(response, str) and isinstance(step, str):
            return cls(response, step)
        return None


@dataclass(frozen=True)
class SlackScreen:
    client: WebClient

    def post(
        self,
        channel: str,
        message: Message,
        thread_ts: str | None = None,
        *,
        step: StepKey | None = None,
    ) -> str:
        sent = self.client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            thread_ts=thread_ts,
            metadata=step.metadata() if step else None,
        )
        ts: str = sent["ts"]
        return ts

    def update(self, channel: str, ts: str, message: Message) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)

    def find_shown(self, channel: str, step: StepKey) -> str | None:
        """The recent message in `channel` that already shows `step`, if any."""
        found = self.client.conversations_history(
            channel=channel, limit=RECENT_MESSAGES, include_all_metadata=True
        )
        for message in found.get("messages") or []:
            if StepKey.of(message.get("metadata")) == step:
                ts: str = message["ts"]
                return ts
        return None

    def retire_as(self, channel: str, ts: str, message: Message) -> None:
        """Replace a message whose buttons are spent. Best effort: what comes next matters more,
        and a click on a spent button is answered in words anyway."""
        try:
            self.update(channel, ts, message)
        except SlackApiError as error:
            logger.info("could not update spent message %s: %s", ts, error.response.get("error"))

    def delete_spent(self, channel: str, ts: str) -> None:
        """Remove a message whose buttons are spent; best effort, like `retire_as`."""
        try:
            self.client.chat_delete(channel=channel, ts=ts)
        except SlackApiError as error:
            logger.info("could not delete spent message %s: %s", ts, error.response.get("error"))
