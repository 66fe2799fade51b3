"""Questions the bot asks Slack about people and channels: a person's DM, a channel's members,
whether someone is a workspace admin, their timezone."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)


def dm_channel(client: WebClient, user_id: str) -> str:
    opened = client.conversations_open(users=user_id)
    channel_id: str = opened["channel"]["id"]
    return channel_id


def channel_members(client: WebClient, channel_id: str, bot_user_id: str | None) -> list[str]:
    """The channel's members other than this bot: the people a team run is for."""
    members: list[str] = []
    for page in client.conversations_members(channel=channel_id, limit=200):
        members += [m for m in page["members"] if m != bot_user_id]
    return members


def channel_member_count(client: WebClient, channel_id: str, bot_user_id: str | None) -> int | None:
    """Channel members other than this bot, to show "3 of 12 responded"; None if unknown."""
    try:
        return len(channel_members(client, channel_id, bot_user_id))
    except SlackApiError as error:
        logger.info("cannot count members of %s: %s", channel_id, error.response.get("error"))
        return None


def is_workspace_admin(client: WebClient, user_id: str) -> bool:
    return _is_admin(client.users_info(user=user_id)["user"])


def user_timezone(client: WebClient, user_id: str) -> tuple[str | None, bool]:
    """(IANA timezone, is workspace admin) from one users.info call."""
    user = client.users_info(user=user_id)["user"]
    return user.get("tz"), _is_admin(user)


def _is_admin(user: dict[str, Any]) -> bool:
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
