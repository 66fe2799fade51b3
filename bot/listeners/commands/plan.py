"""`/readiness plan`: the channel's plan, privately, with Edit plan, Done and Drop."""

from __future__ import annotations

from bot.listeners.commands.invocation import Invocation
from bot.messages.plan import plan_message
from flows import plans
from flows.errors import UserFacingError


def show(run: Invocation) -> None:
    """Anyone in the channel may look; the buttons check who clicks them."""
    if run.in_dm:
        raise UserFacingError(
            "A plan lives in a channel: use `/readiness plan` in your team's channel, where "
            "its team profile was posted."
        )
    round_ = plans.current_round(
        run.services, workspace_id=run.workspace_id, channel_id=run.channel_id
    )
    run.reply(plan_message(run.services.framework_for(round_.framework_version), round_))
