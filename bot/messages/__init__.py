"""Messages and views as pure functions: payload in, Block Kit out, testable without Slack."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import Block


@dataclass(frozen=True)
class Message:
    """A message's notification text and its blocks, ready for chat.postMessage or respond()."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, *blocks: Block | dict[str, Any]) -> Message:
        """Blocks as dicts (`bot.messages.blocks`) are taken as they are; slack_sdk's models,
        still used where a message is built once in a while, are turned into dicts."""
        return cls(text=text, blocks=[b if isinstance(b, dict) else b.to_dict() for b in blocks])
