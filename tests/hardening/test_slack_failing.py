"""Slack failing: the stand-in answers 429 with Retry-After, then 5xx, for a while. Clicks made
meanwhile are still acknowledged and their answers saved; once Slack is back each person gets
their next question, and nothing is posted twice."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import pytest

from bot import ids
from bot.run_modes.local import LocalBot, local_bot
from flows.services import Services
from standin import SlackDriver, SlackStandIn
from storage.database import Database
from tests.bot_fixtures import SIGNING_SECRET, bot_settings
from tests.e2e.people import QUESTIONS
from tests.hardening import tally
from tests.hardening.respondents import Respondent, answer_until, screen_counts, stages_for
from tests.hardening.sizes import quick_and_full
from tests.hardening.state import count

RESEND_AFTER = timedelta(seconds=3)


@dataclass(frozen=True)
class Outage:
    people: int
    rate_limited: float
    """Seconds of 429s (Retry-After: 1) at the start of the outage."""
    down: float
    """Seconds of 5xx after that."""


def _profiles(standin: SlackStandIn, user: str) -> int:
    return screen_counts(standin, user)[1]


@pytest.fixture
def live_bot(standin: SlackStandIn, bot_database: Database) -> Iterator[LocalBot]:
    """The bot on the real clock: owed steps come due while the test waits for Slack."""
    services = Services(database=bot_database, resend_after=RESEND_AFTER)
    with local_bot(bot_settings(standin, deadline_check_seconds=0.2), services) as running:
        yield running


@pytest.mark.parametrize(
    "outage",
    quick_and_full(
        Outage(people=4, rate_limited=2, down=4), Outage(people=20, rate_limited=5, down=20)
    ),
)
def test_answers_outlive_an_outage_and_nothing_is_posted_twice(
    standin: SlackStandIn, live_bot: LocalBot, outage: Outage
) -> None:
    driver = SlackDriver(standin, live_bot.events_url, SIGNING_SECRET)
    people = [Respondent(f"UDOWN{n:03d}", stages_for(n)) for n in range(outage.people)]
    for person in people:
        standin.add_user(person.user, person.user.lower())
        dm = standin.dm_channel_id(person.user)
        driver.slash_command(person.user, ids.COMMAND, channel_id=dm)
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=answer_until,
            args=(standin, driver, person, stop),
            kwargs={"patience": 90, "think": 0.5},  # reading the question first
        )
        for person in people
    ]
    for thread in threads:
        thread.start()
    standin.wait_for(lambda: all(len(p.acked) >= 2 for p in people), timeout=30)
    standin.fail_for(outage.rate_limited, status=429, retry_after=1)  # then Slack goes down
    standin.fail_for(outage.rate_limited + outage.down, status=503)
    before = sum(len(p.acked) for p in people)
    time.sleep(outage.rate_limited + outage.down)
    during = sum(len(p.acked) for p in people) - before
    for thread in threads:
        thread.join(timeout=240)
    refused_clicks = sum(1 for c in standin.calls if c.error == "injected")

    database = live_bot.running.services.database
    acked = sum(len(p.acked) for p in people)
    stored = count(database, "SELECT count(*) FROM answer")
    lost = sum(QUESTIONS - len(p.acked) for p in people) + max(acked - stored, 0)
    duplicated = max(stored - acked, 0)
    for person in people:
        with contextlib.suppress(AssertionError):  # never shown: counted as lost below
            standin.wait_for(partial(_profiles, standin, person.user), timeout=60)
        questions, profiles = screen_counts(standin, person.user)
        duplicated += sum(n - 1 for n in questions.values() if n > 1) + max(profiles - 1, 0)
        lost += profiles == 0
    tally.record(
        "Slack failing",
        tried=acked,
        lost=lost,
        duplicated=duplicated,
        note=f"{outage.rate_limited:g} s of 429 then {outage.down:g} s of 503 "
        f"({refused_clicks} Web API calls refused, {during} answers given meanwhile) while "
        f"{outage.people} people answered",
    )
    assert during > 0, "nobody answered during the outage"
    assert (lost, duplicated) == (0, 0)
