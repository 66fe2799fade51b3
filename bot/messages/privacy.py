"""Asking before deleting someone's data, and saying what was deleted."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, MarkdownTextObject, SectionBlock
from slack_sdk.models.blocks.basic_components import ConfirmObject

from bot import ids
from bot.messages import Message
from bot.messages.mrkdwn import plural
from storage.privacy import Forgotten


def forget_confirmation_message() -> Message:
    text = (
        "*Delete your Outcome Readiness data?* This removes every answer you have given and your "
        "own profiles and history in this workspace, for good. Team profiles that were already "
        "posted stay as they are: they are averages that hold nothing of yours."
    )
    return Message.of(
        "Delete your Outcome Readiness data?",
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Delete my data",
                    action_id=ids.FORGET_CONFIRM,
                    style="danger",
                    value="forget",
                    confirm=ConfirmObject(
                        title="Delete for good?",
                        text="Your answers and history cannot be brought back.",
                        confirm="Delete",
                        deny="Keep them",
                        style="danger",
                    ),
                ),
                ButtonElement(text="Keep it", action_id=ids.FORGET_CANCEL, value="keep"),
            ]
        ),
    )


def forgotten_message(forgotten: Forgotten) -> Message:
    text = (
        f"Done. I deleted {plural(forgotten.answers, 'answer')} from "
        f"{plural(forgotten.responses, 'assessment')}. Team profiles already posted are unchanged."
    )
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))
