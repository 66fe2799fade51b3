"""Reading who acted and where from an interaction payload, the same way for every listener."""

from __future__ import annotations

from typing import Any


def who(body: dict[str, Any]) -> tuple[str, str]:
    """(workspace id, user id) of the person who clicked or submitted."""
    user = body["user"]
    workspace = user.get("team_id") or (body.get("team") or {}).get("id")
    if not workspace:
        raise KeyError("no workspace in the payload")
    return workspace, user["id"]


def where(body: dict[str, Any]) -> tuple[str, str | None]:
    """(channel id, message ts) of the message that was clicked."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    if not isinstance(channel, str):
        raise KeyError("no channel in the payload")
    ts = container.get("message_ts")
    return channel, ts if isinstance(ts, str) else None
