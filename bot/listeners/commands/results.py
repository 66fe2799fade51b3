"""`/readiness results`: in a channel, its latest team profile to a member, privately; in the
DM, the person's own latest profile. Each with a link to where it was posted and a fresh
printable link that says until when it opens."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.listeners.commands.invocation import Invocation
from bot.messages.results import (
    channel_results_message,
    no_own_profile_message,
    no_team_profile_message,
    not_a_member_message,
    own_results_message,
)
from bot.outbound import lookups
from bot.report.links import LinkKind, RunReport
from flows.history import PastRun, PostedAt
from flows.results import channel_results, own_latest
from storage.models import RunKind

logger = logging.getLogger(__name__)


def show_results(run: Invocation) -> None:
    if run.in_dm:
        _own_results(run)
    else:
        _channel_results(run)


def _channel_results(run: Invocation) -> None:
    # Membership as Slack says it now: someone who left the channel no longer sees its results.
    if run.channel_id not in lookups.channels_of(run.client, run.user_id):
        logger.info("results refused: %s is not in %s", run.user_id, run.channel_id)
        run.reply(not_a_member_message())
        return
    found = channel_results(run.services, workspace_id=run.workspace_id, channel_id=run.channel_id)
    if found is None:
        run.reply(no_team_profile_message())
        return
    links = run.person.links
    link = None
    if links is not None:
        target = RunReport(run.workspace_id, found.ready.run_id)
        link = links.link_to(target, LinkKind.CHANNEL)
    permalink = permalink_of(run.client, found.posted)
    run.reply(channel_results_message(found, permalink=permalink, link=link))


def _own_results(run: Invocation) -> None:
    latest = own_latest(run.services, workspace_id=run.workspace_id, user_id=run.user_id)
    if latest is None or latest.profile is None:
        run.reply(no_own_profile_message())
        return
    links = run.person.links
    link = None
    if links is not None:
        target = RunReport.own(
            run.workspace_id, latest.run_id, run.user_id, team_run=latest.kind is RunKind.TEAM
        )
        link = links.link_to(target, LinkKind.DM)
    permalink = permalink_of(run.client, latest.posted)
    run.reply(own_results_message(run.services.framework, latest, permalink=permalink, link=link))


def permalink_of(client: WebClient, posted: PostedAt | None) -> str | None:
    """The link to a posted message, or None when it is not known or Slack cannot say (the
    message was deleted): the rest of the answer stands without it."""
    if posted is None:
        return None
    try:
        found = client.chat_getPermalink(channel=posted.channel_id, message_ts=posted.ts)
    except SlackApiError as error:
        logger.info("no permalink for %s/%s: %s", posted.channel_id, posted.ts, error)
        return None
    link = found.get("permalink")
    return link if isinstance(link, str) else None


def permalinks_of(client: WebClient, past: list[PastRun]) -> dict[str, str]:
    """Links to the messages of these runs (by run id), one call each: callers cap the list."""
    found = {}
    for entry in past:
        if (link := permalink_of(client, entry.posted)) is not None:
            found[entry.run_id] = link
    return found
