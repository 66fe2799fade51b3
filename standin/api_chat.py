"""chat.postMessage, chat.update, chat.delete and chat.postEphemeral, with Slack's rules.

The rules that trip bots in production are kept: the bot must be in a channel to post there
(`not_in_channel`), private channels it is not in do not exist for it (`channel_not_found`), a
user id as `channel` means the bot's DM with that person, an ephemeral message needs its
recipient in the channel (`user_not_in_channel`), and only the bot's own messages can be edited.
"""

from __future__ import annotations

from typing import Any

from standin.content import message_content
from standin.records import Channel, Message
from standin.request import CallContext, Handler
from standin.shapes import message_object
from standin.state import SlackError


def post_target(ctx: CallContext, channel_arg: str | None) -> Channel:
    """The conversation a message goes to; a user id (`U…`/`W…`) means the bot's DM with them."""
    if channel_arg is None:
        raise SlackError("channel_not_found")
    if channel_arg[:1] in ("U", "W") and channel_arg not in ctx.state.channels:
        try:
            channel, _ = ctx.state.open_dm(ctx.workspace, channel_arg)
        except SlackError:
            raise SlackError("channel_not_found") from None
        return channel
    channel = ctx.state.channel_for_bot(ctx.workspace, channel_arg)
    ctx.state.require_bot_member(ctx.workspace, channel)
    return channel


def message_json(ctx: CallContext, message: Message) -> dict[str, Any]:
    return message_object(
        message, workspace=ctx.workspace, reply_info=ctx.state.reply_info(message)
    )


def post_message(ctx: CallContext) -> dict[str, Any]:
    args = ctx.args
    channel = post_target(ctx, args.string("channel"))
    content = message_content(
        text=args.string("text"),
        blocks=args.decoded("blocks", error="invalid_blocks_format"),
        attachments=args.decoded("attachments", error="invalid_attachments"),
    )
    metadata = args.decoded("metadata", error="invalid_metadata_format")
    message = ctx.state.post_message(
        ctx.workspace,
        channel,
        user=ctx.workspace.bot_user_id,
        text=content.text,
        blocks=content.blocks,
        attachments=content.attachments,
        thread_ts=args.string("thread_ts"),
        reply_broadcast=args.flag("reply_broadcast"),
        metadata=metadata if isinstance(metadata, dict) else None,
    )
    return {"channel": channel.id, "ts": message.ts, "message": message_json(ctx, message)}


def _own_message(ctx: CallContext, *, cant: str) -> tuple[Channel, Message]:
    channel = ctx.state.channel_for_bot(ctx.workspace, ctx.args.string("channel"))
    message = ctx.state.find_message(channel.id, ctx.args.string("ts"))
    if message is None:
        raise SlackError("message_not_found")
    if message.bot_id != ctx.workspace.bot_id:
        raise SlackError(cant)
    return channel, message


def update(ctx: CallContext) -> dict[str, Any]:
    args = ctx.args
    channel, message = _own_message(ctx, cant="cant_update_message")
    blocks = args.decoded("blocks", error="invalid_blocks_format")
    attachments = args.decoded("attachments", error="invalid_attachments")
    text = args.string("text")
    if text is None and blocks is None and attachments is None:
        raise SlackError("no_text", violation=True, detail="chat.update with no text or blocks")
    content = message_content(
        text=text, blocks=blocks, attachments=attachments, require_content=False
    )
    # Slack keeps the old blocks unless `blocks` is sent; an empty array removes them.
    new_blocks = content.blocks if content.blocks is not None else ([] if blocks == [] else None)
    ctx.state.edit_message(
        message, text=text if text is not None else message.text, blocks=new_blocks
    )
    if content.attachments is not None:
        message.attachments = content.attachments
    return {
        "channel": channel.id,
        "ts": message.ts,
        "text": message.text,
        "message": message_json(ctx, message),
    }


def delete(ctx: CallContext) -> dict[str, Any]:
    channel, message = _own_message(ctx, cant="cant_delete_message")
    message.deleted = True
    return {"channel": channel.id, "ts": message.ts}


def post_ephemeral(ctx: CallContext) -> dict[str, Any]:
    args = ctx.args
    channel = ctx.state.channel_for_bot(ctx.workspace, args.string("channel"))
    user = ctx.state.user_in(ctx.workspace, args.string("user"))
    ctx.state.require_bot_member(ctx.workspace, channel)
    if user.id not in channel.members:
        raise SlackError("user_not_in_channel")
    content = message_content(
        text=args.string("text"),
        blocks=args.decoded("blocks", error="invalid_blocks_format"),
        attachments=args.decoded("attachments", error="invalid_attachments"),
    )
    ephemeral = ctx.state.post_ephemeral(
        channel,
        user=user.id,
        text=content.text,
        blocks=content.blocks,
        thread_ts=args.string("thread_ts"),
    )
    return {"message_ts": ephemeral.ts}


HANDLERS: dict[str, Handler] = {
    "chat.postMessage": post_message,
    "chat.update": update,
    "chat.delete": delete,
    "chat.postEphemeral": post_ephemeral,
}
