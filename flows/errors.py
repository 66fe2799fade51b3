"""Refusals the person should be told about in plain words (the bot shows `words`, rendered for
Slack by `bot.messages.mrkdwn.said`; `str(error)` is the same words as plain text, for logs)."""

from __future__ import annotations

from flows.sentences import Words, plain


class UserFacingError(Exception):
    """A request we decline, with a message written for the person who made it."""

    def __init__(self, message: str | Words, *, log_detail: str | None = None) -> None:
        self.words: Words = (message,) if isinstance(message, str) else message
        super().__init__(plain(self.words))
        self.log_detail = log_detail or str(self)


class StaleClick(UserFacingError):
    """A click on an old message: the conversation has moved on since it was shown."""


class RunOver(UserFacingError):
    """The run this click or command belongs to has closed or been cancelled."""


class NotAllowed(UserFacingError):
    """The person may not do this (close, cancel or extend someone else's run, ...)."""


class BadRequest(UserFacingError):
    """The request does not make sense: an unknown question, an option out of range, a payload
    pointing at someone else's response. Nothing is changed."""
