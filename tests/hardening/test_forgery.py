"""Forgery: requests Slack did not sign as they arrive — no signature, a wrong one, a body
changed after signing, a timestamp over five minutes old, or a replay of a request already
handled — get 401 and change nothing, for commands, clicks and events alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot import ids
from bot.run_modes.local import LocalBot
from standin import DriverResult, SlackDriver, SlackStandIn
from standin.transport import Delivery
from tests.bot_fixtures import Team
from tests.e2e.people import question_on_screen
from tests.hardening import tally
from tests.hardening.helpers import option_block, wait_quiet
from tests.hardening.sizes import quick_and_full
from tests.hardening.state import digest

FORGERIES = {
    "unsigned": Delivery(signed=False),
    "wrong signature": Delivery(wrong_secret=True),
    "body changed after signing": Delivery(tamper_after_signing=True),
    "over five minutes old": Delivery(timestamp_offset=-301),
}

Send = Callable[[Delivery | None], DriverResult]


def _requests(standin: SlackStandIn, driver: SlackDriver, team: Team) -> dict[str, Send]:
    """One of each kind of request Slack sends, made fresh (and valid) on every call."""
    member = team.members[0]
    asked = {"n": 1}

    def command(delivery: Delivery | None) -> DriverResult:
        return driver.slash_command(
            team.lead, ids.COMMAND, "status", channel_id=team.channel, delivery=delivery
        )

    def click(delivery: Delivery | None) -> DriverResult:
        question = question_on_screen(standin, member, asked["n"])
        result = driver.click(
            member,
            message=question,
            action_id=ids.PICK,
            block_id=option_block(question, 2),
            delivery=delivery,
        )
        if result.status == 200:
            asked["n"] += 1
        return result

    def event(delivery: Delivery | None) -> DriverResult:
        return driver.dm_message(team.members[1], "hello?", delivery=delivery)

    return {"command": command, "click": click, "event": event}


@pytest.mark.parametrize("rounds", quick_and_full(1, 15))
def test_forged_and_replayed_requests_get_401_and_change_nothing(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, rounds: int
) -> None:
    database = bot.running.services.database
    member = team.members[0]
    driver.slash_command(member, ids.COMMAND, channel_id=standin.dm_channel_id(member))
    question_on_screen(standin, member, 1)
    requests = _requests(standin, driver, team)
    tried = refused = 0
    failures: list[str] = []
    for _ in range(rounds):
        for kind, send in requests.items():
            wait_quiet(standin)
            for name, delivery in FORGERIES.items():
                before, calls = digest(database), len(standin.calls)
                result = send(delivery)
                wait_quiet(standin)
                tried += 1
                changed = digest(database) != before or len(standin.calls) != calls
                if result.status == 401 and not changed:
                    refused += 1
                else:
                    failures.append(f"{kind}, {name}: HTTP {result.status}, changed={changed}")
            handled = send(None)
            assert handled.status == 200, handled.body
            wait_quiet(standin)
            before, calls = digest(database), len(standin.calls)
            replayed = driver.transport.replay(handled)
            wait_quiet(standin)
            tried += 1
            changed = digest(database) != before or len(standin.calls) != calls
            if replayed.status == 401 and not changed:
                refused += 1
            else:
                failures.append(f"{kind}, replay: HTTP {replayed.status}, changed={changed}")
    tally.record(
        "Forgery",
        tried=tried,
        refused=refused,
        note=f"{len(requests)} request kinds × {len(FORGERIES) + 1} forgeries × {rounds}",
    )
    assert not failures, failures[:10]
