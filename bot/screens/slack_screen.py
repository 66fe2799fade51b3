"""Slack as a screen: post, update and find messages, the three things the show-once protocol
(`bot.screens.show_once`) needs, plus retiring messages whose buttons are spent."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messages import Message

logger = logging.getLogger(__name__)

STEP_EVENT = "readiness_step"
"""Message metadata event type marking which step a message shows."""
RECENT_MESSAGES = 20
"""How far back to look for a step already shown: owed steps are a conversation's latest."""


@dataclass(frozen=True)
class StepKey:
    """Which step a message shows: a response's question or profile part, or a team run's
    invitation or team profile part. Carried as the message's metadata (a file carries it in its
    name), so a step can be found on screen again after a crash (ids only, never answers)."""

    subject: str
    """The response, or for a channel's posts the team run."""
    step: str
    """A question id, "invitation", or a profile part ("profile", "chart", "report")."""

    def metadata(self) -> dict[str, Any]:
        return {
            "event_type": STEP_EVENT,
            "event_payload": {"subject": self.subject, "step": self.step},
        }

    @property
    def file_name(self) -> str:
        """A file's name that says which step it is, without saying whose."""
        digest = hashlib.sha256(f"{self.subject}/{self.step}".encode()).hexdigest()[:12]
        return f"outcome-readiness-{self.step}-{digest}.png"

    @classmethod
    def of(cls, metadata: object) -> StepKey | None:
        if not isinstance(metadata, dict) or metadata.get("event_type") != STEP_EVENT:
            return None
        payload = metadata.get("event_payload") or {}
        subject = payload.get("subject", payload.get("response"))
        step = payload.get("step")
        if isinstance(subject, str) and isinstance(step, str):
            return cls(subject, step)
        return None

    def shown_by(self, message: dict[str, Any]) -> bool:
        if StepKey.of(message.get("metadata")) == self:
            return True
        files = message.get("files") or []
        return any(isinstance(f, dict) and f.get("name") == self.file_name for f in files)


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

    def find_shown(
        self, channel: str, step: StepKey, *, thread_ts: str | None = None
    ) -> str | None:
        """The recent message in `channel` (or in the thread of `thread_ts`) that already shows
        `step`, if any."""
        if thread_ts is None:
            found = self.client.conversations_history(
                channel=channel, limit=RECENT_MESSAGES, include_all_metadata=True
            )
        else:
            found = self.client.conversations_replies(
                channel=channel, ts=thread_ts, limit=RECENT_MESSAGES, include_all_metadata=True
            )
        for message in found.get("messages") or []:
            if step.shown_by(message):
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
