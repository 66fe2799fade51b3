"""One `/readiness` invocation: who typed it, where, and the tools to answer them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.inbound.slack_ids import NOT_UNDERSTOOD, shown, slack_id
from bot.messages import Message
from bot.outbound import lookups
from bot.screens.person import PersonScreen
from bot.screens.slack_screen import SlackScreen
from bot.screens.team_runs import TeamScreen
from flows.errors import BadRequest, UserFacingError
from flows.services import Services


@dataclass
class Invocation:
    command: dict[str, Any]
    client: WebClient
    respond: Respond
    person: PersonScreen
    team: TeamScreen
    bot_user_id: str | None
    workspace_id: str
    """The installation's workspace (`bot.inbound.workspace`), not the command's `team_id`."""

    @property
    def services(self) -> Services:
        return self.person.services

    @property
    def slack(self) -> SlackScreen:
        return self.person.slack

    @property
    def user_id(self) -> str:
        return slack_id(self.command.get("user_id"), "user")

    @property
    def channel_id(self) -> str:
        return slack_id(self.command.get("channel_id"), "channel")

    @property
    def text(self) -> str:
        """What was typed after the command."""
        typed = self.command.get("text", "")
        if not isinstance(typed, str):
            raise BadRequest(NOT_UNDERSTOOD, log_detail=f"command text is {shown(typed)}")
        return typed

    def check(self) -> None:
        """Refuse, before acknowledging, a command that does not say who typed what where."""
        _ = self.user_id, self.channel_id, self.text

    @property
    def in_dm(self) -> bool:
        return self.channel_id.startswith("D")

    @cached_property
    def is_admin(self) -> bool:
        return lookups.is_workspace_admin(self.client, self.user_id)

    def reply(self, message: Message) -> None:
        """Answer only the person who typed the command."""
        self.respond(response_type="ephemeral", text=message.text, blocks=message.blocks)

    def require_channel(self, what: str) -> None:
        if self.in_dm:
            raise UserFacingError(
                f"{what} belong to a channel: use this command in your team's channel. Here in "
                "a DM, `/readiness` starts your own assessment."
            )
