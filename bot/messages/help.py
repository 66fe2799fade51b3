"""What `/readiness help` shows."""

from __future__ import annotations

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from bot.ids import COMMAND
from bot.messages import Message
from bot.messages.mrkdwn import escape, in_words, said, time_to_complete
from flows.sentences import Words
from scoring import Framework

USAGE = (
    ("", "take the assessment yourself, privately in a DM"),
    (
        "team",
        "start a team run in this channel (`team closes friday`, `team closes on Dec 12 min 4`)",
    ),
    ("status", "how the channel's open team run is going, with buttons to close or extend it"),
    ("close", "close the channel's team run and post the team profile"),
    ("extend 3 days", "give the channel's team run more time"),
    ("plan", "this channel's plan: next moves, owners and due dates (edit, mark done)"),
    ("schedule quarterly", "re-run the team assessment every quarter (`schedule off` stops it)"),
    ("results", "the latest profile: this channel's team profile, or in our DM your own"),
    ("history", "past runs: this channel's, or in our DM your own"),
    ("compare #a #b", "your channels' latest team profiles side by side, only to you"),
    ("forget me", "delete your answers and history (asks first)"),
    ("settings", "workspace admins: minimum respondents, default deadline, who may start runs"),
    ("cancel", "cancel the channel's team run without a profile"),
    ("help", "this list"),
)


def help_message(
    framework: Framework, *, unknown: str | None = None, problem: Words | None = None
) -> Message:
    lines = "\n".join(f"• `{COMMAND}{' ' + sub if sub else ''}` — {what}" for sub, what in USAGE)
    if problem:
        intro = f"{said(problem)} Here is what I can do:"
    elif unknown:
        intro = f"I don't know `{escape(unknown)}`. Here is what I can do:"
    else:
        intro = (
            f"The Outcome Readiness Assessment: {len(framework.questions)} questions, "
            f"{in_words(len(framework.dimensions))} dimensions, {time_to_complete(framework)}."
        )
    return Message.of(
        f"{intro} Try {COMMAND} to start.",
        SectionBlock(text=MarkdownTextObject(text=f"{intro}\n{lines}")),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Your own answers are private to you. Team results show counts and "
                    "scores, never who answered what."
                )
            ]
        ),
    )
