"""How a simulated person answers the bot's questions in the Slack stand-in: what shows that
question N of a total is on screen and can be answered, and which button picks a stage.

The demo, the tests and the bench all answer through this module, so all of them click exactly
what a person would see, the way a person would; the stand-in's walkthrough stays generic.
"""

from __future__ import annotations

from bot import ids
from bot.messages.conversation import option_block_id, question_number
from standin import DriverResult, Message, SlackDriver, SlackStandIn
from standin.walkthrough import dm_message_showing

CHOOSE = "Choose "
"""On every option button of a question not yet answered; an answered one has none."""


def question_marks(number: int, total: int) -> tuple[str, str]:
    """The words a question message shows while question `number` of `total` can be answered."""
    return f"{question_number(number, total)} · ", CHOOSE


def question_on_screen(
    slack: SlackStandIn, user: str, number: int, total: int, *, timeout: float = 5.0
) -> Message:
    """Wait until `user`'s DM shows question `number` of `total` with its options."""
    return dm_message_showing(
        slack,
        user,
        question_marks(number, total),
        timeout=timeout,
        description=f"question {number} of {total} in {user}'s DM",
    )


def pick(driver: SlackDriver, user: str, message: Message, stage: int) -> DriverResult:
    """Click the option for `stage` on a question message."""
    return driver.click(user, message=message, action_id=ids.PICK, block_id=option_block_id(stage))
