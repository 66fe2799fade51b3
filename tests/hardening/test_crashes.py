"""Crashes: the bot process is killed (SIGKILL) in the middle of a team run, again and again,
and started afresh on the same database. Every answer acknowledged before a kill is there
afterwards, every respondent carries on from where they were, and nobody's DM shows a question
or a profile twice (owed steps are looked for before they are posted again). The same over
Socket Mode (`readiness socket` killed and started again: envelopes in flight at the kill are
never acked, and Slack's answer to that is the bot's next connection)."""

from __future__ import annotations

import contextlib
import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from bot import ids
from scoring import default_framework
from standin import SlackStandIn
from storage.database import Database
from tests.e2e.people import QUESTIONS, channel_message
from tests.hardening import tally
from tests.hardening.killable import KillableBot
from tests.hardening.respondents import (
    Respondent,
    answer_until,
    header,
    screen_counts,
    stages_for,
)
from tests.hardening.sizes import quick_and_full

CHANNEL = "CCRASH"


@pytest.fixture
def database_url(any_database_url: str) -> str:
    """Both databases: a killed process must lose nothing on either."""
    return any_database_url


@dataclass(frozen=True)
class Plan:
    people: int
    kills: int


@pytest.mark.parametrize("plan", quick_and_full(Plan(people=6, kills=2), Plan(people=25, kills=8)))
def test_killed_mid_run_nothing_acknowledged_is_lost(
    standin: SlackStandIn, bot_database: Database, tmp_path: Path, plan: Plan
) -> None:
    _killed_mid_run(standin, bot_database, tmp_path, plan, check="Crashes")


@pytest.mark.parametrize("any_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("plan", quick_and_full(Plan(people=4, kills=2), Plan(people=25, kills=8)))
def test_killed_mid_run_over_socket_mode_nothing_acknowledged_is_lost(
    standin: SlackStandIn, bot_database: Database, tmp_path: Path, plan: Plan
) -> None:
    _killed_mid_run(standin, bot_database, tmp_path, plan, check="Crashes (Socket Mode)")


def _killed_mid_run(
    standin: SlackStandIn, bot_database: Database, tmp_path: Path, plan: Plan, *, check: str
) -> None:
    socket_mode = check.endswith("(Socket Mode)")
    database_url = bot_database.url.render_as_string(hide_password=False)
    lead = "UCRASHLEAD"
    standin.add_user(lead, "crash-lead")
    people = [Respondent(f"UCRASH{n:03d}", stages_for(n)) for n in range(plan.people)]
    for person in people:
        standin.add_user(person.user, person.user.lower())
    standin.add_channel(CHANNEL, "crash-team", [lead, *(p.user for p in people)])
    log = tmp_path / "bot.log"
    randomly = random.Random(plan.people * 31 + plan.kills)

    bot = KillableBot(standin, database_url, log, socket_mode=socket_mode)
    driver = bot.start()
    driver.slash_command(lead, ids.COMMAND, "team min 3", channel_id=CHANNEL)
    invitation = channel_message(standin, CHANNEL, "Take the assessment")
    for person in people:
        driver.click(person.user, message=invitation, action_id=ids.JOIN_TEAM)
    for kill in range(plan.kills + 1):
        stop = threading.Event()
        threads = [
            threading.Thread(target=answer_until, args=(standin, driver, person, stop))
            for person in people
        ]
        for thread in threads:
            thread.start()
        if kill < plan.kills:
            time.sleep(randomly.uniform(0.5, 2.0))
            bot.kill()  # SIGKILL, mid-click for some
            stop.set()
        for thread in threads:
            thread.join(timeout=120)
        if kill < plan.kills:
            driver = bot.start()
    try:
        driver.slash_command(lead, ids.COMMAND, "close", channel_id=CHANNEL)
        channel_message(standin, CHANNEL, "Team Outcome Readiness profile")
        # A profile owed by a killed worker is shown by the timetable once its lease runs out
        # (2 s here), one part after another; on a loaded machine that took more than 15 s once.
        # The wait ends as soon as every profile is there, so a generous bound costs nothing.
        with contextlib.suppress(AssertionError):  # never shown: counted as lost below
            standin.wait_for(
                lambda: all(screen_counts(standin, p.user)[1] for p in people), timeout=45
            )
        time.sleep(0.5)
        with bot_database.engine.connect() as connection:
            stored = {
                (row.user_id, row.question_id): row.stage
                for row in connection.execute(
                    text(
                        "SELECT r.user_id, a.question_id, a.stage FROM answer a "
                        "JOIN response r ON r.id = a.response_id"
                    )
                )
            }
    finally:
        bot.kill()

    question_ids = [q.id for q in default_framework().questions]
    acked = sum(len(p.acked) for p in people)
    lost = duplicated = 0
    missing: list[str] = []
    for person in people:
        for number, stage in person.acked.items():
            if stored.get((person.user, question_ids[number - 1])) != stage:
                lost += 1
                missing.append(f"{person.user} q{number}")
        lost += QUESTIONS - len(person.acked)  # could not carry on to the end
        questions, profiles = screen_counts(standin, person.user)
        duplicated += sum(n - 1 for n in questions.values() if n > 1) + max(profiles - 1, 0)
        lost += profiles == 0
    team_profiles = sum(
        header(m).startswith("Team Outcome Readiness profile") for m in standin.messages(CHANNEL)
    )
    duplicated += max(team_profiles - 1, 0)
    tally.record(
        check,
        tried=acked,
        lost=lost,
        duplicated=duplicated,
        note=f"{plan.kills} SIGKILLs among {plan.people} respondents "
        f"({'SQLite' if database_url.startswith('sqlite') else 'PostgreSQL'})",
    )
    assert (lost, duplicated) == (0, 0), missing[:10]
