"""Issue 5's must-show: a signed slash command to the running HTTP bot is answered in the
stand-in; an unsigned or tampered request gets 401 and changes nothing."""

from __future__ import annotations

import json
import urllib.request

import pytest

from bot.run_modes.local import LocalBot
from standin import SlackDriver, SlackStandIn
from standin.transport import Delivery
from tests.bot_fixtures import Team


def test_a_signed_slash_command_gets_its_reply_in_slack(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    result = driver.slash_command(team.lead, "/readiness", "help", channel_id=team.channel)
    assert result.status == 200
    reply = standin.wait_for(lambda: standin.ephemerals(team.lead, team.channel))
    text = standin.visible_text(reply[-1])
    assert "/readiness team" in text and "Only you" not in text
    assert standin.messages(team.channel) == []  # nobody else saw anything


def test_an_unknown_sub_command_is_quoted_back_privately(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "frobnicate <!channel>", channel_id=team.channel)
    reply = standin.wait_for(lambda: standin.ephemerals(team.lead, team.channel))
    text = standin.visible_text(reply[-1])
    assert "I don't know `frobnicate &lt;!channel&gt;`" in text


@pytest.mark.parametrize(
    "delivery",
    [
        Delivery(signed=False),
        Delivery(wrong_secret=True),
        Delivery(tamper_after_signing=True),
        Delivery(timestamp_offset=-301),
    ],
    ids=["unsigned", "wrong-signature", "body-changed-after-signing", "five-minutes-old"],
)
def test_requests_not_signed_by_slack_are_refused_and_change_nothing(
    standin: SlackStandIn, driver: SlackDriver, team: Team, delivery: Delivery
) -> None:
    calls_before = len(standin.calls)
    result = driver.slash_command(
        team.lead, "/readiness", "team", channel_id=team.channel, delivery=delivery
    )
    assert result.status == 401
    assert len(standin.calls) == calls_before
    assert standin.messages(team.channel) == []
    assert standin.ephemerals(team.lead) == []


def test_health_endpoint_reports_the_database(bot: LocalBot) -> None:
    with urllib.request.urlopen(bot.base_url + "/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "database": "ok"}
