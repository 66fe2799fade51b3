"""The floor: `python -m bench.bare_app`, a bolt app that acks our action ids and does nothing.

Configured like `readiness serve` (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT,
READINESS_HOST, LOG_LEVEL) and served the same way, bolt's ASGI adapter under uvicorn, so what
separates its figures from the bot's is exactly the bot's own work. It uses bolt's plain
`SlackRequestHandler` (dispatch on the event loop), as a minimal bolt app would.
"""

from __future__ import annotations

import logging
import os

import uvicorn
from slack_bolt import Ack, App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_sdk import WebClient

from bot import ids

EVENTS_PATH = "/slack/events"


def ack_only(ack: Ack) -> None:
    ack()


def bare_app() -> App:
    client = WebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    # Token verification stays on (one auth.test at start-up), as it does for the bot.
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])
    for action_id in ids.ACTIONS:
        app.action(action_id)(ack_only)
    return app


def main() -> int:
    level = os.environ.get("LOG_LEVEL", "WARNING")
    logging.basicConfig(level=level)
    handler = SlackRequestHandler(bare_app(), path=EVENTS_PATH)
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
