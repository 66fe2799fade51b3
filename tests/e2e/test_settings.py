"""Workspace admins choose the minimum, the default deadline and who may start runs."""

from __future__ import annotations

from bot import ids
from standin import SlackDriver, SlackStandIn
from tests.bot_fixtures import Team
from tests.e2e.people import channel_message, latest_ephemeral, seen


def test_admins_restrict_who_starts_runs_and_raise_the_minimum(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.members[0], "/readiness", "settings", channel_id=team.channel)
    assert "Only workspace admins" in latest_ephemeral(standin, team.members[0], team.channel)
    assert standin.open_views(team.members[0]) == []

    driver.slash_command(team.admin, "/readiness", "settings", channel_id=team.channel)
    view = standin.wait_for(lambda: standin.open_views(team.admin))[-1]
    assert "Minimum respondents for a team profile" in seen(standin, view)
    result = driver.submit_view(
        team.admin,
        view.id,
        {
            ids.SETTINGS_MINIMUM: {ids.SETTINGS_CHOICE: "4"},
            ids.SETTINGS_DAYS: {ids.SETTINGS_CHOICE: "10"},
            ids.SETTINGS_STARTERS: {ids.SETTINGS_CHOICE: "admins"},
            ids.SETTINGS_PEOPLE: {ids.SETTINGS_CHOICE: [team.lead]},
        },
    )
    assert result.status == 200
    saved = standin.wait_for(
        lambda: next((seen(standin, m) for m in standin.dm(team.admin) if "saved" in m.text), None)
    )
    assert "at least 4 respondents" in saved and "10 days" in saved

    driver.slash_command(team.members[1], "/readiness", "team", channel_id=team.channel)
    assert "only admins and the people they named" in latest_ephemeral(
        standin, team.members[1], team.channel
    )
    driver.slash_command(team.lead, "/readiness", "team min 3", channel_id=team.channel)
    assert "at least 4 respondents" in latest_ephemeral(standin, team.lead, team.channel)
    driver.slash_command(team.lead, "/readiness", "team", channel_id=team.channel)
    invitation = seen(standin, channel_message(standin, team.channel, "Take the assessment"))
    assert "once at least 4 people have answered" in invitation
