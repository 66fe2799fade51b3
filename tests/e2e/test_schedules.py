"""Quarterly re-assessments, reminders and history, with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from bot import ids
from standin import SlackDriver, SlackStandIn
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import (
    QUESTIONS,
    channel_message,
    latest_ephemeral,
    seen,
    take_part,
)


def _invitations(standin: SlackStandIn, team: Team) -> list[str]:
    return [
        seen(standin, m)
        for m in standin.messages(team.channel)
        if "Team Outcome Readiness assessment" in standin.visible_text(m)
    ]


def _invitations_are(standin: SlackStandIn, team: Team, count: int) -> bool:
    return len(_invitations(standin, team)) == count


def _team_profiles(standin: SlackStandIn, team: Team) -> list[str]:
    return [
        seen(standin, m)
        for m in standin.messages(team.channel)
        if "Team Outcome Readiness profile" in standin.visible_text(m)
        and "Overall:" in standin.visible_text(m)
    ]


def _profiles_are(standin: SlackStandIn, team: Team, count: int) -> bool:
    return len(_team_profiles(standin, team)) == count


def test_a_quarterly_schedule_opens_its_run_at_9am_local_time_across_a_clock_change(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    # The lead is in New York. On 10 Feb 2027 New York is on EST (UTC-5); the next quarter's
    # first Monday, 5 April 2027, is after the switch to EDT (UTC-4) on 14 March.
    clock.set(datetime(2027, 2, 10, 15, 0, tzinfo=UTC))
    driver.slash_command(team.lead, "/readiness", "schedule quarterly", channel_id=team.channel)
    confirmation = seen(standin, channel_message(standin, team.channel, "scheduled"))
    assert "quarterly on the first Monday at 09:00" in confirmation
    assert "Monday 5 April 2027 at 09:00 (America/New_York)" in confirmation

    clock.set(datetime(2027, 4, 5, 12, 59, tzinfo=UTC))  # 08:59 in New York
    driver.slash_command(team.lead, "/readiness", "status", channel_id=team.channel)
    assert "no open team assessment" in latest_ephemeral(standin, team.lead, team.channel)
    assert _invitations(standin, team) == []

    clock.set(datetime(2027, 4, 5, 13, 0, 30, tzinfo=UTC))  # 09:00:30 EDT
    invitation = standin.wait_for(lambda: _invitations(standin, team), description="the run")
    assert len(invitation) == 1 and "0 of 7 responded" in invitation[0]
    driver.slash_command(team.members[0], "/readiness", "schedule", channel_id=team.channel)
    shown = latest_ephemeral(standin, team.members[0], team.channel)
    assert "Monday 5 July 2027 at 09:00 (America/New_York)" in shown


def test_only_whoever_set_the_schedule_or_an_admin_can_change_it(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "schedule monthly", channel_id=team.channel)
    channel_message(standin, team.channel, "scheduled")
    driver.slash_command(team.members[0], "/readiness", "schedule off", channel_id=team.channel)
    assert f"Only <@{team.lead}>" in latest_ephemeral(standin, team.members[0], team.channel)
    driver.slash_command(team.admin, "/readiness", "schedule off", channel_id=team.channel)
    channel_message(standin, team.channel, "turned off this channel's schedule")


def test_reminders_reach_exactly_the_unfinished_members_and_stop_on_request(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    driver.slash_command(team.lead, "/readiness", "team closes in 4 days", channel_id=team.channel)
    channel_message(standin, team.channel, "Take the assessment")
    finisher, stopper = team.members[0], team.members[1]
    take_part(standin, driver, finisher, team.channel, [3] * QUESTIONS)
    everyone = [team.lead, team.admin, *team.members]

    def reminders(user: str) -> list[str]:
        return [seen(standin, m) for m in standin.dm(user) if "A reminder" in m.text]

    clock.advance(days=2, minutes=1)  # half way
    unfinished = [u for u in everyone if u != finisher]
    standin.wait_for(
        lambda: all(len(reminders(u)) == 1 for u in unfinished),
        description="the half-way reminders",
    )
    assert reminders(finisher) == []
    assert "is half way through" in reminders(team.lead)[0]

    stop_here = next(m for m in standin.dm(stopper) if "A reminder" in m.text)
    driver.click(stopper, message=stop_here, action_id=ids.STOP_REMINDERS)
    assert "won't send you reminders" in latest_ephemeral(
        standin, stopper, standin.dm_channel_id(stopper)
    )

    clock.advance(days=1)  # a day before close
    still = [u for u in unfinished if u != stopper]
    standin.wait_for(
        lambda: all(len(reminders(u)) == 2 for u in still), description="the last-day reminders"
    )
    assert "closes tomorrow" in reminders(team.lead)[1]
    clock.advance(hours=12)
    standin.wait_for(lambda: len(standin.calls) > 0)
    assert len(reminders(stopper)) == 1 and reminders(finisher) == []
    assert all(len(reminders(u)) == 2 for u in still)  # never more than two


def test_history_and_the_trend_in_the_second_quarter(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    clock.set(datetime(2027, 1, 1, 12, 0, tzinfo=UTC))
    driver.slash_command(team.lead, "/readiness", "schedule quarterly", channel_id=team.channel)
    channel_message(standin, team.channel, "scheduled")
    for quarter, (stage, opens) in enumerate(
        [
            (2, datetime(2027, 1, 4, 14, 1, tzinfo=UTC)),
            (3, datetime(2027, 4, 5, 13, 1, tzinfo=UTC)),
        ],
        start=1,
    ):
        clock.set(opens)
        standin.wait_for(partial(_invitations_are, standin, team, quarter))
        for user in team.members[:3]:
            take_part(standin, driver, user, team.channel, [stage] * QUESTIONS)
        clock.advance(days=7, minutes=1)  # the scheduled run's deadline
        standin.wait_for(
            partial(_profiles_are, standin, team, quarter),
            description=f"quarter {quarter}'s profile",
        )
    second = _team_profiles(standin, team)[-1]
    assert "↑ +1.0" in second

    driver.slash_command(team.members[4], "/readiness", "history", channel_id=team.channel)
    history = latest_ephemeral(standin, team.members[4], team.channel)
    assert "Stage 3 · Make it Matter" in history and "Stage 2 · Make it Stick" in history
    assert history.count("3 respondents") == 2
