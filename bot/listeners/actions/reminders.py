""" "Stop reminding me" on a reminder DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.context import services_of
from bot.listeners.body import who
from bot.listeners.guard import Later
from flows.reminders import stop_reminding


def stop(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext, later: Later
) -> None:
    workspace_id, user_id = who(body, context)
    stop_reminding(services_of(context), workspace_id=workspace_id, user_id=user_id)
    ack()
    later(
        lambda: respond(
            response_type="ephemeral",
            replace_original=False,
            text="Done: I won't send you reminders any more, about team assessments or about "
            "moves you own. Team assessments still show up in their channels, plans in their "
            "canvases, and `/readiness` works whenever you like.",
        )
    )
