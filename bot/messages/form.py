"""The all-at-once form: every question in one modal, grouped by dimension."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
from bot.inbound.payloads import FormMetadata
from bot.messages.mrkdwn import escape, option_number
from scoring import Framework

LETTERS = "ABCD"


def form_view(framework: Framework, *, response_id: str, answers: Mapping[str, int]) -> View:
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Pick the option closest to how things usually work today. Only you "
                    "see your answers."
                )
            ]
        )
    ]
    for dimension in framework.dimensions:
        blocks.append(HeaderBlock(text=f"{dimension.number} · {dimension.name}"))
        for question in framework.questions_in(dimension.id):
            number = framework.questions.index(question) + 1
            full = "\n".join(
                f"*{letter}.* {escape(option.text)}"
                for letter, option in zip(LETTERS, question.options, strict=True)
            )
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=full)]))
            options = [
                Option(value=str(option.stage), text=f"{letter}. {option.label}")
                for letter, option in zip(LETTERS, question.options, strict=True)
            ]
            chosen = answers.get(question.id)
            blocks.append(
                InputBlock(
                    block_id=f"{ids.FORM_BLOCK_PREFIX}{question.id}",
                    label=PlainTextObject(text=f"{number}. {question.prompt}"),
                    hint=PlainTextObject(text=question.help) if question.help else None,
                    optional=True,  # checked on submit, so missing answers can be named
                    element=RadioButtonsElement(
                        action_id=ids.FORM_CHOICE,
                        options=options,
                        initial_option=options[chosen - 1] if chosen else None,
                    ),
                )
            )
    return View(
        type="modal",
        callback_id=ids.FORM_VIEW,
        title="Outcome Readiness",
        submit="Submit answers",
        close="Cancel",
        private_metadata=FormMetadata(response_id=response_id).encode(),
        blocks=blocks,
    )


def form_answers(state_values: Mapping[str, Any]) -> dict[str, int | None]:
    """The picks in a submitted form, by question id (None where nothing was picked, or what
    was sent is none of our options: Slack sends only those)."""
    return {
        question_id: option_number(value) for question_id, value in _selected(state_values).items()
    }


def not_our_options(state_values: Mapping[str, Any]) -> list[str]:
    """The questions whose pick is none of our options (`"01"`, `"+2"`, `2`): what the form
    listener logs (the ids only: what was picked is the person's) when it asks again."""
    return [
        question_id
        for question_id, value in _selected(state_values).items()
        if value is not None and option_number(value) is None
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
    return {f"{ids.FORM_BLOCK_PREFIX}{qid}": "Please pick one option." for qid in missing}
