"""Reading who acted and where from a request, the same way for every listener.

Slack always sends these, and always as ids; a request that lacks them, or carries something
else where an id goes, did not come from a person in Slack. It is refused (`BadRequest`: logged,
and the person told if they can be reached) before anything is read or stored with it: a user id
of 100,000 characters, or a list, would otherwise reach the database or Slack.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext

from bot.inbound.slack_ids import NOT_UNDERSTOOD, shown, slack_id
from bot.inbound.workspace import workspace_of
from flows.errors import BadRequest


def who(body: dict[str, Any], context: BoltContext) -> tuple[str, str]:
    """(workspace id, user id) of the person who clicked or submitted. The workspace is the
    installation's (`bot.inbound.workspace`), never the person's home workspace (`user.team_id`):
    in a shared channel someone from another workspace acts in the installation's."""
    user = body.get("user")
    if not isinstance(user, dict):
        raise BadRequest(NOT_UNDERSTOOD, log_detail=f"no user object ({shown(user)})")
    return workspace_of(context), slack_id(user.get("id"), "user id")


def where(body: dict[str, Any]) -> tuple[str, str | None]:
    """(channel id, message ts) of the message that was clicked."""
    container = body.get("container")
    container = container if isinstance(container, dict) else {}
    channel = body.get("channel")
    found = container.get("channel_id") or (
        channel.get("id") if isinstance(channel, dict) else None
    )
    ts = container.get("message_ts")
    return slack_id(found, "channel"), ts if isinstance(ts, str) and len(ts) <= 32 else None


def modal_trigger(body: dict[str, Any]) -> str:
    """The trigger id a modal is opened with."""
    trigger = body.get("trigger_id")
    if isinstance(trigger, str) and trigger:
        return trigger
    raise BadRequest(NOT_UNDERSTOOD, log_detail=f"no trigger_id ({shown(trigger)})")


def view_values(view: dict[str, Any]) -> dict[str, Any]:
    """A submitted modal's `state.values` ({block_id: {action_id: state}}); empty if the
    submission has none (then every required answer is reported missing)."""
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    return values if isinstance(values, dict) else {}
