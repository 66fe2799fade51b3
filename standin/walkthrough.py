"""A simulated person taking the assessment in the Slack stand-in: wait for the question to
appear in their DM, click an option. The demo and the tests share it, so both click exactly what
a person would see, the way a person would."""

from __future__ import annotations

from bot import ids
from bot.messages.conversation import option_block_id
from standin import DriverResult, Message, SlackDriver, SlackStandIn, visible_text


def question_on_screen(
    slack: SlackStandIn, user: str, number: int, *, timeout: float = 5.0
) -> Message:
    """Wait until `user`'s DM shows question `number` with its options; return that message."""

    def showing() -> Message | None:
        for message in reversed(slack.dm(user)):
            text = visible_text(message)
            if f"Question {number} of 15" in text and "Choose " in text:
                return message
        return None

    return slack.wait_for(showing, timeout, description=f"question {number} in {user}'s DM")


def pick(driver: SlackDriver, user: str, message: Message, stage: int) -> DriverResult:
    """Click the option for `stage` on a question message."""
    return driver.click(user, message=message, action_id=ids.PICK, block_id=option_block_id(stage))
