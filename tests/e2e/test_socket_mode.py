"""Socket Mode's own trials: what only a websocket can do to the bot. An ack lost on the way (Slack
sends the envelope again), Slack refreshing the connection mid team run, the socket dropped mid
team run: every answer is kept once and every message shown once. And `readiness socket` itself,
as a process, against the stand-in with nothing changed but SLACK_API_URL.

The stories that are the same in both modes run in both through `any_driver`: test_individual
(the DM walk, the form, App Home), test_comments (errors beside a field: the ack's payload),
test_team (a deadline), test_schedules, test_privacy (forget me).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bot import ids
from bot.run_modes import answering
from bot.run_modes.start import Running
from standin import SlackDriver, SlackStandIn
from storage.database import Database
from tests.bot_fixtures import Team, socket_driver_for
from tests.e2e.bot_process import socket_bot_process
from tests.e2e.people import (
    JOIN,
    QUESTIONS,
    channel_message,
    dm_texts,
    latest_ephemeral,
    pick,
    profile_on_screen,
    question_on_screen,
)
from tests.hardening.helpers import wait_quiet
from tests.hardening.respondents import screen_counts
from tests.hardening.state import answers_of, count

WELCOME = "Who sees what"
"""Words of the welcome a message in the DM gets."""


def test_an_event_whose_ack_was_lost_is_delivered_again_and_answered_once(
    standin: SlackStandIn, socket_driver: SlackDriver, team: Team
) -> None:
    user = team.members[0]
    standin.socket_mode.lose_next_ack()
    result = socket_driver.dm_message(user, "hello?")
    assert result.status == 200
    retries = [(e["retry_attempt"], e["retry_reason"]) for e in result.envelopes]
    assert retries == [(0, ""), (1, "timeout")]  # Slack sent it again, and the bot acked that
    standin.wait_for(
        lambda: [t for t in dm_texts(standin, user) if WELCOME in t] or None,
        description="the welcome in the DM",
    )
    wait_quiet(standin, settle=0.5)
    assert len([t for t in dm_texts(standin, user) if WELCOME in t]) == 1


def test_a_click_delivered_again_records_one_answer_and_shows_the_next_question_once(
    standin: SlackStandIn, socket_driver: SlackDriver, team: Team, socket_bot: Running
) -> None:
    user = team.members[1]
    socket_driver.slash_command(user, ids.COMMAND, channel_id=standin.dm_channel_id(user))
    first = question_on_screen(standin, user, 1)
    clicked = answering.pick(socket_driver, user, first, 2)
    assert clicked.status == 200
    for attempt in (1, 2, 3):  # as Slack sends an envelope again whose ack it did not see
        again = socket_driver.transport.redeliver(clicked, retry_num=attempt, reason="timeout")
        assert again.status == 200
    question_on_screen(standin, user, 2)
    assert answers_of(socket_bot.services.database, user) == 1
    assert screen_counts(standin, user)[0] == Counter({1: 1, 2: 1})


def _team_run_with_a_break(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    database: Database,
    connection_trouble: Callable[[], None],
) -> None:
    """A team run whose members answer while `connection_trouble` strikes after their fifth
    answer; then it closes. Every answer is there once, every question was shown once, one
    profile each and one for the team."""
    driver.slash_command(team.lead, ids.COMMAND, "team min 3", channel_id=team.channel)
    invitation = channel_message(standin, team.channel, JOIN)
    members = team.members[:3]
    for user in members:
        driver.click(user, message=invitation, action_id=ids.JOIN_TEAM)
    answered = threading.Barrier(len(members) + 1)

    def answer(user: str) -> None:
        for number in range(1, QUESTIONS + 1):
            pick(driver, user, question_on_screen(standin, user, number), 1 + number % 4)
            if number == 5:
                answered.wait(timeout=30)  # the trouble strikes here
                answered.wait(timeout=30)  # and is over

    threads = [threading.Thread(target=answer, args=(user,)) for user in members]
    for thread in threads:
        thread.start()
    answered.wait(timeout=30)
    before = standin.socket_mode.connections_made
    connection_trouble()
    standin.wait_for(
        lambda: standin.socket_mode.connections_made > before or None,
        description="the bot connected again",
    )
    standin.socket_mode.wait_for_connection(timeout=10)
    answered.wait(timeout=30)
    for thread in threads:
        thread.join(timeout=60)
    for user in members:
        profile_on_screen(standin, user)

    assert (
        driver.slash_command(team.lead, ids.COMMAND, "close", channel_id=team.channel).status == 200
    )
    channel_message(standin, team.channel, "Team Outcome Readiness profile")
    for user in members:
        assert answers_of(database, user) == QUESTIONS
        assert screen_counts(standin, user) == (Counter(range(1, QUESTIONS + 1)), 1)
    team_profiles = [
        m
        for m in standin.messages(team.channel)
        if standin.visible_text(m).startswith("Team Outcome Readiness profile")
    ]
    assert len(team_profiles) == 1
    assert count(database, "SELECT count(*) FROM answer WHERE revision > 1") == 0


def test_slack_refreshing_the_connection_mid_team_run_loses_and_doubles_nothing(
    standin: SlackStandIn, socket_driver: SlackDriver, team: Team, socket_bot: Running
) -> None:
    _team_run_with_a_break(
        standin,
        socket_driver,
        team,
        socket_bot.services.database,
        standin.socket_mode.request_refresh,
    )


def test_a_dropped_socket_mid_team_run_loses_and_doubles_nothing(
    standin: SlackStandIn, socket_driver: SlackDriver, team: Team, socket_bot: Running
) -> None:
    _team_run_with_a_break(
        standin,
        socket_driver,
        team,
        socket_bot.services.database,
        standin.socket_mode.drop_connections,
    )


def test_readiness_socket_runs_against_the_stand_in_unchanged(
    standin: SlackStandIn, team: Team, bot_database: Database, tmp_path: Path
) -> None:
    database_url = bot_database.url.render_as_string(hide_password=False)
    with socket_bot_process(standin, database_url=database_url, log=tmp_path / "bot.log"):
        driver = socket_driver_for(standin)
        user = team.members[0]
        driver.slash_command(user, ids.COMMAND, channel_id=team.channel)
        assert "DM" in latest_ephemeral(standin, user, team.channel)
        pick(driver, user, question_on_screen(standin, user, 1), 3)
        question_on_screen(standin, user, 2)
    assert answers_of(bot_database, user) == 1
