"""What flows tell a person, as words and ids; `bot/` decides how Slack shows them.

A refusal or a command it cannot read is said in plain words with two kinds of marked-up part:
what the person can type (`Typed`, or `Echo` for what they typed themselves) and who is meant
(`Person`). The flows never write Slack's mrkdwn (backticks, `<@U123>`), so they stay free of
Slack and the bot renders each part the one way Slack needs (`bot.messages.mrkdwn.said`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Typed:
    """A command the person can type, e.g. `extend 3 days` (Slack shows it as code)."""

    text: str


@dataclass(frozen=True)
class Echo:
    """What the person typed, quoted back to them. It can be anything (100 KB, or markup), so
    whoever shows it trims it to what is safe to show."""

    text: str


@dataclass(frozen=True)
class Person:
    """Someone the words name, by Slack user id (Slack shows a mention)."""

    user_id: str


Part = str | Typed | Echo | Person
Words = tuple[Part, ...]


def words(*parts: Part) -> Words:
    """The parts in order, e.g. `words("Say how long, e.g. ", Typed("extend 3 days"), ".")`."""
    return parts


def plain(said: Words) -> str:
    """The words as plain text, for logs and the terminal: commands in quotes, people by id."""
    return "".join(
        part
        if isinstance(part, str)
        else f'"{part.text}"'
        if isinstance(part, Typed | Echo)
        else part.user_id
        for part in said
    )
