"""Who and where: auth.test, users.info, users.conversations and the conversations.* methods
the bot uses."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from standin.records import Message
from standin.request import CallContext, Handler
from standin.shapes import channel_object, message_object, user_object
from standin.state import SlackError

MAX_PAGE = 1000
DEFAULT_PAGE = 100


def api_test(ctx: CallContext) -> dict[str, Any]:
    error = ctx.args.string("error")
    if error:
        raise SlackError(error)
    return {"args": {k: v for k, v in ctx.args.raw().items() if isinstance(v, str)}}


def auth_test(ctx: CallContext) -> dict[str, Any]:
    workspace = ctx.workspace
    answer: dict[str, Any] = {
        "url": f"https://{workspace.domain}.slack.com/",
        "team": workspace.team_name,
        "user": workspace.bot_name,
        "team_id": workspace.team_id,
        "user_id": workspace.bot_user_id,
        "bot_id": workspace.bot_id,
        "is_enterprise_install": False,
    }
    if workspace.enterprise_id:
        answer["enterprise_id"] = workspace.enterprise_id
    return answer


def users_info(ctx: CallContext) -> dict[str, Any]:
    user = ctx.state.user_in(ctx.workspace, ctx.args.string("user"))
    return {
        "user": user_object(
            user, now=ctx.state.clock.now(), include_locale=ctx.args.flag("include_locale")
        )
    }


def conversations_open(ctx: CallContext) -> dict[str, Any]:
    users = [u.strip() for u in (ctx.args.string("users") or "").split(",") if u.strip()]
    channel_id = ctx.args.string("channel")
    if not users and channel_id is None:
        raise SlackError("users_list_not_supplied")
    if channel_id is not None:
        channel = ctx.state.channel_for_bot(ctx.workspace, channel_id)
        created = False
    elif len(users) == 1:
        channel, created = ctx.state.open_dm(ctx.workspace, users[0])
    else:
        raise SlackError(
            "not_modelled",
            violation=True,
            detail="group DMs (conversations.open with several users) are not modelled by the "
            "stand-in; extend standin if the bot needs them",
        )
    answer: dict[str, Any] = {}
    if not created:
        answer.update({"no_op": True, "already_open": True})
    if ctx.args.flag("return_im"):
        answer["channel"] = channel_object(channel, bot_user_id=ctx.workspace.bot_user_id)
    else:
        answer["channel"] = {"id": channel.id}
    return answer


def conversations_info(ctx: CallContext) -> dict[str, Any]:
    channel = ctx.state.channel_for_bot(ctx.workspace, ctx.args.string("channel"))
    shape = channel_object(channel, bot_user_id=ctx.workspace.bot_user_id)
    if ctx.args.flag("include_num_members") and not channel.is_im:
        shape["num_members"] = len(channel.members)
    return {"channel": shape}


def conversations_members(ctx: CallContext) -> dict[str, Any]:
    channel = ctx.state.channel_for_bot(ctx.workspace, ctx.args.string("channel"))
    limit = ctx.args.number("limit", DEFAULT_PAGE)
    if limit <= 0:
        limit = DEFAULT_PAGE
    limit = min(limit, MAX_PAGE)
    members = list(channel.members)
    start = _cursor_position(ctx.args.string("cursor"), members)
    page = members[start : start + limit]
    rest = members[start + limit :]
    next_cursor = _encode_cursor(rest[0]) if rest else ""
    return {"members": page, "response_metadata": {"next_cursor": next_cursor}}


def conversations_history(ctx: CallContext) -> dict[str, Any]:
    """A conversation's top-level messages, newest first (thread replies only if broadcast), in
    pages of `limit`; message metadata only with `include_all_metadata`, as Slack does."""
    channel = ctx.state.channel_for_bot(ctx.workspace, ctx.args.string("channel"))
    inclusive = ctx.args.flag("inclusive")
    oldest, latest = ctx.args.string("oldest"), ctx.args.string("latest")

    def within(ts: str) -> bool:
        after = oldest is None or (ts >= oldest if inclusive else ts > oldest)
        before = latest is None or (ts <= latest if inclusive else ts < latest)
        return after and before

    newest_first = [
        m
        for m in reversed(ctx.state.timelines.get(channel.id, []))
        if not m.deleted and (not m.is_reply or m.reply_broadcast) and within(m.ts)
    ]
    return {**_page(ctx, newest_first), "pin_count": 0}


def conversations_replies(ctx: CallContext) -> dict[str, Any]:
    """A thread: its parent first, then its replies, oldest first, in pages of `limit`; message
    metadata only with `include_all_metadata`, as conversations.history. `ts` must be a message
    of the conversation (`thread_not_found` otherwise, as Slack answers)."""
    channel = ctx.state.channel_for_bot(ctx.workspace, ctx.args.string("channel"))
    parent_ts = ctx.args.string("ts")
    timeline = [m for m in ctx.state.timelines.get(channel.id, []) if not m.deleted]
    parent = next((m for m in timeline if m.ts == parent_ts and not m.is_reply), None)
    if parent is None:
        raise SlackError("thread_not_found")
    thread = [parent, *(m for m in timeline if m.is_reply and m.thread_ts == parent.ts)]
    return _page(ctx, thread)


def _page(ctx: CallContext, messages: list[Message]) -> dict[str, Any]:
    """One page of `messages` from the call's `cursor`, `limit` long, shaped as Slack sends
    them: message metadata only with `include_all_metadata`."""
    limit = min(max(ctx.args.number("limit", DEFAULT_PAGE), 1), MAX_PAGE)
    start = _history_position(ctx.args.string("cursor"), messages)
    more = len(messages) > start + limit
    with_metadata = ctx.args.flag("include_all_metadata")
    shaped = []
    for message in messages[start : start + limit]:
        shape = message_object(
            message,
            workspace=ctx.workspace if message.bot_id else None,
            reply_info=ctx.state.reply_info(message),
        )
        if not with_metadata:
            shape.pop("metadata", None)
        shaped.append(shape)
    next_cursor = _encode_cursor_ts(messages[start + limit].ts) if more else ""
    return {
        "messages": shaped,
        "has_more": more,
        "response_metadata": {"next_cursor": next_cursor},
    }


def _encode_cursor_ts(ts: str) -> str:
    return base64.b64encode(f"next_ts:{ts}".encode()).decode()


def _history_position(cursor: str | None, messages: list[Message]) -> int:
    if cursor is None:
        return 0
    try:
        kind, _, ts = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise SlackError("invalid_cursor") from None
    positions = [i for i, m in enumerate(messages) if m.ts == ts]
    if kind != "next_ts" or not positions:
        raise SlackError("invalid_cursor")
    return positions[0]


def _encode_cursor(user_id: str) -> str:
    # Slack's cursors are opaque; this one is base64 of `user:<next id>`, as Slack's look.
    return base64.b64encode(f"user:{user_id}".encode()).decode()


def _cursor_position(cursor: str | None, members: list[str]) -> int:
    if cursor is None:
        return 0
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise SlackError("invalid_cursor") from None
    kind, _, user_id = decoded.partition(":")
    if kind != "user" or user_id not in members:
        raise SlackError("invalid_cursor")
    return members.index(user_id)


def users_conversations(ctx: CallContext) -> dict[str, Any]:
    """The channels a person is in, as the bot may see them: public ones, and private ones only
    where the bot is a member too (Slack's rule for a bot token asking about someone else). DMs
    are not modelled here: the bot never asks for them. Paged like Slack, by channel."""
    user = ctx.state.user_in(ctx.workspace, ctx.args.string("user") or ctx.workspace.bot_user_id)
    types = set((ctx.args.string("types") or "public_channel").split(","))
    unknown = types - {"public_channel", "private_channel", "mpim", "im"}
    if unknown:
        raise SlackError("invalid_types", detail=f"unknown types {sorted(unknown)}")
    exclude_archived = ctx.args.flag("exclude_archived")
    bot = ctx.workspace.bot_user_id
    found = [
        channel
        for channel in ctx.state.channels.values()
        if channel.team_id == ctx.workspace.team_id
        and not channel.is_im
        and user.id in channel.members
        and ("private_channel" if channel.is_private else "public_channel") in types
        and (not channel.is_private or bot in channel.members)
        and not (exclude_archived and channel.is_archived)
    ]
    limit = ctx.args.number("limit", DEFAULT_PAGE)
    limit = min(limit if limit > 0 else DEFAULT_PAGE, MAX_PAGE)
    ids = [channel.id for channel in found]
    start = _channel_cursor_position(ctx.args.string("cursor"), ids)
    page = found[start : start + limit]
    rest = ids[start + limit :]
    next_cursor = base64.b64encode(f"channel:{rest[0]}".encode()).decode() if rest else ""
    return {
        "channels": [channel_object(channel, bot_user_id=bot) for channel in page],
        "response_metadata": {"next_cursor": next_cursor},
    }


def _channel_cursor_position(cursor: str | None, ids: list[str]) -> int:
    if not cursor:
        return 0
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise SlackError("invalid_cursor") from None
    kind, _, channel_id = decoded.partition(":")
    if kind != "channel" or channel_id not in ids:
        raise SlackError("invalid_cursor")
    return ids.index(channel_id)


HANDLERS: dict[str, Handler] = {
    "api.test": api_test,
    "auth.test": auth_test,
    "users.info": users_info,
    "users.conversations": users_conversations,
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
}
