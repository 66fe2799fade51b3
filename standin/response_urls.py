"""Answers to interactions: response URLs, and a slash command's acknowledgement body.

Bolt's `respond()` posts JSON to the `response_url` Slack sent with a command or a click: an
ephemeral reply by default, `response_type: in_channel` for everyone, `replace_original` or
`delete_original` for the message that was clicked. A response URL works five times within thirty
minutes. A command's acknowledgement body is shown the same way, so both share `apply_response`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from standin.content import message_content
from standin.records import JSON, Call, Channel, Workspace
from standin.state import (
    RESPONSE_URL_LIFETIME,
    RESPONSE_URL_USES,
    SlackError,
    SlackState,
)

RESPONSE_PATH = "/response/"


def apply_response(
    state: SlackState,
    workspace: Workspace,
    *,
    channel: Channel,
    user_id: str,
    payload: JSON,
    source_ts: str | None,
    source_is_ephemeral: bool,
    via: str,
) -> None:
    """Show a message response to `user_id` in `channel`, as Slack would."""
    if _flag(payload.get("delete_original")):
        _delete_source(state, workspace, channel, source_ts, source_is_ephemeral)
        return
    content = message_content(
        text=payload.get("text"),
        blocks=payload.get("blocks"),
        attachments=payload.get("attachments"),
        surface_name=via,
    )
    if _flag(payload.get("replace_original")) and source_ts is not None:
        if source_is_ephemeral:
            ephemeral = state.find_ephemeral(channel.id, source_ts)
            if ephemeral is not None:
                state.edit_ephemeral(ephemeral, text=content.text, blocks=content.blocks)
                return
        else:
            message = state.find_message(channel.id, source_ts)
            if message is not None and message.bot_id == workspace.bot_id:
                state.edit_message(message, text=content.text, blocks=content.blocks or [])
                return
    thread_ts = payload.get("thread_ts") if isinstance(payload.get("thread_ts"), str) else None
    if payload.get("response_type") == "in_channel":
        state.post_message(
            workspace,
            channel,
            user=workspace.bot_user_id,
            text=content.text,
            blocks=content.blocks,
            attachments=content.attachments,
            thread_ts=thread_ts,
        )
    else:
        state.post_ephemeral(
            channel,
            user=user_id,
            text=content.text,
            blocks=content.blocks,
            thread_ts=thread_ts,
            via=via,
        )


def _delete_source(
    state: SlackState,
    workspace: Workspace,
    channel: Channel,
    source_ts: str | None,
    source_is_ephemeral: bool,
) -> None:
    if source_ts is None:
        return
    if source_is_ephemeral:
        ephemeral = state.find_ephemeral(channel.id, source_ts)
        if ephemeral is not None:
            ephemeral.deleted = True
        return
    message = state.find_message(channel.id, source_ts)
    if message is not None and message.bot_id == workspace.bot_id:
        message.deleted = True


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


@dataclass
class ResponseAnswer:
    status: int
    body: JSON


def receive_response(
    state: SlackState, url_id: str, content_type: str, body: bytes
) -> ResponseAnswer:
    """A POST to a response URL. Caller holds the lock."""
    response_url = state.response_urls.get(url_id)
    if response_url is None:
        return ResponseAnswer(404, {"ok": False, "error": "invalid_url"})
    payload = _payload(content_type, body)
    state.calls.append(
        Call(
            method="response_url",
            args=payload or {},
            at=state.clock.now(),
            team_id=response_url.team_id,
        )
    )
    if state.clock.now() - response_url.issued_at > RESPONSE_URL_LIFETIME:
        state.violation(f"response_url used after 30 minutes: {payload}")
        return ResponseAnswer(404, {"ok": False, "error": "expired_url"})
    if response_url.uses >= RESPONSE_URL_USES:
        state.violation(f"response_url used more than {RESPONSE_URL_USES} times: {payload}")
        return ResponseAnswer(404, {"ok": False, "error": "used_url"})
    if payload is None:
        state.violation("response_url body is not a JSON object")
        return ResponseAnswer(400, {"ok": False, "error": "invalid_payload"})
    response_url.uses += 1
    workspace = state.workspace(response_url.team_id)
    try:
        apply_response(
            state,
            workspace,
            channel=state.channels[response_url.channel_id],
            user_id=response_url.user_id,
            payload=payload,
            source_ts=response_url.source_ts,
            source_is_ephemeral=response_url.source_is_ephemeral,
            via="response_url",
        )
    except SlackError as error:
        if error.violation:
            state.violation(f"response_url: {error.describe()}")
        answer: JSON = {"ok": False, "error": error.error}
        if error.messages:
            answer["response_metadata"] = {"messages": error.messages}
        return ResponseAnswer(400, answer)
    return ResponseAnswer(200, {"ok": True})


def _payload(content_type: str, body: bytes) -> JSON | None:
    text = body.decode("utf-8", errors="replace")
    if content_type.lower().startswith("application/x-www-form-urlencoded"):
        text = dict(parse_qsl(text)).get("payload", "")
    try:
        decoded = json.loads(text)
    except ValueError:
        return None
    return decoded if isinstance(decoded, dict) else None
