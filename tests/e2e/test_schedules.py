"""Quarterly re-assessments, reminders and history, with a clock the test moves."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
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


def _lead_schedules(standin: SlackStandIn, driver: SlackDriver, team: Team, command: str) -> str:
    """The team's lead types `/readiness <command>` in its channel; the confirmation, as seen."""
    driver.slash_command(team.lead, "/readiness", command, channel_id=team.channel)
    return seen(standin, channel_message(standin, team.channel, "scheduled"))


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
    standin: SlackStandIn, any_driver: SlackDriver, team: Team, clock: Clock
) -> None:
    # The lead is in New York. On 10 Feb 2027 New York is on EST (UTC-5); the next quarter's
    # first Monday, 5 April 2027, is after the switch to EDT (UTC-4) on 14 March.
    clock.set(datetime(2027, 2, 10, 15, 0, tzinfo=UTC))
    confirmation = _lead_schedules(standin, any_driver, team, "schedule quarterly")
    assert "quarterly on the first Monday at 09:00" in confirmation
    assert "Monday, April 5, 2027 at 09:00 (America/New_York)" in confirmation

    clock.set(datetime(2027, 4, 5, 12, 59, tzinfo=UTC))  # 08:59 in New York
    any_driver.slash_command(team.lead, "/readiness", "status", channel_id=team.channel)
    assert "no open team assessment" in latest_ephemeral(standin, team.lead, team.channel)
    assert _invitations(standin, team) == []

    clock.set(datetime(2027, 4, 5, 13, 0, 30, tzinfo=UTC))  # 09:00:30 EDT
    invitation = standin.wait_for(lambda: _invitations(standin, team), description="the run")
    assert len(invitation) == 1 and "0 of 7 responded" in invitation[0]
    any_driver.slash_command(team.members[0], "/readiness", "schedule", channel_id=team.channel)
    shown = latest_ephemeral(standin, team.members[0], team.channel)
    assert "Monday, July 5, 2027 at 09:00 (America/New_York)" in shown


def test_only_whoever_set_the_schedule_or_an_admin_can_change_it(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    _lead_schedules(standin, driver, team, "schedule monthly")
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
    _lead_schedules(standin, driver, team, "schedule quarterly")
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


def _save_default_deadline(
    standin: SlackStandIn, driver: SlackDriver, team: Team, days: int
) -> None:
    """An admin picks the workspace's default deadline in the settings modal."""
    driver.slash_command(team.admin, "/readiness", "settings", channel_id=team.channel)
    view = standin.wait_for(lambda: standin.open_views(team.admin))[-1]
    result = driver.submit_view(
        team.admin,
        view.id,
        {
            ids.SETTINGS_MINIMUM: {ids.SETTINGS_CHOICE: "3"},
            ids.SETTINGS_DAYS: {ids.SETTINGS_CHOICE: str(days)},
            ids.SETTINGS_STARTERS: {ids.SETTINGS_CHOICE: "anyone"},
            ids.SETTINGS_PEOPLE: {ids.SETTINGS_CHOICE: []},
        },
    )
    assert result.status == 200
    standin.wait_for(lambda: any(f"{days} days" in m.text for m in standin.dm(team.admin)))


def test_a_monthly_schedule_with_a_45_day_default_opens_every_monthly_slot(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    """The settings modal offers defaults longer than a month; a monthly run that took one
    would still be open at the next slot, which would then be skipped. Each run closes before
    the next slot instead, and the schedule's confirmation says so."""
    clock.set(datetime(2027, 1, 10, 15, 0, tzinfo=UTC))
    _save_default_deadline(standin, driver, team, 45)
    confirmation = _lead_schedules(standin, driver, team, "schedule monthly")
    assert "Monday, February 1, 2027 at 09:00 (America/New_York)" in confirmation
    assert "stays open 27 days" in confirmation
    assert "not the workspace's default of 45 days" in confirmation

    # The first Mondays of February, March (four weeks on: the tightest gap) and April 2027.
    slots = [
        datetime(2027, 2, 1, 14, 1, tzinfo=UTC),
        datetime(2027, 3, 1, 14, 1, tzinfo=UTC),
        datetime(2027, 4, 5, 13, 1, tzinfo=UTC),
    ]
    for number, opens in enumerate(slots, start=1):
        if number > 1:  # an hour before the slot, the previous run has closed at its deadline
            clock.set(opens - timedelta(hours=1))
            standin.wait_for(
                partial(_profiles_are, standin, team, number - 1),
                description=f"the team profile of run {number - 1}",
            )
        clock.set(opens)
        standin.wait_for(
            partial(_invitations_are, standin, team, number), description=f"run {number}"
        )
        for user in team.members[:3]:
            take_part(standin, driver, user, team.channel, [2] * QUESTIONS)
    assert not [
        m for m in standin.messages(team.channel) if "still open" in standin.visible_text(m)
    ]
    feb = next(
        m
        for m in standin.messages(team.channel)
        if "Team Outcome Readiness assessment" in standin.visible_text(m)
    )
    # Closed now, it no longer shows its deadline; while it was open, it did.
    assert "Closed" in standin.visible_text(feb) and "Closes" not in standin.visible_text(feb)
    while_open = standin.visible_text({"text": feb.edits[0].text, "blocks": feb.edits[0].blocks})
    assert "Sun, Feb 28, 2027" in while_open  # 27 days after 1 February


def test_a_skipped_slot_names_the_next_slot_not_the_one_just_passed(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    clock.set(datetime(2027, 1, 10, 15, 0, tzinfo=UTC))
    _lead_schedules(standin, driver, team, "schedule monthly")
    clock.set(datetime(2027, 2, 1, 14, 1, tzinfo=UTC))
    standin.wait_for(partial(_invitations_are, standin, team, 1))
    clock.set(datetime(2027, 2, 8, 14, 2, tzinfo=UTC))  # its deadline: nobody has answered
    channel_message(standin, team.channel, "The deadline has passed, but only 0 people")

    clock.set(datetime(2027, 3, 1, 14, 1, tzinfo=UTC))  # still open: this slot is skipped
    skipped = seen(standin, channel_message(standin, team.channel, "still open"))
    assert "the next scheduled one opens Monday, April 5, 2027 at 09:00 (America/New_York)" in (
        skipped
    )
    assert "1 March" not in skipped
    assert _invitations_are(standin, team, 1)


def _monthly_then_shrunk_to_two(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> list[str]:
    """The lead schedules a monthly run in January; then all but two leave the channel (too few
    for a team profile). Returns who left."""
    clock.set(datetime(2027, 1, 10, 15, 0, tzinfo=UTC))
    _lead_schedules(standin, driver, team, "schedule monthly")
    leaving = [team.admin, *team.members[1:]]
    standin.remove_members(team.channel, *leaving)
    return leaving


def _skip_notices(standin: SlackStandIn, team: Team) -> list[str]:
    """The channel's notices that a slot was skipped as too small, as seen."""
    return [
        seen(standin, m) for m in standin.messages(team.channel) if "this one was skipped" in m.text
    ]


def test_a_slot_that_finds_the_channel_too_small_starts_nothing_and_says_what_to_do(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    leaving = _monthly_then_shrunk_to_two(standin, driver, team, clock)

    clock.set(datetime(2027, 2, 1, 14, 1, tzinfo=UTC))
    said = seen(standin, channel_message(standin, team.channel, "this one was skipped"))
    assert "this channel has only 2 people besides me" in said
    assert "a team profile needs at least 3" in said
    assert "Invite at least 1 more person" in said
    assert "the next one, which opens Monday, March 1, 2027 at 09:00 (America/New_York)" in said
    driver.slash_command(team.lead, "/readiness", "status", channel_id=team.channel)
    assert "no open team assessment" in latest_ephemeral(standin, team.lead, team.channel)
    assert _invitations_are(standin, team, 0)

    standin.add_members(team.channel, *leaving)  # back to full strength: the next slot opens
    clock.set(datetime(2027, 3, 1, 14, 1, tzinfo=UTC))
    standin.wait_for(partial(_invitations_are, standin, team, 1), description="March's run")
    assert len(_skip_notices(standin, team)) == 1


def test_a_skip_notice_slack_refuses_is_posted_later_and_only_once(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    _monthly_then_shrunk_to_two(standin, driver, team, clock)
    standin.fail_next(4, status=503, method="chat.postMessage")  # the notice and its retries

    clock.set(datetime(2027, 2, 1, 14, 1, tzinfo=UTC))
    standin.wait_for(
        lambda: sum(c.error == "injected" for c in standin.calls) == 4,
        description="the notice refused",
    )
    assert _skip_notices(standin, team) == []
    clock.advance(minutes=1)  # owed again ten seconds on
    said = seen(standin, channel_message(standin, team.channel, "this one was skipped"))
    assert "this channel has only 2 people besides me" in said
    assert "the next one, which opens Monday, March 1, 2027" in said
    clock.advance(hours=3)
    time.sleep(1)  # several timetable rounds: anything owed twice would be posted by now
    assert len(_skip_notices(standin, team)) == 1


def test_a_schedule_set_in_a_channel_too_small_for_its_runs_says_so_at_once(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    clock.set(datetime(2027, 1, 10, 15, 0, tzinfo=UTC))
    standin.add_channel("CPAIR", "cs-pair", [team.lead, team.members[0]])
    driver.slash_command(team.lead, "/readiness", "schedule monthly", channel_id="CPAIR")
    confirmation = seen(standin, channel_message(standin, "CPAIR", "scheduled"))
    assert "The next one opens *Monday, February 1, 2027 at 09:00" in confirmation
    assert "This channel has only 2 people besides me today: invite at least 1 more" in (
        confirmation
    )
    # A channel big enough gets no such warning.
    assert "besides me today" not in _lead_schedules(standin, driver, team, "schedule monthly")


def _reminders_of(standin: SlackStandIn, user: str) -> list[str]:
    return [seen(standin, m) for m in standin.dm(user) if "A reminder" in m.text]


def test_a_reminder_slack_refuses_stops_no_one_else_and_is_sent_once_later(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    driver.slash_command(team.lead, "/readiness", "team closes in 4 days", channel_id=team.channel)
    channel_message(standin, team.channel, "Take the assessment")
    everyone = [team.lead, team.admin, *team.members]
    standin.fail_next(4, status=503, method="chat.postMessage")  # the first DM and its retries
    clock.advance(days=2, minutes=1)  # half way
    first = standin.wait_for(
        lambda: next((c for c in standin.calls if c.error == "injected"), None),
        description="the first reminder refused",
    )
    refused = next(u for u in everyone if standin.dm_channel_id(u) == first.args["channel"])
    others = [u for u in everyone if u != refused]
    standin.wait_for(
        lambda: all(len(_reminders_of(standin, u)) == 1 for u in others),
        timeout=20,
        description="everyone else's reminder",
    )
    assert _reminders_of(standin, refused) == []
    assert sum(c.error == "injected" for c in standin.calls) == 4

    clock.advance(minutes=1)  # the refused one is owed again ten seconds on
    standin.wait_for(
        lambda: len(_reminders_of(standin, refused)) == 1, description="the refused reminder"
    )
    clock.advance(hours=3)
    time.sleep(1)  # several timetable rounds: anything owed twice would be sent by now
    assert all(len(_reminders_of(standin, u)) == 1 for u in everyone)
    assert "is half way through" in _reminders_of(standin, refused)[0]
