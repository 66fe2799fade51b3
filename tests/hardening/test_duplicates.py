"""Duplicates: Slack's redeliveries (X-Slack-Retry-Num 1–3, arriving while the first delivery is
still being handled) and people's double clicks record one answer and show one next question —
nobody's DM ever shows a message twice. On SQLite and PostgreSQL, where two clicks really race.
Over Socket Mode too: there Slack sends an envelope again (`retry_attempt`) when it did not see
its ack, and a click sent twice is two envelopes with the same payload.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from functools import partial

import pytest

from bot import ids
from bot.run_modes import answering
from bot.run_modes.local import LocalBot
from bot.run_modes.start import Running
from standin import DriverResult, SlackDriver, SlackStandIn
from storage.database import Database
from tests.bot_fixtures import Team
from tests.e2e.people import PROFILE_HEADER, QUESTIONS
from tests.hardening import tally
from tests.hardening.helpers import option_block, wait_quiet
from tests.hardening.sizes import quick_and_full
from tests.hardening.state import count

QUESTION = re.compile(rf"Question (\d+) of {QUESTIONS}")
SLOW = 0.25
"""Slack answers this late meanwhile, so redeliveries land while the first is still at work."""


@pytest.fixture
def database_url(any_database_url: str) -> str:
    """Both databases, where two clicks really race."""
    return any_database_url


def _at_once(*sends: Callable[[], DriverResult]) -> list[DriverResult]:
    results: list[DriverResult | None] = [None] * len(sends)

    def run(index: int) -> None:
        results[index] = sends[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sends))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(r is not None for r in results), "a delivery never came back"
    return [r for r in results if r is not None]


def _redelivered(driver: SlackDriver, first: Callable[[], DriverResult]) -> int:
    """The first delivery, then Slack's three retries of it while it is still being handled;
    returns how many deliveries were made. Every one must be acknowledged."""
    original = first()
    assert original.status == 200, original.body

    reason = "http_timeout" if driver.over_http else "timeout"

    def retry(number: int) -> Callable[[], DriverResult]:
        return lambda: driver.redeliver(original, retry_num=number, reason=reason)

    retries = _at_once(retry(1), retry(2), retry(3))
    assert [r.status for r in retries] == [200, 200, 200], [r.body for r in retries]
    return 1 + len(retries)


def _dm_counts(standin: SlackStandIn, user: str) -> tuple[Counter[int], int, int]:
    """(question messages by number, profiles, other bot replies) in the person's DM."""
    questions: Counter[int] = Counter()
    profiles = replies = 0
    for message in standin.dm(user):
        if message.user != standin.workspace.bot_user_id or message.is_reply:
            continue
        text = standin.visible_text(message)
        found = QUESTION.search(text)
        if found:
            questions[int(found.group(1))] += 1
        elif text.startswith(PROFILE_HEADER):
            profiles += 1
        elif "radar chart" not in text:
            replies += 1
    return questions, profiles, replies


@pytest.mark.parametrize("people", quick_and_full(1, 5))
def test_redeliveries_and_double_clicks_count_once(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, people: int
) -> None:
    _count_once(standin, driver, team, bot.running.services.database, people, "Duplicates")


@pytest.mark.parametrize("any_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("people", quick_and_full(1, 5))
def test_redeliveries_and_double_clicks_over_socket_mode_count_once(
    standin: SlackStandIn, socket_driver: SlackDriver, team: Team, socket_bot: Running, people: int
) -> None:
    database = socket_bot.services.database
    _count_once(standin, socket_driver, team, database, people, "Duplicates (Socket Mode)")


def _count_once(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    database: Database,
    people: int,
    check: str,
) -> None:
    standin.slow_down(SLOW, for_seconds=3600, method="chat.postMessage")
    standin.slow_down(SLOW, for_seconds=3600, method="chat.update")
    tried = duplicated = lost = 0
    members = team.members[:people]
    for user in members:
        dm = standin.dm_channel_id(user)
        tried += _redelivered(
            driver, partial(driver.slash_command, user, ids.COMMAND, channel_id=dm)
        )
        for number in range(1, QUESTIONS + 1):
            question = answering.question_on_screen(standin, user, number, QUESTIONS, timeout=15)
            click = partial(
                driver.click,
                user,
                message=question,
                action_id=ids.PICK,
                block_id=option_block(question, 1 + (number + len(user)) % 4),
                as_seen=True,
            )
            tried += _redelivered(driver, click)
            tried += len(_at_once(click, click))  # a double (triple) click, racing
        wait_quiet(standin, settle=SLOW + 0.5, timeout=60)
        # The person writes in the DM; the event comes back three times while Slack is slow.
        tried += _redelivered(driver, partial(driver.dm_message, user, "done?"))
    wait_quiet(standin, settle=SLOW + 0.5, timeout=60)

    answers = count(database, "SELECT count(*) FROM answer")
    changed = count(database, "SELECT count(*) FROM answer WHERE revision > 1")
    expected = QUESTIONS * len(members)
    lost += max(expected - answers, 0)
    duplicated += max(answers - expected, 0) + changed
    for user in members:
        questions, profiles, replies = _dm_counts(standin, user)
        duplicated += sum(n - 1 for n in questions.values() if n > 1) + max(profiles - 1, 0)
        duplicated += max(replies - 1, 0)  # one welcome back after the "done?" message
        lost += sum(1 for n in range(1, QUESTIONS + 1) if questions[n] == 0) + (profiles == 0)
    tally.record(
        check,
        tried=tried,
        lost=lost,
        duplicated=duplicated,
        note=f"{database.engine.dialect.name}: {len(members)} × {QUESTIONS} answers, "
        "each delivered 4× and clicked 2× more",
    )
    assert (lost, duplicated) == (0, 0)
