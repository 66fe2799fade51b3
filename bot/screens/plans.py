"""A channel's plan on screen: its canvas (made on the first plan, rewritten on each change
and each new team profile), or where the channel cannot have ours, a message in the team
profile's thread. Owed until shown (`flows.owed.PlanShowing`), shown through the show-once
protocol.

Each showing writes the whole plan from what the database says now, so showing it twice shows
the same thing. Without a canvas of ours, every showing first asks for one again: a channel
whose canvas was removed, or a workspace that moved to a paid plan, gets the canvas at the next
change, and the message then says where the plan went.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.context import links_of, services_of
from bot.messages import Message
from bot.messages.canvas import (
    PLAN_TITLE,
    moved_message,
    no_canvas_message,
    plan_markdown,
    plan_message,
)
from bot.outbound.lookups import dm_channel
from bot.report.links import ReportLinks
from bot.screens.show_once import Part, show_once
from bot.screens.slack_screen import SlackScreen, StepKey
from flows import plans
from flows.owed import PlanShowing
from flows.services import Services

logger = logging.getLogger(__name__)

NO_CANVAS_ERRORS = frozenset(
    {
        "channel_canvas_already_exists",
        "team_tier_cannot_create_channel_canvases",
        "free_team_canvas_tab_already_exists",
        "canvas_disabled_user_team",
        "restricted_action",
    }
)
"""Slack's answers that mean the channel cannot have our canvas (conversations.canvases.create,
canvases.edit): the plan is shown as a message instead."""
CANVAS_GONE = "canvas_not_found"
PLAN_STEP = "plan"


@dataclass(frozen=True)
class PlanScreen:
    services: Services
    slack: SlackScreen
    links: ReportLinks | None = None

    @classmethod
    def of(cls, context: BoltContext, client: WebClient) -> PlanScreen:
        return cls(services_of(context), SlackScreen(client), links_of(context))

    @property
    def client(self) -> WebClient:
        return self.slack.client

    def show_now(self, *, workspace_id: str, channel_id: str) -> None:
        """Rewrite the channel's plan now, if it is owed (after a change the person made).
        A failure leaves it owed: the timetable shows it later."""
        page = plans.plan_page(self.services, workspace_id=workspace_id, channel_id=channel_id)
        if page is not None and page.owed is not None:
            self.show(page)

    def show(self, page: plans.PlanPage, *, recovering: bool = False) -> None:
        """Show the plan in its canvas, or its message: once, under the show-once protocol
        (a failure leaves it owed, and the timetable shows it later)."""
        channel = page.round_.channel_id

        def show(_: str | None) -> None:
            self._show(page, recovering=recovering)
            return None

        show_once(
            self.services,
            self.slack,
            PlanShowing(page),
            channel=channel,
            parts=[Part(StepKey(page.plan_id, PLAN_STEP), show)],
        )

    def _show(self, page: plans.PlanPage, *, recovering: bool) -> None:
        # Read again once taken: the timetable reads what is owed up front, and a step it
        # showed before this one (a team profile) may have shown the plan meanwhile.
        round_ = page.round_
        fresh = plans.plan_page(
            self.services, workspace_id=round_.workspace_id, channel_id=round_.channel_id
        )
        page = page if fresh is None else fresh
        framework = self.services.framework_for(page.round_.framework_version)
        link = self._permalink(page)
        channel = page.round_.channel_id
        markdown = plan_markdown(framework, page, profile_link=link)
        try:
            self._canvas(page, markdown)
        except SlackApiError as error:
            reason = str(error.response.get("error"))
            if reason not in NO_CANVAS_ERRORS:
                raise
            if page.no_canvas != reason:
                logger.info("no canvas for the plan in %s: %s", channel, reason)
                plans.no_canvas(self.services, page, reason)
                page = replace(page, no_canvas=reason, canvas_id=None)
            self._message(page, plan_message(framework, page, profile_link=link), recovering)
            return
        if page.no_canvas is not None and page.message_ts is not None:
            # The plan had to be a message until now: say where it went.
            self.slack.retire_as(channel, page.message_ts, moved_message(channel))

    def _canvas(self, page: plans.PlanPage, markdown: str) -> None:
        """Rewrite our canvas, or make it (the first time, or when someone deleted it)."""
        content = {"type": "markdown", "markdown": markdown}
        if page.canvas_id is not None:
            try:
                self.client.canvases_edit(
                    canvas_id=page.canvas_id,
                    changes=[{"operation": "replace", "document_content": content}],
                )
                return
            except SlackApiError as error:
                if error.response.get("error") != CANVAS_GONE:
                    raise
                logger.info("the plan's canvas %s was deleted; making a new one", page.canvas_id)
        made = self.client.conversations_canvases_create(
            channel_id=page.round_.channel_id, title=PLAN_TITLE, document_content=content
        )
        plans.canvas_made(self.services, page, str(made["canvas_id"]))

    def _message(self, page: plans.PlanPage, message: Message, recovering: bool) -> None:
        """The plan as a message in the team profile's thread, updated in place later; pinned
        where the bot may; and the lead told once why there is no canvas."""
        channel = page.round_.channel_id
        key = StepKey(page.plan_id, PLAN_STEP)
        ts = page.message_ts
        if ts is None and recovering and page.profile_ts is not None:
            # A worker may have died after posting it, before writing it down.
            ts = self.slack.find_shown(channel, key, thread_ts=page.profile_ts)
        if ts is not None:
            try:
                self.slack.update(channel, ts, message)
            except SlackApiError as error:
                if error.response.get("error") != "message_not_found":
                    raise
                ts = None  # someone deleted it: post it again
        if ts is None:
            ts = self.slack.post(channel, message, page.profile_ts, step=key)
            plans.plan_message_shown(self.services, page, message_ts=ts, thread_ts=page.profile_ts)
            self._pin(channel, ts)
        elif ts != page.message_ts:
            plans.plan_message_shown(self.services, page, message_ts=ts, thread_ts=page.profile_ts)
        if not page.lead_told and page.lead_id is not None and page.no_canvas is not None:
            self._tell_lead(page, page.lead_id, page.no_canvas)

    def _pin(self, channel: str, ts: str) -> None:
        """Pin the plan message where the bot may; a refusal leaves it unpinned."""
        try:
            self.client.pins_add(channel=channel, timestamp=ts)
        except SlackApiError as error:
            logger.info("could not pin the plan in %s: %s", channel, error.response.get("error"))

    def _tell_lead(self, page: plans.PlanPage, lead_id: str, reason: str) -> None:
        """Tell the lead once; a DM Slack refuses is tried again at the next showing."""
        try:
            channel = dm_channel(self.client, lead_id)
            self.slack.post(channel, no_canvas_message(reason, page.round_.channel_id))
        except SlackApiError as error:
            logger.warning("could not tell %s why there is no canvas: %s", lead_id, error)
            return
        plans.lead_told(self.services, page)

    def _permalink(self, page: plans.PlanPage) -> str | None:
        """The team profile message's link (None before it is posted, or if it is gone)."""
        if page.profile_ts is None:
            return None
        try:
            found = self.client.chat_getPermalink(
                channel=page.round_.channel_id, message_ts=page.profile_ts
            )
        except SlackApiError as error:
            if error.response.get("error") in ("message_not_found", "channel_not_found"):
                return None
            raise
        link = found.get("permalink")
        return link if isinstance(link, str) else None
