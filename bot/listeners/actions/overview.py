"""Compare, under App Home's Teams: the person's teams side by side in a modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.context import links_of, services_of
from bot.listeners.body import modal_trigger, who
from bot.messages.overview import compare_view
from bot.report.compare import comparison_links
from bot.screens.home import teams_of


def open_compare(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Opened before the ack, while the trigger id is fresh (three seconds). The channels are
    the ones Slack says the person is in now, not the ones their App Home showed earlier."""
    services = services_of(context)
    workspace_id, user_id = who(body, context)
    trigger = modal_trigger(body)
    overview = teams_of(services, client, workspace_id=workspace_id, user_id=user_id)
    links = comparison_links(links_of(context), workspace_id=workspace_id, overview=overview)
    view = compare_view(
        overview,
        chart_url=links.chart_url if links else None,
        page=links.page if links else None,
    )
    client.views_open(trigger_id=trigger, view=view)
    ack()
