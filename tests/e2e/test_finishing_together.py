"""Many people finishing at once (a team's kickoff): each sees their own profile without waiting
for everyone else's chart, report thread and App Home to be done first."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from bot.run_modes.local import LocalBot, local_bot
from flows.services import Services
from standin import SlackDriver, SlackStandIn
from standin.records import Call
from storage.database import Database
from tests.bot_fixtures import Team, bot_settings
from tests.clock import Clock
from tests.e2e.people import QUESTIONS, answer_all, pick, profile_on_screen, question_on_screen


@pytest.fixture
def bot(standin: SlackStandIn, bot_database: Database, clock: Clock) -> Iterator[LocalBot]:
    """One follow-up thread, so that follow-ups run in the order they were queued."""
    services = Services(database=bot_database, clock=clock)
    with local_bot(bot_settings(standin, follow_up_threads=1), services) as running:
        yield running


def test_a_profile_is_not_held_up_behind_someone_elses_chart(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    first, second = team.members[:2]
    for user in (first, second):
        driver.slash_command(user, "/readiness", channel_id=team.channel)
        answer_all(standin, driver, user, [3] * (QUESTIONS - 1))
    last = {user: question_on_screen(standin, user, QUESTIONS) for user in (first, second)}
    # Slack is slow to collapse answered questions for a moment: the second person's last click
    # is saved and acknowledged while the first person's follow-up is still under way.
    standin.slow_down(0.4, for_seconds=0.3, method="chat.update")
    pick(driver, first, last[first], 3)
    pick(driver, second, last[second], 3)
    for user in (first, second):
        profile_on_screen(standin, user)
    standin.wait_for(
        lambda: all(_chart_uploaded(standin, user) is not None for user in (first, second)),
        description="both charts uploaded",
    )

    first_chart = _chart_uploaded(standin, first)
    second_profile = _profile_posted(standin, second)
    assert first_chart is not None and second_profile is not None
    assert second_profile < first_chart  # the second profile came before the first chart


def _profile_posted(standin: SlackStandIn, user: str) -> int | None:
    """Where among the calls Slack received the bot posted `user`'s profile message."""
    dm = standin.dm_channel_id(user)
    return _first(
        standin.calls,
        lambda call: (
            call.method == "chat.postMessage"
            and call.args.get("channel") == dm
            and _step(call) == "profile"
        ),
    )


def _chart_uploaded(standin: SlackStandIn, user: str) -> int | None:
    dm = standin.dm_channel_id(user)
    return _first(
        standin.calls,
        lambda call: (
            call.method == "files.completeUploadExternal" and call.args.get("channel_id") == dm
        ),
    )


def _step(call: Call) -> object:
    metadata = call.args.get("metadata")
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    return payload.get("step") if isinstance(payload, dict) else None


def _first(calls: list[Call], wanted: Callable[[Call], bool]) -> int | None:
    found = (index for index, call in enumerate(calls) if not call.error and wanted(call))
    return next(found, None)
