"""The Web API client: slack_sdk's, with its own retry handlers for rate limits and 5xx."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings


def make_web_client(settings: Settings, *, token: str | None = None) -> WebClient:
    """A client for `token`; without one, the configured bot token (None with OAuth installs,
    where each request's client gets its workspace's token)."""
    if token is None and settings.slack_bot_token is not None and not settings.oauth_enabled:
        token = settings.slack_bot_token.get_secret_value()
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=5),
            ServerErrorRetryHandler(max_retry_count=3),
        ],
    )
