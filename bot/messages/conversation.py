"""The DM conversation: welcome, one question at a time, answered questions, resume offers."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import ids
from bot.inbound.payloads import PickValue, QuestionRef, ResponseRef
from bot.messages import Message
from bot.messages.mrkdwn import bar, escape, in_words, plural
from flows.steps import Answered, Ask, ResumeOffer
from scoring import Framework

LETTERS = "ABCD"
PROGRESS_BAR_WIDTH = 15
"""Characters in the progress bar under a question, whatever the number of questions."""


def option_block_id(stage: int) -> str:
    """The block holding the option for `stage` in a question message (A is Stage 1)."""
    return f"option_{LETTERS[stage - 1]}"


def question_number(number: int, total: int) -> str:
    """Where a question sits in the assessment, as its title starts ("Question 3 of 15")."""
    return f"Question {number} of {total}"


def welcome_message(framework: Framework) -> Message:
    dimensions = "\n".join(
        f"{d.number}. *{escape(d.name)}* — {escape(d.purpose)}" for d in framework.dimensions
    )
    return Message.of(
        f"Outcome Readiness Assessment: {len(framework.questions)} questions, about five minutes. "
        "Ready when you are.",
        HeaderBlock(text="Outcome Readiness Assessment"),
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    f"Where does your Customer Success motion sit on the maturity curve? "
                    f"*{len(framework.questions)} questions* over "
                    f"{in_words(len(framework.dimensions))} dimensions, about "
                    "*five minutes*. You can stop at any point and pick up where you left off."
                )
            )
        ),
        SectionBlock(text=MarkdownTextObject(text=dimensions)),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=(
                        "Who sees what: your answers and your profile are visible only to you. "
                        "In a team run, the channel sees the team's combined profile and counts, "
                        "never who answered what."
                    )
                )
            ]
        ),
        ActionsBlock(
            elements=[
                ButtonElement(text="Start", action_id=ids.START, style="primary", value="start"),
            ]
        ),
    )


def question_message(ask: Ask) -> Message:
    question = ask.question
    title = f"{question_number(ask.number, ask.total)} · {ask.dimension.name}"
    blocks: list[Block] = [
        HeaderBlock(text=title),
        SectionBlock(text=MarkdownTextObject(text=f"*{escape(question.prompt)}*")),
    ]
    if question.help:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(question.help))]))
    if ask.chosen is not None:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"You answered {LETTERS[ask.chosen - 1]}. Pick again to keep or "
                        "change it."
                    )
                ]
            )
        )
    for option, letter in zip(question.options, LETTERS, strict=True):
        chosen = ask.chosen == option.stage
        blocks.append(
            SectionBlock(
                block_id=option_block_id(option.stage),
                text=MarkdownTextObject(text=f"*{letter}.* {escape(option.text)}"),
                accessory=ButtonElement(
                    text=f"✓ {letter}" if chosen else f"Choose {letter}",
                    action_id=ids.PICK,
                    value=PickValue(
                        response_id=ask.response_id, question_id=question.id, stage=option.stage
                    ).encode(),
                    style="primary" if chosen else None,
                ),
            )
        )
    controls = []
    if ask.can_go_back:
        controls.append(
            ButtonElement(
                text="← Back",
                action_id=ids.BACK,
                value=QuestionRef(response_id=ask.response_id, question_id=question.id).encode(),
            )
        )
    controls.append(
        ButtonElement(
            text="Answer all at once",
            action_id=ids.OPEN_FORM,
            value=ResponseRef(response_id=ask.response_id).encode(),
        )
    )
    blocks.append(ActionsBlock(block_id="controls", elements=controls))
    answered = ask.number - 1
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"{bar(answered / ask.total, PROGRESS_BAR_WIDTH)}  "
                    f"{answered} of {ask.total} answered "
                    "· you can stop any time, I keep your place"
                )
            ]
        )
    )
    text = f"{title}: {question.prompt}"
    return Message.of(text, *blocks)


def answered_message(answered: Answered) -> Message:
    """What a question's message collapses to once answered: the question and the choice."""
    option = answered.question.option(answered.stage)
    letter = LETTERS[answered.stage - 1]
    title = f"{question_number(answered.number, answered.total)} · {answered.dimension.name}"
    return Message.of(
        f"{title}: you answered {letter}. {option.label}",
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    f"*{escape(title)}*\n{escape(answered.question.prompt)}\n"
                    f"✅ *{letter}.* {escape(option.text)}"
                )
            )
        ),
    )


def resume_offer_message(offer: ResumeOffer) -> Message:
    left = plural(offer.remaining, "question")
    what = "your team's assessment" if offer.run_kind == "team" else "your assessment"
    value = ResponseRef(response_id=offer.response_id).encode()
    return Message.of(
        f"{left} left — continue {what}?",
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    f"*{left} left — continue?* You answered {offer.answered} of {offer.total} "
                    f"questions of {what}; your answers are saved."
                )
            )
        ),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Continue", action_id=ids.CONTINUE, style="primary", value=value
                ),
                ButtonElement(text="Start over", action_id=ids.RESTART, value=value),
            ]
        ),
    )


def moved_on_message(note: str) -> Message:
    """What an old question message turns into when the conversation continues elsewhere."""
    return Message.of(note, ContextBlock(elements=[MarkdownTextObject(text=note)]))
