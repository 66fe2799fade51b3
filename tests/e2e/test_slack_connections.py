"""The running bot keeps its connections to Slack open between Web API calls (the client side
is tested in tests/bot/outbound/test_connections.py)."""

from __future__ import annotations

from standin import SlackDriver, SlackStandIn
from tests.bot_fixtures import Team
from tests.e2e.people import answer_all, profile_on_screen


def test_a_person_answering_every_question_costs_a_few_connections_not_one_per_call(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    user = team.members[0]
    before_calls, before_connections = len(standin.calls), standin.connections
    driver.slash_command(user, "/readiness", channel_id=team.channel)
    answer_all(standin, driver, user, [2] * 15)
    profile_on_screen(standin, user)
    calls = len(standin.calls) - before_calls
    connections = standin.connections - before_connections
    assert calls > 30  # each question posted and collapsed, the profile, its chart
    # At most one connection per thread that talks to Slack: a listener thread per request
    # at worst, and the follow-up threads, each reusing its own from one call to the next.
    assert connections <= calls // 4
