"""Stopping the bot as a container or a service manager does, with SIGTERM: a click already
acknowledged still gets its next question before the process ends, in both modes, and the
process ends cleanly (exit status 0). Otherwise the person would wait for another worker's
timetable, or for this one to come back, to see it."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot import ids
from standin import SlackDriver, SlackStandIn
from storage.database import Database
from tests.bot_fixtures import SIGNING_SECRET, Team, socket_driver_for
from tests.e2e.bot_process import bot_process, socket_bot_process
from tests.e2e.people import pick, question_on_screen
from tests.hardening.state import answers_of


@contextmanager
def _bot(
    mode: str, standin: SlackStandIn, database_url: str, log: Path
) -> Iterator[tuple[SlackDriver, subprocess.Popen[bytes]]]:
    """`readiness serve` or `readiness socket` as a process, and a driver acting as Slack."""
    if mode == "http":
        with bot_process(
            standin, database_url=database_url, signing_secret=SIGNING_SECRET, log=log
        ) as (url, process):
            yield SlackDriver(standin, url, SIGNING_SECRET), process
    else:
        with socket_bot_process(standin, database_url=database_url, log=log) as process:
            yield socket_driver_for(standin), process


@pytest.mark.parametrize("mode", ["http", "socket"])
def test_sigterm_finishes_the_click_in_hand_then_the_process_exits_cleanly(
    standin: SlackStandIn, team: Team, bot_database: Database, tmp_path: Path, mode: str
) -> None:
    database_url = bot_database.url.render_as_string(hide_password=False)
    log = tmp_path / "bot.log"
    user = team.members[0]
    with _bot(mode, standin, database_url, log) as (driver, process):
        driver.slash_command(user, ids.COMMAND, channel_id=team.channel)
        first = question_on_screen(standin, user, 1)
        # Slack is slow to take the next question, so it is on its way when the signal comes.
        standin.slow_down(1.5, for_seconds=10, method="chat.postMessage")
        pick(driver, user, first, 3)  # acknowledged; the next question is still to be posted
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, log.read_text()
    question_on_screen(standin, user, 2)  # posted before the process ended: nobody else can
    assert answers_of(bot_database, user) == 1
    assert "SIGTERM received" in log.read_text()
