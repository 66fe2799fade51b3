"""Questions the bot asks Slack about people and channels: a person's DM, a channel's members,
the channels a person is in, what a channel and the workspace are called, whether someone is
a workspace admin, their timezone."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from flows.errors import UserFacingError

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


def team_run_audience(client: WebClient, channel_id: str, bot_user_id: str | None) -> int | None:
    """How many people a team run in the channel is for (None if Slack could not say), asked
    before the run is created: a channel this bot cannot see, or is not in, gets no run, so a
    refusal leaves nothing behind (not even a run cancelled at once).

    `UserFacingError` for a channel not found (another workspace's, through a token that
    cannot see it) or without this bot; other Slack errors leave the count unknown."""
    try:
        members: list[str] = []
        for page in client.conversations_members(channel=channel_id, limit=200):
            members += page["members"]
    except SlackApiError as error:
        code = error.response.get("error")
        if code in CANNOT_POST:
            raise cannot_post_in_channel(f"{code} for {channel_id}") from None
        logger.info("cannot count members of %s: %s", channel_id, code)
        return None
    if bot_user_id and bot_user_id not in members:
        raise cannot_post_in_channel(f"the bot is not a member of {channel_id}")
    return len([m for m in members if m != bot_user_id])


CANNOT_POST = frozenset({"not_in_channel", "channel_not_found"})
"""Slack's errors for a channel the bot cannot post in."""


def cannot_post_in_channel(detail: str | None = None) -> UserFacingError:
    """What the person who asked for a team run hears when the bot cannot post in the channel."""
    return UserFacingError(
        "I can't post in this channel yet. Add me with `/invite @Outcome Readiness`, "
        "then run `/readiness team` again.",
        log_detail=detail,
    )


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


def channels_of(client: WebClient, user_id: str) -> dict[str, str]:
    """The channels `user_id` is a member of, as Slack says now (public ones, and private ones
    the bot is in too), with their names: who may see a channel's results is decided by this,
    at the time of asking. One call per page of channels, however many teams there are."""
    found: dict[str, str] = {}
    for page in client.users_conversations(
        user=user_id, types="public_channel,private_channel", exclude_archived=True, limit=200
    ):
        found.update((channel["id"], channel.get("name") or "") for channel in page["channels"])
    return found


def channel_name(client: WebClient, channel_id: str) -> str | None:
    """The channel's name as people know it ("cs-team"), or None if Slack cannot say."""
    try:
        name = client.conversations_info(channel=channel_id)["channel"].get("name")
    except SlackApiError as error:
        logger.info("no name for %s: %s", channel_id, error.response.get("error"))
        return None
    return name if isinstance(name, str) and name else None


def workspace_name(client: WebClient) -> str | None:
    """The workspace's name ("Acme"), or None if Slack cannot say."""
    try:
        name = client.auth_test().get("team")
    except SlackApiError as error:
        logger.info("no workspace name: %s", error.response.get("error"))
        return None
    return name if isinstance(name, str) and name else None
