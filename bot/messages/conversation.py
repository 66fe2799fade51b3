"""The DM conversation: welcome, one question at a time, answered questions, resume offers."""

from __future__ import annotations

from bot import ids
from bot.inbound.payloads import (
    DONT_KNOW_VALUE,
    PickValue,
    QuestionRef,
    ResponseRef,
    RolePick,
)
from bot.messages import Message
from bot.messages.blocks import Json, actions, button, context, divider, header, section
from bot.messages.comments import comment_buttons
from bot.messages.mrkdwn import bar, escape, in_words, plural, time_to_complete
from bot.messages.roles import ROLE_NOTE, ROLE_QUESTION, role_select
from flows.steps import DONT_KNOW, DONT_KNOW_WORDS, Answered, Ask, ResumeOffer, RoleOffer
from scoring import Framework

PROGRESS_BAR_WIDTH = 15
"""Characters in the progress bar under a question, whatever the number of questions."""
DONT_KNOW_BLOCK = "dont_know"
"""The block of the "Don't know / not my area" button, apart from the four options."""
DONT_KNOW_NOTE = "Counts as not answered; in a team run the channel sees how many did not know."
ROLE_BLOCK = "role"
"""The block of the optional role select, above the first question."""


def option_block_id(letter: str) -> str:
    """The block holding the option shown as `letter` in a question message. By letter, never
    by stage: each person sees the options in an order of their own."""
    return f"option_{letter}"


def question_number(number: int, total: int) -> str:
    """Where a question sits in the assessment, as its title starts ("Question 3 of 15")."""
    return f"Question {number} of {total}"


def welcome_message(framework: Framework) -> Message:
    dimensions = "\n".join(
        f"{d.number}. *{escape(d.name)}* — {escape(d.purpose)}" for d in framework.dimensions
    )
    return Message.of(
        f"Outcome Readiness Assessment: {len(framework.questions)} questions, "
        f"{time_to_complete(framework)}. Ready when you are.",
        header("Outcome Readiness Assessment"),
        section(
            f"Where does your Customer Success motion sit on the maturity curve? "
            f"*{len(framework.questions)} questions* over "
            f"{in_words(len(framework.dimensions))} dimensions, "
            f"*{time_to_complete(framework)}*. You can stop at any point and pick up "
            "where you left off."
        ),
        section(dimensions),
        context(
            "Who sees what: your answers and your profile are visible only to you. "
            "In a team run, the channel sees the team's combined profile and counts, "
            "never who answered what."
        ),
        actions(button("Start", action_id=ids.START, style="primary", value="start")),
    )


def question_message(ask: Ask) -> Message:
    question = ask.question
    title = f"{question_number(ask.number, ask.total)} · {ask.dimension.name}"
    blocks: list[Json] = [] if ask.role is None else _role_blocks(ask.response_id, ask.role)
    blocks += comment_buttons(ask.comment)
    blocks += [header(title), section(f"*{escape(question.prompt)}*")]
    if question.help:
        blocks.append(context(escape(question.help)))
    chosen_letter = ask.chosen_letter
    if ask.chosen is not None:
        said = f"{chosen_letter}." if chosen_letter else f"“{DONT_KNOW_WORDS}”."
        blocks.append(context(f"You answered {said} Pick again to keep or change it."))
    for letter, option in ask.options:
        chosen = letter == chosen_letter
        blocks.append(
            section(
                f"*{letter}.* {escape(option.text)}",
                block_id=option_block_id(letter),
                accessory=button(
                    f"✓ {letter}" if chosen else f"Choose {letter}",
                    action_id=ids.PICK,
                    value=PickValue(
                        response_id=ask.response_id, question_id=question.id, choice=letter
                    ).encode(),
                    style="primary" if chosen else None,
                ),
            )
        )
    # Apart from the four, so it reads as a way out, not as a fifth point on the scale.
    dont_know = ask.chosen is DONT_KNOW
    blocks.append(divider())
    blocks.append(
        actions(
            button(
                f"✓ {DONT_KNOW_WORDS}" if dont_know else DONT_KNOW_WORDS,
                action_id=ids.PICK,
                value=PickValue(
                    response_id=ask.response_id, question_id=question.id, choice=DONT_KNOW_VALUE
                ).encode(),
                style="primary" if dont_know else None,
            ),
            block_id=DONT_KNOW_BLOCK,
        )
    )
    blocks.append(context(DONT_KNOW_NOTE))
    controls = []
    if ask.can_go_back:
        controls.append(
            button(
                "← Back",
                action_id=ids.BACK,
                value=QuestionRef(response_id=ask.response_id, question_id=question.id).encode(),
            )
        )
    controls.append(
        button(
            "Answer all at once",
            action_id=ids.OPEN_FORM,
            value=ResponseRef(response_id=ask.response_id).encode(),
        )
    )
    blocks.append(actions(*controls, block_id="controls"))
    answered = ask.number - 1
    blocks.append(
        context(
            f"{bar(answered / ask.total, PROGRESS_BAR_WIDTH)}  "
            f"{answered} of {ask.total} answered "
            "· you can stop any time, I keep your place"
        )
    )
    text = f"{title}: {question.prompt}"
    return Message.of(text, *blocks)


def _role_blocks(response_id: str, offer: RoleOffer) -> list[Json]:
    """The role question, asked once, in the first question's message: picking a role (or
    skipping) is taken as soon as it is picked, and answering question 1 does not wait for it."""
    return [
        section(
            f"*Before you start:* {ROLE_QUESTION}",
            block_id=ROLE_BLOCK,
            accessory=role_select(
                offer,
                action_id=ids.ROLE,
                value=lambda choice: RolePick.model_validate(
                    {"r": response_id, "o": choice}
                ).encode(),
            ),
        ),
        context(ROLE_NOTE),
        divider(),
    ]


def answered_message(answered: Answered) -> Message:
    """What a question's message collapses to once answered: the question and the choice, by
    the letter the person saw it under."""
    title = f"{question_number(answered.number, answered.total)} · {answered.dimension.name}"
    option, letter = answered.option, answered.letter
    if option is None or letter is None:
        return Message.of(
            f"{title}: you answered {DONT_KNOW_WORDS.lower()} (not scored).",
            section(
                f"*{escape(title)}*\n{escape(answered.question.prompt)}\n"
                f"✅ _{escape(DONT_KNOW_WORDS)}_: not scored, counted as not answered"
            ),
        )
    return Message.of(
        f"{title}: you answered {letter}. {option.label}",
        section(
            f"*{escape(title)}*\n{escape(answered.question.prompt)}\n"
            f"✅ *{letter}.* {escape(option.text)}"
        ),
    )


def resume_offer_message(offer: ResumeOffer) -> Message:
    left = plural(offer.remaining, "question")
    what = "your team's assessment" if offer.run_kind == "team" else "your assessment"
    value = ResponseRef(response_id=offer.response_id).encode()
    return Message.of(
        f"{left} left — continue {what}?",
        section(
            f"*{left} left — continue?* You answered {offer.answered} of {offer.total} "
            f"questions of {what}; your answers are saved."
        ),
        actions(
            button("Continue", action_id=ids.CONTINUE, style="primary", value=value),
            button("Start over", action_id=ids.RESTART, value=value),
        ),
    )


def moved_on_message(note: str) -> Message:
    """What an old question message turns into when the conversation continues elsewhere."""
    return Message.of(note, context(note))
