"""Every listener runs inside `reporting_errors`: it acknowledges Slack quickly, does what it
must before that (saving an answer), and hands what comes after (talking to Slack) to `later`.

Why split: bolt answers Slack's HTTP request only when the listener returns, and Slack gives up
after three seconds. Saving an answer takes milliseconds; posting the next question means Web API
calls that can take much longer when Slack is slow or many people click at once. So a listener
saves, acknowledges, and passes the rest to `later`, which runs it on the follow-up threads —
and an acknowledgement never waits behind someone else's Web API calls.

A failure either side reaches the person as a message
(`bot.listeners.error_handler.report_failure`), and the acknowledgement stands: Slack would
otherwise show an error and retry.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.inbound.slack_ids import NOT_UNDERSTOOD, is_web_url, shown
from bot.listeners.error_handler import report_failure
from flows.errors import BadRequest

Listener = Callable[..., None]
FollowUp = Callable[[], object]
"""Work after the ack; whatever it returns (a Slack response, a message ts) is not used."""
Later = Callable[[FollowUp], None]

FOLLOW_UPS_KEY = "readiness_follow_ups"
"""The bolt context key of the executor that runs follow-ups."""

PROVIDED = (
    "ack",
    "body",
    "client",
    "context",
    "respond",
    "action",
    "command",
    "view",
    "event",
    "later",
)
"""The arguments listeners may ask for: bolt's, and `later`."""


def reporting_errors(listener: Listener) -> Listener:
    wanted = inspect.getfullargspec(listener).args
    unknown = set(wanted) - set(PROVIDED)
    if unknown:
        raise TypeError(f"{listener.__name__} asks for {sorted(unknown)}; add them to PROVIDED")

    # The signature below is what bolt reads to decide what to pass; do not set __wrapped__,
    # or bolt would read the listener's own signature instead.
    def guarded(
        ack: Ack,
        body: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
        action: dict[str, Any] | None,
        command: dict[str, Any] | None,
        view: dict[str, Any] | None,
        event: dict[str, Any] | None,
    ) -> None:
        follow_ups: list[FollowUp] = []
        available = {
            "ack": ack,
            "body": body,
            "client": client,
            "context": context,
            "respond": respond,
            "action": action,
            "command": command,
            "view": view,
            "event": event,
            "later": follow_ups.append,
        }
        try:
            if "respond" in wanted:
                _require_response_url(respond)
            listener(**{name: available[name] for name in wanted})
        except Exception as error:
            if ack.response is None:
                ack()
            report_failure(error, body, client)
            return
        if ack.response is None:
            ack()
        executor = _follow_ups(context)
        for follow_up in follow_ups:
            executor.submit(_reporting, follow_up, body, client)

    guarded.__name__ = listener.__name__
    guarded.__qualname__ = listener.__qualname__
    guarded.__doc__ = listener.__doc__
    return guarded


def _require_response_url(respond: Respond) -> None:
    """A listener that answers through the response URL needs one. Slack sends one with every
    command and message click, so a request without is refused before anything is done, rather
    than failing after (bolt's `respond` raises without a URL); the person hears in their DM."""
    url = getattr(respond, "response_url", None)
    if not is_web_url(url):
        raise BadRequest(NOT_UNDERSTOOD, log_detail=f"no usable response_url ({shown(url)})")


def follow_up_queue(context: BoltContext, body: dict[str, Any], client: WebClient) -> Later:
    """`later` for a follow-up itself: what it hands on joins the back of the follow-up queue
    at once (a listener's `later` waits for its ack). A follow-up with slow parts hands them on
    this way, so the steps other people are waiting for are not held up behind them. Once the
    queue is shut (the bot stopping), the work is done here and now instead."""
    executor = _follow_ups(context)

    def queue(follow_up: FollowUp) -> None:
        try:
            executor.submit(_reporting, follow_up, body, client)
        except RuntimeError:  # shut down: nothing new is taken
            _reporting(follow_up, body, client)

    return queue


def _follow_ups(context: BoltContext) -> Executor:
    """The follow-up threads' queue, which the services middleware puts in every context."""
    executor = context.get(FOLLOW_UPS_KEY)
    assert isinstance(executor, Executor), "the services middleware did not run"
    return executor


def _reporting(follow_up: FollowUp, body: dict[str, Any], client: WebClient) -> None:
    try:
        follow_up()
    except Exception as error:
        report_failure(error, body, client, after_ack=True)
