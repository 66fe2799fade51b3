"""How both floors are built and served: configured and served exactly like `readiness serve`,
so what separates a floor's figures from the bot's is the bot's own work.

Configured from the same environment (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT,
READINESS_HOST, LOG_LEVEL), and served the same way:

- bolt's ASGI adapter under uvicorn, with `App.dispatch` run in a thread pool: the bot's own
  `bot.inbound.asgi.ThreadedSlackRequestHandler`, which imports nothing but slack_bolt, so a
  floor's start-up carries none of the bot's (bolt's plain adapter runs dispatch on the event
  loop, so concurrent requests would queue behind each other and a floor would not be one);
- the same bolt settings: `process_before_response=True` (the listener runs on the dispatch
  thread and the answer goes out when it returns), the signature checked once, by the handler
  (bolt's own check off), and 12 dispatch threads;
- token verification on (one `auth.test` at start-up), as it is for the bot;
- Web API calls over kept connections (`bot.outbound.connections`, stdlib only), as the bot's.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor

import uvicorn
from slack_bolt import App
from slack_sdk import WebClient

from bot.inbound.asgi import ThreadedSlackRequestHandler
from bot.outbound.connections import reuse_connections

THREADS = 12
"""The bot's default READINESS_LISTENER_THREADS: its dispatch threads."""
FOLLOW_UP_THREADS = 4
"""The bot's default READINESS_FOLLOW_UP_THREADS: the threads that talk to Slack after the ack."""


def floor_app() -> App:
    """A bolt app with no listeners yet, configured as the bot configures its own."""
    reuse_connections()
    client = WebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    return App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        # `serve`'s handler checks the signature before bolt sees the request, as the bot's does.
        request_verification_enabled=False,
        process_before_response=True,
    )


def serve(app: App) -> int:
    """Serve `app` as `readiness serve` serves the bot, until stopped."""
    level = os.environ.get("LOG_LEVEL", "WARNING")
    logging.basicConfig(level=level)
    handler = ThreadedSlackRequestHandler(
        app,
        ThreadPoolExecutor(THREADS, thread_name_prefix="dispatch"),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    )
    uvicorn.run(
        handler,
        host=os.environ.get("READINESS_HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "3000")),
        log_level=level.lower(),
        access_log=False,
    )
    return 0
