"""A history entry's "Report" button: a fresh printable report for whoever clicked, if they may
still have it (their own answers in the run, or, for a team's report, membership of its channel
as Slack says at the click). Answered privately where they clicked.

Without report links (Socket Mode, or no public URL) the printable page is sent to their DM as
an HTML file to open in a browser: the same page a link would open, with nothing to configure,
and it stays theirs in their DM rather than expiring."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.context import links_of, services_of
from bot.inbound.payloads import ReportRef
from bot.listeners.body import who
from bot.listeners.guard import Later
from bot.messages import Message
from bot.messages.results import (
    not_a_member_message,
    report_link_message,
    report_uploaded_message,
)
from bot.outbound import lookups
from bot.report.links import LinkKind, RunReport
from bot.report.run_result import report_data
from flows.reports import RunResult, run_result
from storage.models import RunKind

logger = logging.getLogger(__name__)


def report_link(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    later: Later,
) -> None:
    services, links = services_of(context), links_of(context)
    workspace_id, user_id = who(body, context)
    ref = ReportRef.decode(action.get("value"))
    ack()

    def answer(message: Message) -> None:
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=message.text,
            blocks=message.blocks,
        )

    def make_report() -> None:
        own = ref.of == "own"
        # Checked now, not when the history was listed: NoResultYet (said to the person) when
        # it is not theirs; the channel's membership as Slack says it at this click.
        result = run_result(
            services,
            run_id=ref.run_id,
            workspace_id=workspace_id,
            user_id=user_id if own else None,
        )
        if not own and (
            result.kind is not RunKind.TEAM
            or result.channel_id not in lookups.channels_of(client, user_id)
        ):
            logger.info("report refused: %s is not in %s", user_id, result.channel_id)
            answer(not_a_member_message())
            return
        if links is None:
            _upload(client, user_id, result)
            answer(report_uploaded_message(own=own))
            return
        team_run = result.kind is RunKind.TEAM
        target = (
            RunReport.own(workspace_id, result.run_id, user_id, team_run=team_run)
            if own
            else RunReport(workspace_id, result.run_id)
        )
        link = links.link_to(target, LinkKind.DM if own else LinkKind.CHANNEL)
        answer(report_link_message(link, own=own))

    later(make_report)


def _upload(client: WebClient, user_id: str, result: RunResult) -> None:
    """The printable page as a file in the person's DM."""
    # imported when first needed (a page is rendered): keeps start-up short
    from bot.report.html import render_html

    page = render_html(report_data(result)).encode()
    client.files_upload_v2(
        channel=lookups.dm_channel(client, user_id),
        file=page,
        filename=f"outcome-readiness-{result.finished_at:%Y-%m-%d}.html",
        title="Outcome Readiness report",
    )
