"""A commitment's new date, saved from the "Not yet" modal: the date checked beside the picker,
the reminder in the owner's DM replaced by the new date, and the channel's plan shown again."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.context import services_of
from bot.inbound.payloads import NewDateMetadata
from bot.listeners.actions.commitments import retire, show_plan
from bot.listeners.body import view_values, who
from bot.listeners.guard import Later
from bot.outbound.lookups import dm_channel, is_workspace_admin
from bot.screens.slack_screen import SlackScreen
from flows import plans
from flows.plans import PlanProblems
from flows.services import Services

PICK_A_DATE = "Pick the new date it is due."


def picked_date(values: dict[str, Any]) -> date | None:
    """The date picker's choice; None if there is none, or it is not a date."""
    block = values.get(ids.NEW_DATE_BLOCK)
    state = block.get(ids.NEW_DATE_PICK) if isinstance(block, dict) else None
    chosen = state.get("selected_date") if isinstance(state, dict) else None
    if not isinstance(chosen, str) or len(chosen) != len("2027-03-12"):
        return None
    try:
        return date.fromisoformat(chosen)
    except ValueError:
        return None


def save_new_date(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    later: Later,
) -> None:
    """A date today or earlier, or over a year out: said beside the picker, nothing saved."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    metadata = NewDateMetadata.decode(view.get("private_metadata"))
    due_on = picked_date(view_values(view))
    if due_on is None:
        ack(response_action="errors", errors={ids.NEW_DATE_BLOCK: PICK_A_DATE})
        return
    current = plans.commitment(
        services, workspace_id=workspace_id, commitment_id=metadata.commitment_id
    )
    try:
        changed = plans.new_date(
            services,
            workspace_id=workspace_id,
            commitment_id=metadata.commitment_id,
            user_id=user_id,
            is_admin=current.owner_id != user_id and is_workspace_admin(client, user_id),
            due_on=due_on,
        )
    except PlanProblems as problems:
        said = problems.problems.get(0, {}).get("due_on", PICK_A_DATE)
        ack(response_action="errors", errors={ids.NEW_DATE_BLOCK: said})
        return
    ack()
    if metadata.message_ts is not None:
        message = (metadata.channel_id, metadata.message_ts)
        later(lambda: _retire_in_dm(services, client, workspace_id, user_id, changed, message))
    later(lambda: show_plan(context, client, workspace_id, changed))


def _retire_in_dm(
    services: Services,
    client: WebClient,
    workspace_id: str,
    user_id: str,
    changed: plans.CommitmentView,
    message: tuple[str, str],
) -> None:
    """Only a message in the person's own DM: the metadata names it, and what a client sends
    back is not proof of where the modal was opened."""
    if dm_channel(client, user_id) == message[0]:
        retire(services, SlackScreen(client), workspace_id, changed, message)
