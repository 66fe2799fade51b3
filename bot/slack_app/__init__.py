"""The Slack app's manifest, filled in for the way it will run (HTTP at a URL, or Socket Mode)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from bot.slack_app.public_url import NotAPublicUrl, public_base_url

OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"
INSTALL_PATH = "/slack/install"
"""Where a workspace installs the app with OAuth (bolt's default, which the app keeps)."""

WEB_API_METHODS = frozenset(
    {
        "auth.test",
        "canvases.edit",
        "chat.getPermalink",
        "chat.delete",
        "chat.postMessage",
        "chat.update",
        "conversations.canvases.create",
        "conversations.history",
        "conversations.info",
        "conversations.members",
        "conversations.open",
        "conversations.replies",
        "files.completeUploadExternal",
        "files.getUploadURLExternal",
        "oauth.v2.access",
        "pins.add",
        "users.conversations",
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


def _packaged() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath("manifest.json").read_text(encoding="utf-8")
    )
    return data


def bot_scopes() -> list[str]:
    """The bot scopes the app asks for, as the manifest lists them: also what OAuth installs
    request."""
    scopes: list[str] = _packaged()["oauth_config"]["scopes"]["bot"]
    return scopes


def manifest(
    *, base_url: str | None = None, socket_mode: bool = False, oauth: bool = False
) -> dict[str, Any]:
    """The manifest to paste into api.slack.com/apps ("Create New App" > "From a manifest").

    With Socket Mode, Slack delivers everything over the socket, so request URLs are dropped;
    over HTTP they all point at the bot's `/slack/events` endpoint. `oauth` is for installing in
    many workspaces through `/slack/install`: it adds the redirect URL and turns token rotation
    on (which a single pasted bot token could not survive: it would expire after 12 hours).
    HTTP mode needs `base_url`, a public HTTPS address (`NotAPublicUrl` otherwise): a placeholder
    would pass Slack's manifest check and fail only when Slack first calls it.
    """
    if oauth and socket_mode:
        raise ValueError("OAuth installs need HTTP mode")
    if socket_mode:
        host = ""
    elif base_url is None:
        raise NotAPublicUrl(
            "Say where Slack will reach the bot: --url https://YOUR-PUBLIC-HOST for HTTP mode, "
            "or --socket for Socket Mode (no public URL needed)."
        )
    else:
        host = public_base_url(base_url)
    data = _packaged()
    settings = data["settings"]
    settings["socket_mode_enabled"] = socket_mode
    events_url = f"{host}/slack/events"
    if oauth:
        data["oauth_config"]["redirect_urls"] = [f"{host}{OAUTH_REDIRECT_PATH}"]
        settings["token_rotation_enabled"] = True
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
