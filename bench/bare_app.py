"""The floor: `python -m bench.bare_app`, a bolt app that acks our action ids and does nothing.

Configured like `readiness serve` (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT,
READINESS_HOST, LOG_LEVEL) and served the same way, so what separates its figures from the bot's
is exactly the bot's own work:

- bolt's ASGI adapter under uvicorn, with `App.dispatch` run in a thread pool: the bot's own
  `bot.inbound.asgi.ThreadedSlackRequestHandler`, which imports nothing but slack_bolt, so the
  floor's start-up carries none of the bot's (bolt's plain adapter runs dispatch on the event
  loop, so concurrent requests would queue behind each other and the floor would not be one);
- the same bolt settings: `process_before_response=True` (the listener runs on the dispatch
  thread and the answer goes out when it returns) and 32 dispatch threads.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor

import uvicorn
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import ids
from bot.inbound.asgi import ThreadedSlackRequestHandler

THREADS = 32
"""The bot's default READINESS_LISTENER_THREADS: its dispatch threads."""


def ack_only(ack: Ack) -> None:
    ack()


def bare_app() -> App:
    client = WebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    # Token verification stays on (one auth.test at start-up), as it does for the bot.
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=True,
    )
    for action_id in ids.ACTIONS:
        app.action(action_id)(ack_only)
    return app


def main() -> int:
    level = os.environ.get("LOG_LEVEL", "WARNING")
    logging.basicConfig(level=level)
    handler = ThreadedSlackRequestHandler(
        bare_app(),
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


if __name__ == "__main__":
    raise SystemExit(main())
