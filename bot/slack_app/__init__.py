"""The Slack app's manifest, filled in for the way it will run (HTTP at a URL, or Socket Mode)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

PLACEHOLDER_HOST = "https://YOUR-HOST"

WEB_API_METHODS = frozenset(
    {
        "auth.test",
        "chat.delete",
        "chat.postMessage",
        "chat.update",
        "conversations.members",
        "conversations.open",
        "files.completeUploadExternal",
        "files.getUploadURLExternal",
        "users.info",
        "views.open",
        "views.publish",
    }
)
"""Every Web API method the bot calls. The manifest's scopes are checked against these, and the
tests fail if the bot calls a method not listed here."""

EVENT_SCOPES = {
    "app_home_opened": None,
    "message.im": "im:history",
    "app_uninstalled": None,
    "tokens_revoked": None,
}
"""The scope each subscribed event needs (None: none)."""


def manifest(*, base_url: str | None = None, socket_mode: bool = False) -> dict[str, Any]:
    """The manifest to paste into api.slack.com/apps ("Create New App" > "From a manifest").

    With Socket Mode, Slack delivers everything over the socket, so request URLs are dropped;
    over HTTP they all point at the bot's `/slack/events` endpoint.
    """
    data: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath("manifest.json").read_text(encoding="utf-8")
    )
    settings = data["settings"]
    settings["socket_mode_enabled"] = socket_mode
    events_url = f"{(base_url or PLACEHOLDER_HOST).rstrip('/')}/slack/events"
    for command in data["features"]["slash_commands"]:
        if socket_mode:
            command.pop("url", None)
        else:
            command["url"] = events_url
    for section in (settings["event_subscriptions"], settings["interactivity"]):
        if socket_mode:
            section.pop("request_url", None)
        else:
            section["request_url"] = events_url
    return data
