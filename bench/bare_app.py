"""The ack-only floor: `python -m bench.bare_app`, a bolt app that acks our action ids and does
nothing else. Built and served as the bot is (`bench.serving`), so the bot's figures over this
floor's are everything the bot does beyond answering Slack's HTTP request.
"""

from __future__ import annotations

from slack_bolt import Ack, App

from bench.serving import floor_app, serve
from bot import ids


def ack_only(ack: Ack) -> None:
    ack()


def bare_app() -> App:
    app = floor_app()
    for action_id in ids.ACTIONS:
        app.action(action_id)(ack_only)
    return app


def main() -> int:
    return serve(bare_app())


if __name__ == "__main__":
    raise SystemExit(main())
