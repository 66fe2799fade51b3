"""`/readiness compare #a #b …`: the named channels' latest team profiles side by side, to the
person who asked only, for the channels Slack says they are in now. A channel they are not in
is named as refused and shows nothing; `compare` alone compares all of theirs."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.listeners.commands.invocation import Invocation
from bot.messages.overview import compare_message
from bot.outbound import lookups
from bot.report.compare import comparison_links
from flows.commands import Compare
from flows.overview import teams_overview

logger = logging.getLogger(__name__)


def compare(run: Invocation, parsed: Compare) -> None:
    theirs = lookups.channels_of(run.client, run.user_id)
    if parsed.channel_ids:
        asked = {c: theirs[c] for c in parsed.channel_ids if c in theirs}
        refused = [c for c in parsed.channel_ids if c not in theirs]
    else:
        asked = dict(sorted(theirs.items(), key=lambda channel: (channel[1], channel[0])))
        refused = []
    if refused:
        logger.info("compare: %s is not in %s", run.user_id, ", ".join(refused))
    overview = teams_overview(run.services, workspace_id=run.workspace_id, channels=asked)
    if not parsed.channel_ids:
        # Asked for all their channels: those without a profile are not worth a sentence each.
        overview = replace(overview, without_profile=())
    links = comparison_links(run.person.links, workspace_id=run.workspace_id, overview=overview)
    run.reply(
        compare_message(
            overview,
            chart_url=links.chart_url if links else None,
            page=links.page if links else None,
            refused=refused,
            unresolved=parsed.unresolved,
        )
    )
