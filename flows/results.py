"""Results any time: a channel's latest team profile as it was posted, and a person's own latest.

Who may see a channel's results (its members, as Slack says at the time of asking) is for the
caller to check: flows know no Slack. What comes back is only what was already shown, to the
channel or to the person themself.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.history import PastRun, PostedAt, latest_published, person_history
from flows.services import Services
from flows.snapshots import team_from_snapshot
from flows.steps import TeamProfileReady
from flows.team import team_profile_ready
from scoring import Framework


@dataclass(frozen=True)
class ChannelResults:
    """The channel's latest posted team profile, with the trend it said, in its own framework."""

    ready: TeamProfileReady
    framework: Framework
    posted: PostedAt | None
    """The profile message in the channel, once known to be there."""


def channel_results(
    services: Services, *, workspace_id: str, channel_id: str
) -> ChannelResults | None:
    """The channel's latest team profile (None: no team run here has produced one yet)."""
    with services.database.session() as session:
        found = latest_published(session, workspace_id=workspace_id, channel_id=channel_id)
        if found is None:
            return None
        run, result = found
        ready = team_profile_ready(session, run, team_from_snapshot(result.snapshot))
        posted = PostedAt(channel_id, run.profile_ts) if run.profile_ts else None
        return ChannelResults(
            ready=ready, framework=services.framework_for(run.framework_version), posted=posted
        )


def own_latest(services: Services, *, workspace_id: str, user_id: str) -> PastRun | None:
    """The person's own latest profile, from an individual run or their answers in a team run."""
    found = person_history(services, workspace_id=workspace_id, user_id=user_id, limit=1)
    return found[0] if found else None
