"""How a simulated person answers the bot's questions in the Slack stand-in: what shows that
question N of a total is on screen and can be answered, and which button picks a stage.

The demo, the tests and the bench all answer through this module, so all of them click exactly
what a person would see, the way a person would; the stand-in's walkthrough stays generic.

Nothing on screen says which option is which stage (each person sees the options in an order of
their own), so picking "Stage 3" means what a person who wanted Stage 3 would do: read the
framework's Stage 3 option for the question shown, and click the button beside that text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot import ids
from bot.messages.conversation import DONT_KNOW_BLOCK, ROLE_BLOCK, question_number
from bot.messages.mrkdwn import escape
from scoring import Framework, default_framework
from scoring.framework import Question
from standin import DriverResult, Message, SlackDriver, SlackStandIn, View
from standin.server import WAIT_SECONDS
from standin.walkthrough import dm_message_showing

CHOOSE = "Choose "
"""On every option button of a question not yet answered; an answered one has none."""
_NUMBER = re.compile(r"Question (\d+) of (\d+)")


def question_marks(number: int, total: int) -> tuple[str, str]:
    """The words a question message shows while question `number` of `total` can be answered."""
    return f"{question_number(number, total)} · ", CHOOSE


def question_on_screen(
    slack: SlackStandIn, user: str, number: int, total: int, *, timeout: float = WAIT_SECONDS
) -> Message:
    """Wait until `user`'s DM shows question `number` of `total` with its options."""
    return dm_message_showing(
        slack,
        user,
        question_marks(number, total),
        timeout=timeout,
        description=f"question {number} of {total} in {user}'s DM",
    )


def question_shown(message: Message, framework: Framework) -> Question:
    """The framework's question a question message shows (by its "Question N of TOTAL")."""
    for block in message.blocks:
        found = _NUMBER.search(str((block.get("text") or {}).get("text", "")))
        if found:
            return framework.questions[int(found.group(1)) - 1]
    raise LookupError("not a question message: no “Question N of TOTAL” in it")


def option_shown(
    message: Message, stage: int, framework: Framework | None = None
) -> tuple[str, str]:
    """(block id, letter) of the option signalling `stage` on a question message: the one
    whose text is the framework's option for that stage, wherever it was shown."""
    framework = framework or default_framework()
    wanted = escape(question_shown(message, framework).option(stage).text)
    for block in message.blocks:
        text = str((block.get("text") or {}).get("text", ""))
        shown = re.fullmatch(r"\*([A-Z])\.\* (.*)", text, flags=re.DOTALL)
        if shown and shown.group(2) == wanted:
            return str(block["block_id"]), shown.group(1)
    raise LookupError(f"no option for stage {stage} on this question message")


def pick(
    driver: SlackDriver,
    user: str,
    message: Message,
    stage: int,
    *,
    framework: Framework | None = None,
    as_seen: bool = False,
) -> DriverResult:
    """Click the option for `stage` on a question message (found by its text; `framework` is
    the one the bot asks, the shipped default unless told)."""
    block_id, _ = option_shown(message, stage, framework)
    return driver.click(
        user, message=message, action_id=ids.PICK, block_id=block_id, as_seen=as_seen
    )


def choose_role(driver: SlackDriver, user: str, message: Message, label: str) -> DriverResult:
    """Pick the role named `label` ("CS leadership") in the select on question 1's message."""
    block = next(b for b in message.blocks if b.get("block_id") == ROLE_BLOCK)
    options = block["accessory"]["options"]
    value = next(o["value"] for o in options if o["text"]["text"].endswith(label))
    return driver.click(user, message=message, action_id=ids.ROLE, selected_option=value)


def dont_know(
    driver: SlackDriver, user: str, message: Message, *, as_seen: bool = False
) -> DriverResult:
    """Click "Don't know / not my area" on a question message."""
    return driver.click(
        user, message=message, action_id=ids.PICK, block_id=DONT_KNOW_BLOCK, as_seen=as_seen
    )


def form_value(view: View, question: Question, stage: int | None) -> str:
    """The radio value to pick on the all-at-once form for `question`'s option of `stage`
    (None: don't know), found by the option's words as the form shows them (its full text, or
    where that is too long its label)."""
    block = next(
        (b for b in view.blocks if b.get("block_id") == f"{ids.FORM_BLOCK_PREFIX}{question.id}"),
        None,
    )
    if block is None:
        raise LookupError(f"no {question.id} on this form")
    options = block["element"]["options"]
    if stage is None:
        return str(options[-1]["value"])  # "Don't know / not my area", after the four
    wanted = question.option(stage)
    for option in options:
        shown = re.fullmatch(r"([A-Z])\. (.*)", str(option["text"]["text"]), flags=re.DOTALL)
        if shown and shown.group(2) in (wanted.text, wanted.label):
            return str(option["value"])
    raise LookupError(f"no option for stage {stage} of {question.id} on this form")


def form_picks(
    view: View, stages: Sequence[int | None], framework: Framework | None = None
) -> dict[str, dict[str, str]]:
    """What `driver.submit_view` takes to submit the form with the framework's questions
    answered in order with `stages` (fewer stages leave the rest unanswered)."""
    framework = framework or default_framework()
    return {
        f"{ids.FORM_BLOCK_PREFIX}{question.id}": {
            ids.FORM_CHOICE: form_value(view, question, stage)
        }
        for question, stage in zip(framework.questions, stages, strict=False)
    }
