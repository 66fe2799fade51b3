"""pins.add and chat.getPermalink: pinning a message to its channel, and a message's link.

pins.add (arguments from Slack's SDK types, ../shared/reference/slack_web_api_arguments/
pins.add.json: `channel` and `timestamp`, both required; scope pins:write). Its errors as Slack's
method descriptions list them (hex.pm slack_kit, lib/slack/web/docs/pins.add.json; xlack
priv/slack/docs/pins.add.json): `already_pinned` ("The specified item is already pinned to the
channel."), `bad_timestamp`, `channel_not_found`, `message_not_found` ("Message specified by
`channel` and `timestamp` does not exist."), `permission_denied` ("The user does not have
permission to add pins to the channel."). `not_in_channel` is what every channel method gives a
bot that is not a member (as chat.postMessage here). A channel whose pins are locked to some
people (`SlackStandIn.refuse_pins`) answers `permission_denied`.

chat.getPermalink (no scope; errors `channel_not_found`, `message_not_found`): Slack's example
answer is `https://ghostbusters.slack.com/archives/C1H9RESGA/p135854651500008`, the workspace's
domain, the channel, and "p" with the ts's digits; a reply in a thread adds
`?thread_ts=<parent ts>&cid=<channel>`.
"""

from __future__ import annotations

import re
from typing import Any

from standin.request import CallContext, Handler
from standin.state import SlackError

TS = re.compile(r"^\d+\.\d+$")


def add_pin(ctx: CallContext) -> dict[str, Any]:
    state, workspace = ctx.state, ctx.workspace
    channel = state.channel_for_bot(workspace, ctx.args.string("channel"))
    state.require_bot_member(workspace, channel)
    ts = ctx.args.string("timestamp") or ""
    if not TS.match(ts):
        raise SlackError("bad_timestamp")
    if state.find_message(channel.id, ts) is None:
        raise SlackError("message_not_found")
    if channel.id in state.pins_refused:
        raise SlackError("permission_denied")
    pinned = state.pins.setdefault(channel.id, [])
    if ts in pinned:
        raise SlackError("already_pinned")
    pinned.append(ts)
    return {}


def permalink(ctx: CallContext) -> dict[str, Any]:
    state, workspace = ctx.state, ctx.workspace
    channel = state.channel_for_bot(workspace, ctx.args.string("channel"))
    message = state.find_message(channel.id, ctx.args.string("message_ts"))
    if message is None:
        raise SlackError("message_not_found")
    link = (
        f"https://{workspace.domain}.slack.com/archives/{channel.id}/p{message.ts.replace('.', '')}"
    )
    if message.is_reply:
        link += f"?thread_ts={message.thread_ts}&cid={channel.id}"
    return {"channel": channel.id, "permalink": link}


HANDLERS: dict[str, Handler] = {
    "pins.add": add_pin,
    "chat.getPermalink": permalink,
}
