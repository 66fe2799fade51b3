"""People answering in their DMs at their own pace, on threads, against a bot that may vanish:
each clicks the newest question on their screen, and remembers which clicks were acknowledged.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from bot import ids
from bot.run_modes.answering import option_shown
from standin import Message, SlackDriver, SlackStandIn
from tests.e2e.people import PROFILE_HEADER, QUESTIONS

QUESTION = re.compile(rf"^Question (\d+) of {QUESTIONS}")


def stages_for(index: int) -> list[int]:
    """A distinct, deterministic answer pattern per person."""
    return [1 + (index * 7 + number * 3 + number // 4) % 4 for number in range(QUESTIONS)]


@dataclass
class Respondent:
    user: str
    stages: list[int]
    acked: dict[int, int] = field(default_factory=dict)
    """Question number → stage, for every click the bot acknowledged."""

    @property
    def done(self) -> bool:
        return len(self.acked) == QUESTIONS


def live_question(standin: SlackStandIn, user: str) -> tuple[int, Message] | None:
    """The newest question in the person's DM that still offers its options."""
    for message in reversed(standin.dm(user)):
        found = QUESTION.match(header(message))
        if found and any(
            (b.get("accessory") or {}).get("action_id") == ids.PICK for b in message.blocks
        ):
            return int(found.group(1)), message
    return None


def header(message: Message) -> str:
    """The text of the message's header block ("" if it has none)."""
    # The first header: on question 1 the role select comes above it.
    header = next((b for b in message.blocks or [] if b.get("type") == "header"), {})
    return str((header.get("text") or {}).get("text", ""))


def answer_until(
    standin: SlackStandIn,
    driver: SlackDriver,
    person: Respondent,
    stop: threading.Event,
    *,
    patience: float = 30.0,
    think: float = 0.0,
) -> None:
    """Click the newest question not yet acknowledged, again and again, until all are in,
    `stop` is set, or nothing new shows up for `patience` seconds; `think` seconds after each
    new question appears."""
    waited_since = time.monotonic()
    while not person.done and not stop.is_set():
        shown = live_question(standin, person.user)
        if shown is None or shown[0] in person.acked:
            if time.monotonic() - waited_since > patience:
                return
            time.sleep(0.02)
            continue
        number, message = shown
        if think:
            time.sleep(think)
        try:
            result = driver.click(
                person.user,
                message=message,
                action_id=ids.PICK,
                block_id=option_shown(message, person.stages[number - 1])[0],
                as_seen=True,
            )
        except OSError:
            time.sleep(0.05)  # the bot is gone for now
            continue
        if result.status == 200:
            person.acked[number] = person.stages[number - 1]
        waited_since = time.monotonic()


def screen_counts(standin: SlackStandIn, user: str) -> tuple[Counter[int], int]:
    """How many messages in the DM show each question, and how many show the profile."""
    questions: Counter[int] = Counter()
    profiles = 0
    for message in standin.dm(user):
        if message.is_reply or message.user != standin.workspace.bot_user_id:
            continue
        found = QUESTION.match(message.text)  # a question, live or collapsed once answered
        if found:
            questions[int(found.group(1))] += 1
        elif standin.visible_text(message).startswith(PROFILE_HEADER):
            profiles += 1
    return questions, profiles
