"""Every listener runs inside `reporting_errors`, so a failure reaches the person as a message.

Bolt's own error handler is not enough on its own here: when a listener fails within moments of
calling `ack()`, bolt replaces the acknowledgement it was about to send with "no response", and
Slack then shows the person an error and retries. Catching the failure inside the listener keeps
the acknowledgement and still says what went wrong.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.errors import report_failure

Listener = Callable[..., None]

PROVIDED = ("ack", "body", "client", "context", "respond", "action", "command", "view", "event")
"""The bolt arguments listeners may ask for."""


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
        }
        try:
            listener(**{name: available[name] for name in wanted})
        except Exception as error:
            if ack.response is None:
                ack()
            report_failure(error, body, client)

    guarded.__name__ = listener.__name__
    guarded.__qualname__ = listener.__qualname__
    guarded.__doc__ = listener.__doc__
    return guarded
