"""A team run from a channel: invitation, private answers, counter, close, team profile."""

from __future__ import annotations

import time
from datetime import timedelta
from functools import partial

from bot.run_modes.local import local_bot
from flows.services import Services
from scoring import default_framework, score_team
from scoring.numbers import format_score
from standin import SlackDriver, SlackStandIn
from standin.records import Message
from storage.database import Database
from tests.bot_fixtures import SIGNING_SECRET, Team, bot_settings
from tests.clock import Clock
from tests.e2e.people import (
    PROFILE_HEADER,
    QUESTIONS,
    channel_message,
    command_reply,
    dm_texts,
    latest_ephemeral,
    take_part,
)

FRAMEWORK = default_framework()
IDS = [q.id for q in FRAMEWORK.questions]


def _invitation(standin: SlackStandIn, team: Team) -> Message:
    return channel_message(standin, team.channel, "Team Outcome Readiness assessment")


def _invitation_says(standin: SlackStandIn, team: Team, words: str) -> bool:
    return words in standin.visible_text(_invitation(standin, team))


def test_team_run_from_invitation_to_team_profile(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "team closes in 5 days", channel_id=team.channel)
    invitation = standin.visible_text(_invitation(standin, team))
    assert f"<@{team.lead}> started a team assessment" in invitation
    assert "0 of 7 responded" in invitation  # everyone in the channel but the bot
    assert "Take the assessment" in invitation

    answers = {
        team.members[0]: [2] * 11 + [1, 1, 2, 2],
        team.members[1]: [3] * 11 + [4, 4, 3, 3],
        team.members[2]: [2] * 11 + [2, 3, 2, 2],
    }
    for count, (user, stages) in enumerate(answers.items(), start=1):
        take_part(standin, driver, user, team.channel, stages)
        standin.wait_for(
            partial(_invitation_says, standin, team, f"{count} of 7 responded"),
            description=f"the counter at {count}",
        )
        # Each member saw the questions privately; the channel shows counts, never names.
        assert f"Question 1 of {QUESTIONS}" not in "\n".join(
            standin.visible_text(m) for m in standin.messages(team.channel)
        )

    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    text = standin.visible_text(
        channel_message(standin, team.channel, "Team Outcome Readiness profile")
    )
    expected = score_team(
        FRAMEWORK, [dict(zip(IDS, stages, strict=True)) for stages in answers.values()]
    )
    assert "3 respondents" in text
    overall = FRAMEWORK.stage(expected.profile.stage or 0)
    assert f"Overall: Stage {overall.number} · {overall.name}" in text
    renewal = expected.spread("renewal")
    assert renewal is not None and renewal.agreement.value == "split"
    assert f"{format_score(renewal.mean)} / 4" in text
    assert "*Split:* Renewal" in text
    # Agreement and the discussion prompts are in the profile's thread.
    profile = channel_message(standin, team.channel, "Team Outcome Readiness profile")
    thread = standin.wait_for(
        lambda: (
            "\n".join(standin.visible_text(m) for m in standin.thread(team.channel, profile.ts)[1:])
            or None
        ),
        description="the profile's thread",
    )
    assert "The team is split on:* Renewal Motion" in thread
    assert "The team agrees on:" in thread
    assert FRAMEWORK.question("renewal.price_basis").prompt in thread  # a discussion prompt
    for user in answers:
        assert f"<@{user}>" not in text and f"<@{user}>" not in thread
    standin.wait_for(lambda: "Closed" in standin.visible_text(_invitation(standin, team)))
    assert "Take the assessment" not in standin.visible_text(_invitation(standin, team))


def test_closing_below_the_minimum_says_how_many_more_and_keeps_the_run_open(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "team min 3", channel_id=team.channel)
    take_part(standin, driver, team.members[0], team.channel, [3] * QUESTIONS)
    notice = command_reply(standin, driver, team.lead, "close", channel=team.channel)
    assert "needs 2 more answers" in notice and "stays open" in notice
    assert len(standin.messages(team.channel)) == 1  # only the invitation: told to the lead alone
    driver.slash_command(team.members[3], "/readiness", "status", channel_id=team.channel)
    assert "1 of 7 responded" in latest_ephemeral(standin, team.members[3], team.channel)


def test_only_the_starter_or_an_admin_can_close(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "team", channel_id=team.channel)
    _invitation(standin, team)
    driver.slash_command(team.members[1], "/readiness", "close", channel_id=team.channel)
    assert f"Only <@{team.lead}>" in latest_ephemeral(standin, team.members[1], team.channel)
    assert len(standin.messages(team.channel)) == 1  # just the invitation

    refused = command_reply(standin, driver, team.admin, "close", channel=team.channel)
    assert "needs 3 more answers" in refused
    assert len(standin.messages(team.channel)) == 1


def test_a_second_team_run_in_the_channel_points_to_the_open_one(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "team", channel_id=team.channel)
    _invitation(standin, team)
    driver.slash_command(team.members[0], "/readiness", "team", channel_id=team.channel)
    reply = latest_ephemeral(standin, team.members[0], team.channel)
    assert "already has a team assessment open" in reply
    assert len(standin.messages(team.channel)) == 1


def test_the_deadline_closes_the_run_and_posts_the_profile(
    standin: SlackStandIn, any_driver: SlackDriver, team: Team, clock: Clock
) -> None:
    any_driver.slash_command(
        team.lead, "/readiness", "team closes in 2 days", channel_id=team.channel
    )
    for user in team.members[:3]:
        take_part(standin, any_driver, user, team.channel, [2] * QUESTIONS)
    clock.advance(days=2, minutes=1)
    text = standin.visible_text(
        channel_message(standin, team.channel, "Team Outcome Readiness profile")
    )
    assert "Overall: Stage 2 · Make it Stick" in text
    # Members who finished got their own profile privately, and nobody else's.
    for user in team.members[:3]:
        mine = [t for t in dm_texts(standin, user) if t.startswith(PROFILE_HEADER)]
        assert len(mine) == 1


def test_the_starter_can_extend_or_cancel_an_open_run(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "team closes in 2 days", channel_id=team.channel)
    _invitation(standin, team)
    driver.slash_command(team.lead, "/readiness", "extend 3 days", channel_id=team.channel)
    assert "extended the team assessment" in standin.visible_text(
        channel_message(standin, team.channel, "extended")
    )
    driver.slash_command(team.members[0], "/readiness", "cancel", channel_id=team.channel)
    assert "Only <@ULEAD>" in latest_ephemeral(standin, team.members[0], team.channel)
    driver.slash_command(team.lead, "/readiness", "cancel", channel_id=team.channel)
    channel_message(standin, team.channel, "cancelled the team assessment")
    standin.wait_for(partial(_invitation_says, standin, team, "Cancelled."))
    driver.slash_command(team.lead, "/readiness", "status", channel_id=team.channel)
    assert "no open team assessment" in latest_ephemeral(standin, team.lead, team.channel)


def test_app_home_shows_the_team_runs_you_started_with_their_counters(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "team", channel_id=team.channel)
    take_part(standin, driver, team.members[0], team.channel, [2] * QUESTIONS)
    driver.open_home(team.lead)

    def started_runs() -> str | None:
        home = standin.home(team.lead)
        text = standin.visible_text(home) if home else ""
        return text if "Team assessments you started" in text else None

    text = standin.wait_for(started_runs)
    assert f"<#{team.channel}>" in text and "open · 1 person responded so far" in text


def test_a_team_profile_posted_late_still_names_the_day_its_run_closed(
    standin: SlackStandIn, bot_database: Database, team: Team, clock: Clock
) -> None:
    """Slack is down when the deadline closes the run; the timetable posts the team profile
    days later. Its chart and printable report say the run closed on the deadline's day."""
    services = Services(database=bot_database, clock=clock, resend_after=timedelta(seconds=3))
    with local_bot(bot_settings(standin), services) as bot:
        driver = SlackDriver(standin, bot.events_url, SIGNING_SECRET)
        driver.slash_command(
            team.lead, "/readiness", "team closes in 2 days", channel_id=team.channel
        )
        for user in team.members[:3]:
            take_part(standin, driver, user, team.channel, [2] * 15)
        standin.fail_for(3, status=503, method="chat.postMessage")
        clock.advance(days=2, minutes=1)  # the deadline passes: Monday 2 → Wednesday 4 Nov
        standin.wait_for(
            lambda: any(c.error == "injected" for c in standin.calls),
            description="the team profile's post refused while Slack is down",
        )
        time.sleep(3)  # Slack is back
        clock.advance(days=3)  # the timetable shows what is owed on Saturday 7 Nov
        channel_message(standin, team.channel, "Team Outcome Readiness profile")
        chart = standin.wait_for(
            lambda: next(iter(standin.files(team.channel)), None), description="the chart"
        )
    assert "Nov 2 – Nov 4, 2026" in chart.title  # opened – closed
    assert "Nov 7" not in chart.title


def test_the_below_minimum_notice_slack_refused_at_the_deadline_is_posted_once_later(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    """The run stays open without a deadline, so nothing else would say it: the notice is owed
    until it is in the channel."""

    def notices() -> list[str]:
        return [
            standin.visible_text(m)
            for m in standin.messages(team.channel)
            if "The deadline has passed" in standin.visible_text(m)
        ]

    driver.slash_command(team.lead, "/readiness", "team closes in 2 days", channel_id=team.channel)
    _invitation(standin, team)
    standin.fail_next(4, status=503, method="chat.postMessage")  # the notice and its retries
    clock.advance(days=2, minutes=1)
    standin.wait_for(
        lambda: sum(c.error == "injected" for c in standin.calls) == 4,
        timeout=20,
        description="the notice refused, retries and all",
    )
    time.sleep(0.5)
    assert notices() == []

    clock.advance(minutes=1)  # owed again ten seconds on
    standin.wait_for(notices, description="the notice, posted by the timetable")
    clock.advance(hours=1)
    time.sleep(1)  # several timetable rounds: anything owed twice would be posted by now
    (notice,) = notices()
    assert "only 0 people have finished" in notice and "needs 3 more answers" in notice
    driver.slash_command(team.lead, "/readiness", "status", channel_id=team.channel)
    assert "no deadline" in latest_ephemeral(standin, team.lead, team.channel)
