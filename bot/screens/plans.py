"""A channel's plan on screen: its canvas (made on the first plan, rewritten on each change
and each new team profile), or where the channel cannot have ours, a message in the team
profile's thread. Owed until shown (`flows.owed.PlanShowing`), shown through the show-once
protocol.

STUB: the canvas helper fills this in; listeners call `show_now` after each change.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import links_of, services_of
from bot.report.links import ReportLinks
from bot.screens.slack_screen import SlackScreen
from flows import plans
from flows.services import Services


@dataclass(frozen=True)
class PlanScreen:
    services: Services
    slack: SlackScreen
    links: ReportLinks | None = None

    @classmethod
    def of(cls, context: BoltContext, client: WebClient) -> PlanScreen:
        return cls(services_of(context), SlackScreen(client), links_of(context))

    def show_now(self, *, workspace_id: str, channel_id: str) -> None:
        """Rewrite the channel's plan now, if it is owed (after a change the person made).
        A failure leaves it owed: the timetable shows it later."""
        page = plans.plan_page(self.services, workspace_id=workspace_id, channel_id=channel_id)
        if page is not None:
            self.show(page)

    def show(self, page: plans.PlanPage, *, recovering: bool = False) -> None:
        """Show the plan in its canvas, or its message (STUB)."""
