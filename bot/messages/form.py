"""The all-at-once form: every question in one modal, grouped by dimension."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    RadioButtonsElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.inbound.payloads import DONT_KNOW_VALUE, FormMetadata, RoleChoice, role_chosen
from bot.messages.comments import form_comment_blocks
from bot.messages.mrkdwn import escape, option_number
from bot.messages.roles import ROLE_NOTE, ROLE_QUESTION, role_select
from flows.steps import DONT_KNOW, DONT_KNOW_WORDS, Form, FormQuestion, Shown, ShownStage
from scoring import LETTERS, Framework, Role
from scoring.framework import Option as AnswerOption

DONT_KNOW_DESCRIPTION = "Not scored: counts as not answered."


def form_view(form: Form) -> View:
    """Every question, its options in the person's own order (the DM's), picked by letter.

    The radio values are the letters shown, never stages: the form's values are in the Slack
    client, and a stage there would be the answer key."""
    framework = form.framework
    blocks: list[Block] = [
        InputBlock(
            block_id=ids.FORM_ROLE_BLOCK,
            label=PlainTextObject(text=ROLE_QUESTION),
            hint=PlainTextObject(text=ROLE_NOTE),
            optional=True,
            element=role_select(form.role, action_id=ids.FORM_CHOICE),
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Pick the option closest to how things usually work today, for "
                    f"every question: “{DONT_KNOW_WORDS}” counts as an answer. Your role and "
                    "the comments are optional. Only you see your answers."
                )
            ]
        ),
    ]
    for dimension in framework.dimensions:
        blocks.append(HeaderBlock(text=f"{dimension.number} · {dimension.name}"))
        for item in form.questions_in(dimension.id):
            blocks.extend(_question_blocks(item))
        blocks += form_comment_blocks(dimension.id, dimension.name, form.comments.get(dimension.id))
    return View(
        type="modal",
        callback_id=ids.FORM_VIEW,
        title="Outcome Readiness",
        submit="Submit answers",
        close="Cancel",
        private_metadata=FormMetadata(response_id=form.response_id).encode(),
        blocks=blocks,
    )


RADIO_TEXT = 75
"""Slack's limit on a radio option's text (and on its description)."""


def _question_blocks(item: FormQuestion) -> list[Block]:
    """A question whose options each say their full text once, as the radio's own text ("A. …",
    in the person's letters). An option too long for a radio's text shows its short label, with
    its full text beneath (or, longer still, in a line above the question). Required: Slack
    itself asks for any left empty, so no item is marked "(optional)"; the form's intro says
    "Don't know" counts as an answer."""
    question = item.question
    options = [_option(letter, option) for letter, option in item.options]
    above = [
        f"*{letter}.* {escape(option.text)}"
        for letter, option in item.options
        if len(f"{letter}. {option.text}") > RADIO_TEXT and len(option.text) > RADIO_TEXT
    ]
    dont_know = Option(
        value=DONT_KNOW_VALUE, text=DONT_KNOW_WORDS, description=DONT_KNOW_DESCRIPTION
    )
    chosen_letter = item.chosen_letter
    initial = (
        dont_know
        if item.chosen is DONT_KNOW
        else next((o for o in options if o.value == chosen_letter), None)
    )
    blocks: list[Block] = []
    if above:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="\n".join(above))]))
    blocks.append(
        InputBlock(
            block_id=f"{ids.FORM_BLOCK_PREFIX}{question.id}",
            label=PlainTextObject(text=f"{item.number}. {question.prompt}"),
            hint=PlainTextObject(text=question.help) if question.help else None,
            element=RadioButtonsElement(
                action_id=ids.FORM_CHOICE,
                options=[*options, dont_know],
                initial_option=initial,
            ),
        )
    )
    return blocks


def _option(letter: str, option: AnswerOption) -> Option:
    """ "A. <full text>", or where that is too long "A. <label>" with the full text beneath."""
    if len(whole := f"{letter}. {option.text}") <= RADIO_TEXT:
        return Option(value=letter, text=whole)
    beneath = option.text if len(option.text) <= RADIO_TEXT else None
    return Option(value=letter, text=f"{letter}. {option.label}", description=beneath)


def form_answers(state_values: Mapping[str, Any]) -> dict[str, Shown | None]:
    """The picks in a submitted form, by question id, as the person saw them: a letter, or
    don't know (None where nothing was picked, or what was sent is none of our options: Slack
    sends only those). A form opened before options were shuffled sent the stage of the option
    it showed (`"1"`..`"4"`), and is taken as shown."""
    return {question_id: _shown(value) for question_id, value in _selected(state_values).items()}


def form_role(state_values: Mapping[str, Any]) -> Role | None:
    """The form's role choice: None when skipped, left empty, or none of our options."""
    actions = state_values.get(ids.FORM_ROLE_BLOCK)
    choice = actions.get(ids.FORM_CHOICE) if isinstance(actions, Mapping) else None
    selected = choice.get("selected_option") if isinstance(choice, Mapping) else None
    value = selected.get("value") if isinstance(selected, Mapping) else None
    if not isinstance(value, str) or value not in get_args(RoleChoice):
        return None
    return role_chosen(value)


def _shown(value: object) -> Shown | None:
    if isinstance(value, str) and len(value) == 1 and value in LETTERS:
        return value
    if value == DONT_KNOW_VALUE:
        return DONT_KNOW
    number = option_number(value)
    return None if number is None else ShownStage(number)


def not_our_options(state_values: Mapping[str, Any]) -> list[str]:
    """The questions whose pick is none of our options (`"01"`, `"+2"`, `2`, `"a"`): what the
    form listener logs (the ids only: what was picked is the person's) when it asks again."""
    return [
        question_id
        for question_id, value in _selected(state_values).items()
        if value is not None and _shown(value) is None
    ]


def _selected(state_values: Mapping[str, Any]) -> dict[str, object]:
    """The value of each question's selected option (None if nothing was selected)."""
    found: dict[str, object] = {}
    for block_id, actions in state_values.items():
        if not block_id.startswith(ids.FORM_BLOCK_PREFIX) or not isinstance(actions, Mapping):
            continue
        choice = actions.get(ids.FORM_CHOICE)
        selected = choice.get("selected_option") if isinstance(choice, Mapping) else None
        value = selected.get("value") if isinstance(selected, dict) else None
        found[block_id.removeprefix(ids.FORM_BLOCK_PREFIX)] = value
    return found


def missing_errors(framework: Framework, missing: tuple[str, ...]) -> dict[str, str]:
    """Slack's `response_action: errors` map: one message under each unanswered question."""
    ask = f"Please pick one option, or “{DONT_KNOW_WORDS}”."
    return {f"{ids.FORM_BLOCK_PREFIX}{qid}": ask for qid in missing}
