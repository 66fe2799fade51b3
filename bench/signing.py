"""What every benchmark process shares: how a request to the bot is signed, where it goes, and
how the Slack-work floor says it is done."""

from __future__ import annotations

import os

from standin.signing import signature_headers

SECRET_ENV = "BENCH_SIGNING_SECRET"
"""The signing secret reaches child processes through the environment, not the command line."""
EVENTS_PATH = "/slack/events"
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
FORM = "application/x-www-form-urlencoded"


def signing_secret() -> str:
    secret = os.environ.get(SECRET_ENV)
    if not secret:
        raise SystemExit(f"{SECRET_ENV} is not set")
    return secret


def signed_headers(secret: str, body: bytes, content_type: str, timestamp: int) -> dict[str, str]:
    """The headers Slack sends with a request: content type, user agent, signature."""
    return {
        "Content-Type": content_type,
        "User-Agent": USER_AGENT,
        **signature_headers(secret, timestamp, body),
    }


DONE_TITLE = "All done"
"""The title of the Slack-work floor's message after the last question: the harness waits for it
as it waits for the bot's profile."""
