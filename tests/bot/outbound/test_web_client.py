"""The bot's Web API client against the stand-in: slack_sdk's retries ride out a short outage,
but never past the lease on a step, where the timetable would show it a second time.

Found by the full hardening run: with a short lease, a question being retried through 429s and
503s was posted by the timetable as well, and the retry then succeeded too.
"""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError

from bot.outbound.web_client import finishing_by
from standin import SlackStandIn
from tests.bot.outbound.clients import client_posting_to

CHANNEL = "CWEBCLIENT"


def _attempts(standin: SlackStandIn) -> int:
    return sum(1 for call in standin.calls if call.method == "chat.postMessage")


def test_a_call_rides_out_a_short_outage(standin: SlackStandIn) -> None:
    client = client_posting_to(standin, CHANNEL)
    standin.fail_for(1.5, status=429, retry_after=1)
    posted = client.chat_postMessage(channel=CHANNEL, text="hello")
    assert posted["ok"]
    assert _attempts(standin) >= 2


def test_a_retry_that_could_outlive_the_lease_is_not_made(standin: SlackStandIn) -> None:
    client = client_posting_to(standin, CHANNEL)
    standin.fail_for(1.5, status=429, retry_after=1)
    with (
        finishing_by(time.monotonic() + 5),  # less than a wait and a whole request timeout
        pytest.raises(SlackApiError) as refused,
    ):
        client.chat_postMessage(channel=CHANNEL, text="hello")
    assert refused.value.response.status_code == 429
    assert _attempts(standin) == 1


def test_a_retry_that_fits_the_lease_is_made(standin: SlackStandIn) -> None:
    client = client_posting_to(standin, CHANNEL)
    standin.fail_for(1.5, status=503)
    with finishing_by(time.monotonic() + 60):
        posted = client.chat_postMessage(channel=CHANNEL, text="hello")
    assert posted["ok"]
    assert _attempts(standin) >= 2
