"""A commitment's reminder is its owner's: someone else who sends its Done, Drop or Not yet
(a click forged from a copy of the owner's DM, which they never saw) is refused in words, and
nothing changes — not the commitment, not the owner's DM."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

from bot import ids
from bot.run_modes.local import LocalBot
from standin import SlackDriver, SlackStandIn
from standin.records import Message
from storage.models import CommitmentStatus
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import latest_ephemeral
from tests.e2e.test_follow_through import (
    WEDNESDAY_9AM,
    closed_team_run,
    plan,
    reminded_once,
    statuses,
)
from tests.hardening.helpers import wait_quiet
from tests.hardening.state import digest


def _in_dm_of(standin: SlackStandIn, message: Message, user: str) -> Message:
    """The owner's reminder as a copy in `user`'s own DM: what a client that crafts its own
    block_actions would send (Slack shows the reminder only to its owner)."""
    forged = copy.deepcopy(message)
    forged.channel = standin.dm_channel_id(user)
    return forged


def _only_admins_start_runs(standin: SlackStandIn, driver: SlackDriver, team: Team) -> None:
    """An admin restricts who may start runs (and so plan, or change a commitment) to admins:
    with the default, anyone in the workspace may."""
    driver.slash_command(team.admin, ids.COMMAND, "settings", channel_id=team.channel)
    view = standin.wait_for(lambda: standin.open_views(team.admin))[-1]
    saved = driver.submit_view(
        team.admin,
        view.id,
        {
            ids.SETTINGS_MINIMUM: {ids.SETTINGS_CHOICE: "3"},
            ids.SETTINGS_DAYS: {ids.SETTINGS_CHOICE: "7"},
            ids.SETTINGS_STARTERS: {ids.SETTINGS_CHOICE: "admins"},
            ids.SETTINGS_PEOPLE: {ids.SETTINGS_CHOICE: [team.lead]},
        },
    )
    assert saved.status == 200 and not standin.open_views(team.admin)


def test_someone_else_cannot_answer_an_owners_reminder(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))
    _only_admins_start_runs(standin, driver, team)
    closed_team_run(standin, driver, team)
    owner, outsider = team.members[0], team.members[3]
    plan(standin, bot, team, [("Agree one health score", owner, date(2027, 3, 15))])
    clock.set(WEDNESDAY_9AM)
    reminder = reminded_once(standin, owner)
    clock.advance(minutes=5)  # past any lease: the channel's plan is shown by now
    standin.wait_for(lambda: standin.canvas(team.channel), description="the plan's canvas")
    wait_quiet(standin, settle=1.0)
    before = digest(bot.running.services.database)
    outsider_dm = standin.dm_channel_id(outsider)

    for told, action in enumerate(
        (ids.COMMITMENT_DONE, ids.COMMITMENT_DROP, ids.COMMITMENT_NOT_YET), start=0
    ):
        result = driver.click(
            outsider,
            message=_in_dm_of(standin, reminder, outsider),
            action_id=action,
            as_seen=True,
        )
        assert result.status == 200
        said = latest_ephemeral(standin, outsider, outsider_dm, after=told)
        assert "Only the move's owner" in said, said
    wait_quiet(standin)

    assert not standin.open_views(outsider), "no modal for someone who may not change it"
    assert statuses(standin, bot, team) == {"Agree one health score": CommitmentStatus.OPEN}
    assert digest(bot.running.services.database) == before
    current = next(m for m in standin.dm(owner) if m.ts == reminder.ts)
    assert current.text == reminder.text and current.blocks == reminder.blocks
