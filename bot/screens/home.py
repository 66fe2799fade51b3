"""A person's App Home, built and published whole: when they open it, and after every change it
shows (their assessment finished, a team profile of theirs posted, their data forgotten), so it
is never stale when they look.

Its Teams section costs one Slack call (the channels the person is in, which decides what they
may see) and the overview's two queries, however many teams there are.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient

from bot.messages.home import home_view
from bot.messages.overview import teams_section
from bot.messages.schedule import HISTORY_SHOWN
from bot.outbound import lookups
from flows.history import person_history, team_runs_started_by
from flows.overview import Overview, owner_of, respondents_of, teams_overview
from flows.services import Services

logger = logging.getLogger(__name__)


def teams_of(services: Services, client: WebClient, *, workspace_id: str, user_id: str) -> Overview:
    """The latest team profiles of the channels `user_id` is in, as Slack says now, by name."""
    channels = lookups.channels_of(client, user_id)
    by_name = dict(sorted(channels.items(), key=lambda channel: (channel[1], channel[0])))
    return teams_overview(services, workspace_id=workspace_id, channels=by_name)


def publish_home(services: Services, client: WebClient, *, workspace_id: str, user_id: str) -> None:
    """Build `user_id`'s App Home from what is true now, and publish it."""
    overview = teams_of(services, client, workspace_id=workspace_id, user_id=user_id)
    history = person_history(
        services, workspace_id=workspace_id, user_id=user_id, limit=HISTORY_SHOWN
    )
    started = team_runs_started_by(services, workspace_id=workspace_id, user_id=user_id)
    view = home_view(services.framework, history, started, teams=teams_section(overview))
    client.views_publish(user_id=user_id, view=view)


def refresh_home(services: Services, client: WebClient, *, workspace_id: str, user_id: str) -> None:
    """Publish again after a change; best effort: what changed is saved either way, and the
    home is rebuilt when the person next opens it."""
    refresh_homes(services, client, workspace_id=workspace_id, user_ids=[user_id])


def refresh_homes(
    services: Services, client: WebClient, *, workspace_id: str, user_ids: Iterable[str]
) -> None:
    for user_id in user_ids:
        try:
            publish_home(services, client, workspace_id=workspace_id, user_id=user_id)
        except Exception:
            logger.exception("could not refresh the App Home of %s", user_id)


def refresh_after_finishing(
    services: Services, client: WebClient, *, workspace_id: str, response_id: str
) -> None:
    """After someone finishes an assessment: their home shows the new profile."""
    try:
        user_id = owner_of(services, response_id=response_id)
    except Exception:
        logger.exception("could not read whose response %s is to refresh their home", response_id)
        return
    if user_id is not None:
        refresh_home(services, client, workspace_id=workspace_id, user_id=user_id)


def refresh_respondents(
    services: Services, client: WebClient, *, workspace_id: str, run_id: str
) -> None:
    """After a team profile is posted: the homes of those who answered it show it.

    Two Slack calls a person, on the thread that posted the profile (at a deadline, the
    timetable's): a very large team holds that thread up for a while."""
    try:
        people = respondents_of(services, run_id=run_id)
    except Exception:
        logger.exception("could not read who answered %s to refresh their App Home", run_id)
        return
    refresh_homes(services, client, workspace_id=workspace_id, user_ids=people)
