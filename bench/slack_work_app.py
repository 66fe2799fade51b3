"""The Slack-work floor: `python -m bench.slack_work_app`, a bolt app that does the Slack side of
an answer click as the bot does it, and nothing else: no database, no scoring, no chart.

Built and served as the bot is (`bench.serving`). On `/readiness` it acks and posts question 1;
on a click on an option it acks, then, on as many follow-up threads as the bot has, collapses
the clicked question with `chat.update` and posts the next with `chat.postMessage` (after the
last, a short message titled `DONE_TITLE`), as the bot does after saving the answer. So the bot's
figures over this floor's are what its own work costs: the database, the scoring, building its
messages, the profile's chart and report.

A question is plain Block Kit dicts carrying the framework's words, shaped like the bot's (a
"Question N of TOTAL · dimension" header, the prompt, one section per option with a "Choose X"
button), so the harness's respondents find and click their option on it exactly as on the bot's,
and the Slack stand-in checks it as it checks the bot's messages. Its "Don't know" button,
divider and progress line are there so its size is near the bot's, not for use. Each person sees
the options in an order of their own, as with the bot. The framework is loaded once, at start-up.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bench.serving import FOLLOW_UP_THREADS, floor_app, serve
from bench.signing import DONE_TITLE
from bot import ids
from bot.messages.mrkdwn import escape
from scoring import Framework, default_framework
from scoring.framework import Question

logger = logging.getLogger(__name__)

Block = dict[str, Any]
LETTERS = "ABCDEFGH"
DONT_KNOW = "Don't know / not my area"
DONT_KNOW_BLOCK = "dont_know"
_HEADER = re.compile(r"^Question (\d+) of \d+")


def _text(kind: str, text: str) -> dict[str, str]:
    return {"type": kind, "text": text}


def question_blocks(
    question: Question, dimension: str, number: int, total: int, user: str
) -> list[Block]:
    """Question `number` of `total` as `user` sees it, the options in an order of their own."""
    shown = random.Random(f"{user}/{question.id}").sample(question.options, len(question.options))
    title = f"Question {number} of {total} · {dimension}"
    blocks: list[Block] = [
        {"type": "header", "text": _text("plain_text", title)},
        {"type": "section", "text": _text("mrkdwn", f"*{escape(question.prompt)}*")},
    ]
    for letter, option in zip(LETTERS, shown, strict=False):
        blocks.append(
            {
                "type": "section",
                "block_id": f"option_{letter}",
                "text": _text("mrkdwn", f"*{letter}.* {escape(option.text)}"),
                "accessory": {
                    "type": "button",
                    "action_id": ids.PICK,
                    "text": _text("plain_text", f"Choose {letter}"),
                    "value": f"{question.id}/{letter}",
                },
            }
        )
    blocks += [
        {"type": "divider"},
        {
            "type": "actions",
            "block_id": DONT_KNOW_BLOCK,
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.PICK,
                    "text": _text("plain_text", DONT_KNOW),
                    "value": f"{question.id}/-",
                }
            ],
        },
        {"type": "context", "elements": [_text("mrkdwn", f"{number - 1} of {total} answered")]},
    ]
    return blocks


def answered_blocks(clicked: list[Block], block_id: str) -> list[Block]:
    """What the clicked question collapses to: its title, its prompt and the option chosen, all
    read from the clicked message's own blocks."""
    title = next(b["text"]["text"] for b in clicked if b.get("type") == "header")
    prompt = next(b["text"]["text"] for b in clicked if b.get("type") == "section")
    chosen = next(
        (b["text"]["text"] for b in clicked if b.get("block_id") == block_id and "text" in b),
        f"_{DONT_KNOW}_",
    )
    return [
        {"type": "section", "text": _text("mrkdwn", f"*{escape(title)}*\n{prompt}\n✅ {chosen}")}
    ]


def done_blocks(total: int) -> list[Block]:
    return [
        {"type": "header", "text": _text("plain_text", DONE_TITLE)},
        {"type": "section", "text": _text("mrkdwn", f"All {total} questions answered.")},
    ]


class SlackWork:
    """The floor's listeners: each acks, then hands its Slack calls to the follow-up threads."""

    def __init__(self, framework: Framework, follow_ups: Executor) -> None:
        self.questions = framework.questions
        names = {dimension.id: dimension.name for dimension in framework.dimensions}
        self.dimensions = [names[question.dimension] for question in framework.questions]
        self.follow_ups = follow_ups

    def start(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        self._later(self._post_question, client, body["channel_id"], body["user_id"], 1)

    def pick(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        self._later(self._next, client, body)

    def _later(self, work: Callable[..., None], *args: Any) -> None:
        self.follow_ups.submit(_logging_failure, work, *args)

    def _post_question(self, client: WebClient, channel: str, user: str, number: int) -> None:
        question, total = self.questions[number - 1], len(self.questions)
        client.chat_postMessage(
            channel=channel,
            text=f"Question {number} of {total}: {question.prompt}",
            blocks=question_blocks(question, self.dimensions[number - 1], number, total, user),
        )

    def _next(self, client: WebClient, body: dict[str, Any]) -> None:
        channel = body["channel"]["id"]
        clicked: list[Block] = body["message"]["blocks"]
        title = next(b["text"]["text"] for b in clicked if b.get("type") == "header")
        found = _HEADER.match(title)
        if found is None:
            return
        number = int(found.group(1))
        client.chat_update(
            channel=channel,
            ts=body["container"]["message_ts"],
            text=f"{title}: answered",
            blocks=answered_blocks(clicked, body["actions"][0]["block_id"]),
        )
        if number < len(self.questions):
            self._post_question(client, channel, body["user"]["id"], number + 1)
        else:
            client.chat_postMessage(
                channel=channel, text=DONE_TITLE, blocks=done_blocks(len(self.questions))
            )


def _logging_failure(work: Callable[..., None], *args: Any) -> None:
    """Run `work`, logging what it raises: an executor would keep it in a future nobody reads,
    and the harness counts the error lines in a floor's log."""
    try:
        work(*args)
    except Exception:
        logger.exception("the Slack-work floor's follow-up failed")


def slack_work_app() -> App:
    app = floor_app()
    work = SlackWork(
        default_framework(),
        ThreadPoolExecutor(FOLLOW_UP_THREADS, thread_name_prefix="follow-up"),
    )
    app.command(ids.COMMAND)(work.start)
    app.action(ids.PICK)(work.pick)
    return app


def main() -> int:
    return serve(slack_work_app())


if __name__ == "__main__":
    raise SystemExit(main())
