"""The bot's Web API client, pointed at the stand-in, for tests of what it does on the wire."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.config import Settings
from bot.outbound.web_client import make_web_client
from standin import SlackStandIn


def client_posting_to(standin: SlackStandIn, channel: str) -> WebClient:
    """`make_web_client` with the stand-in's bot token, and `channel` there to post in."""
    standin.add_channel(channel, channel.lower())
    settings = Settings(
        slack_bot_token=standin.workspace.bot_token,
        slack_signing_secret="a-signing-secret-for-this-test",
        slack_api_url=standin.api_url,
    )
    return make_web_client(settings)
