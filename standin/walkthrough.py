"""A simulated person in the stand-in: wait until something shows in their DM, then act on it.

The demo, the tests and the bench act as people do, only on what is on the person's screen.
This knows nothing of any bot: which words mark the message to act on, and which button to
click in it, are the caller's to say (for our bot, `bot/run_modes/answering.py` says them).
"""

from __future__ import annotations

from collections.abc import Sequence

from standin.records import Message
from standin.server import WAIT_SECONDS, SlackStandIn
from standin.visible import visible_text


def dm_message_showing(
    slack: SlackStandIn,
    user: str,
    words: Sequence[str],
    *,
    timeout: float = WAIT_SECONDS,
    description: str | None = None,
) -> Message:
    """Wait until `user`'s DM shows a message whose visible text contains every one of `words`
    and return the newest such message (the one a person scrolling down would act on)."""

    def showing() -> Message | None:
        for message in reversed(slack.dm(user)):
            text = visible_text(message)
            if all(word in text for word in words):
                return message
        return None

    what = description or f"a message showing {list(words)!r} in {user}'s DM"
    return slack.wait_for(showing, timeout, description=what)
