"""Authorization: closing, cancelling or extending someone else's team run, changing or
turning off someone else's schedule, workspace settings and starting runs where admins have
restricted who may — by someone not allowed — are refused in words, logged, and change
nothing."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable

import pytest

from bot import ids
from bot.run_modes.local import LocalBot
from standin import SlackDriver, SlackStandIn
from tests.bot_fixtures import Team
from tests.e2e.people import channel_message, latest_ephemeral
from tests.hardening import tally
from tests.hardening.helpers import wait_quiet
from tests.hardening.sizes import quick_and_full
from tests.hardening.state import digest

SUB_COMMANDS = ("close", "cancel", "extend 3 days", "schedule monthly", "schedule off", "settings")


def _settings_view_for(standin: SlackStandIn, admin: str, user: str) -> str:
    """The settings modal as an admin has it, on `user`'s screen: what a client that crafts
    its own view_submission would send (Slack shows the modal only to whoever opened it)."""
    view = standin.wait_for(lambda: standin.open_views(admin))[-1]
    with standin.state.lock:
        record = copy.deepcopy(standin.state.views[view.id])
        record.id, record.user_id = standin.state.ids.new("V"), user
        standin.state.views[record.id] = record
        standin.state.modal_stack(record.team_id, user).append(record.id)
    return record.id


@pytest.mark.parametrize("rounds", quick_and_full(1, 10))
def test_people_not_allowed_are_refused_and_nothing_changes(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    bot: LocalBot,
    caplog: pytest.LogCaptureFixture,
    rounds: int,
) -> None:
    database = bot.running.services.database
    outsider = team.members[1]
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    channel_message(standin, team.channel, "Take the assessment")
    driver.slash_command(team.lead, ids.COMMAND, "schedule quarterly", channel_id=team.channel)
    channel_message(standin, team.channel, "scheduled a team assessment")
    driver.slash_command(team.admin, ids.COMMAND, "settings", channel_id=team.channel)
    forged_view = _settings_view_for(standin, team.admin, outsider)
    wait_quiet(standin)
    caplog.set_level(logging.INFO)

    def sub_command(text: str) -> Callable[[], str]:
        def attempt() -> str:
            before = len(standin.ephemerals(outsider, team.channel))
            driver.slash_command(outsider, ids.COMMAND, text, channel_id=team.channel)
            return latest_ephemeral(standin, outsider, team.channel, after=before)

        return attempt

    def submit_settings() -> str:
        result = driver.submit_view(
            outsider,
            forged_view,
            {
                ids.SETTINGS_MINIMUM: {ids.SETTINGS_CHOICE: "9"},
                ids.SETTINGS_DAYS: {ids.SETTINGS_CHOICE: "1"},
                ids.SETTINGS_STARTERS: {ids.SETTINGS_CHOICE: "anyone"},
            },
        )
        errors = result.json.get("errors", {}) if isinstance(result.json, dict) else {}
        return " ".join(errors.values())

    attempts = {text: sub_command(text) for text in SUB_COMMANDS}
    attempts["settings modal submitted"] = submit_settings
    tried = refused = 0
    failures: list[str] = []
    for _ in range(rounds):
        for name, attempt in attempts.items():
            before, logged = digest(database), len(caplog.records)
            said = attempt()
            wait_quiet(standin)
            tried += 1
            refusals = [r for r in caplog.records[logged:] if r.getMessage().startswith("refused")]
            if digest(database) == before and "Only" in said and refusals:
                refused += 1
            else:
                failures.append(f"{name}: said {said!r}, logged {len(refusals)}")
    # Where admins have said who may start runs, the others are refused too.
    driver.slash_command(team.lead, ids.COMMAND, "cancel", channel_id=team.channel)
    driver.submit_view(
        team.admin,
        standin.open_views(team.admin)[-1].id,
        {
            ids.SETTINGS_MINIMUM: {ids.SETTINGS_CHOICE: "3"},
            ids.SETTINGS_DAYS: {ids.SETTINGS_CHOICE: "7"},
            ids.SETTINGS_STARTERS: {ids.SETTINGS_CHOICE: "admins"},
            ids.SETTINGS_PEOPLE: {ids.SETTINGS_CHOICE: [team.lead]},
        },
    )
    wait_quiet(standin)
    for _ in range(rounds):
        before, logged = digest(database), len(caplog.records)
        said = sub_command("team")()
        tried += 1
        refusals = [r for r in caplog.records[logged:] if r.getMessage().startswith("refused")]
        if digest(database) == before and "only admins" in said and refusals:
            refused += 1
        else:
            failures.append(f"team by someone not named: said {said!r}")
    tally.record(
        "Authorization",
        tried=tried,
        refused=refused,
        note="close, cancel, extend, schedule (change, off), settings (open, submit), start",
    )
    assert not failures, failures
    assert "Only <@ULEAD>" in standin.visible_text(standin.ephemerals(outsider, team.channel)[0])
