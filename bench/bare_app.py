"""The ack-only floor: `python -m bench.bare_app`, a bolt app that acks our action ids and does
nothing else. Built and served as the bot is (`bench.serving`), so the bot's figures over this
floor's are everything the bot does beyond answering Slack's HTTP request.

`--stack` first imports the rest of what the product card fixes and the bot cannot answer a
click without (SQLAlchemy's ORM and pydantic-settings): its start-up is the least any bot on
this stack can take, whatever it imports of its own.
"""

from __future__ import annotations

import importlib
import sys

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


STACK = ("sqlalchemy.orm", "pydantic_settings")


def main() -> int:
    if "--stack" in sys.argv[1:]:
        for module in STACK:
            importlib.import_module(module)
    return serve(bare_app())


if __name__ == "__main__":
    raise SystemExit(main())
