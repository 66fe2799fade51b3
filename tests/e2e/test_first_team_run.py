"""A CS lead's first team runs, where they could not succeed: refused or answered privately, with
buttons for what the lead can do, and never a failure posted in front of the team."""

from __future__ import annotations

from functools import partial

from bot import ids
from standin import SlackDriver, SlackStandIn
from standin.records import Ephemeral, Message
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import QUESTIONS, channel_message, command_reply, latest_ephemeral, take_part

PAIR = "CPAIR"
INVITATION = "Team Outcome Readiness assessment"


def _buttons(reply: Ephemeral) -> list[str]:
    """The labels of the buttons on a private reply, as the person sees them."""
    return [
        element["text"]["text"]
        for block in reply.blocks
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def _newest_ephemeral(slack: SlackStandIn, user: str, channel: str) -> Ephemeral:
    return slack.ephemerals(user, channel)[-1]


def _replies(slack: SlackStandIn, user: str, channel: str) -> int:
    return len(slack.ephemerals(user, channel))


def _posted_since(slack: SlackStandIn, channel: str, before: int, words: str) -> Message | None:
    """The first message in `channel` after the first `before` that says `words`, if any."""
    return next(
        (m for m in slack.messages(channel)[before:] if words in slack.visible_text(m)), None
    )


def _says(slack: SlackStandIn, user: str, channel: str, words: str) -> bool:
    """Whether the newest private reply `user` sees in `channel` says `words`."""
    return words in slack.visible_text(_newest_ephemeral(slack, user, channel))


def test_a_team_run_in_a_channel_of_two_is_refused_privately_and_nothing_is_started(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    standin.add_channel(PAIR, "cs-pair", [team.lead, team.members[0]])
    reply = command_reply(standin, driver, team.lead, "team", channel=PAIR)
    assert "needs at least 3 people to answer" in reply
    assert "has 2 people besides me" in reply and "Nothing was started" in reply
    assert "Invite 1 more person" in reply and "/invite @name" in reply
    assert standin.messages(PAIR) == []  # the channel saw nothing
    status = command_reply(standin, driver, team.members[0], "status", channel=PAIR)
    assert "no open team assessment" in status

    # Asking for more answers than the channel has people says how to ask for fewer.
    reply = command_reply(standin, driver, team.lead, "team min 9", channel=team.channel)
    assert "has 7 people besides me" in reply and "/readiness team min 7" in reply
    assert standin.messages(team.channel) == []


def test_closing_too_early_is_answered_privately_with_buttons_that_do_what_they_say(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, ids.COMMAND, "team closes in 2 days", channel_id=team.channel)
    channel_message(standin, team.channel, INVITATION)
    take_part(standin, driver, team.members[0], team.channel, [2] * QUESTIONS)

    reply = command_reply(standin, driver, team.lead, "close", channel=team.channel)
    assert "Not yet: 1 person has finished" in reply and "needs 2 more answers" in reply
    assert "Nothing was posted in the channel" in reply
    assert "/readiness" not in reply  # buttons, not commands to type
    early = _newest_ephemeral(standin, team.lead, team.channel)
    assert _buttons(early) == ["Extend 3 days", "Cancel the run", "Keep waiting"]
    assert len(standin.messages(team.channel)) == 1  # only the invitation
    assert not any(
        f"<@{team.lead}>" in standin.visible_text(m) and "finished" in standin.visible_text(m)
        for m in standin.messages(team.channel)
    )

    # Extend: the new deadline is announced; the lead's private reply becomes what happened.
    replies_before_click = _replies(standin, team.lead, team.channel)
    result = driver.click(team.lead, message=early, action_id=ids.TEAM_EXTEND)
    assert result.status == 200, result.body
    extended = channel_message(standin, team.channel, "extended the team assessment")
    assert "Wed, Nov 4" not in standin.visible_text(extended)
    assert "Sat, Nov 7, 2026 09:00 UTC" in standin.visible_text(extended)  # 2 days + 3
    standin.wait_for(
        lambda: _says(standin, team.lead, team.channel, "extended the team assessment"),
        description="the lead's reply replaced by what the click did",
    )
    assert _replies(standin, team.lead, team.channel) == replies_before_click

    # Keep waiting on a second early close: nothing changes, nothing is posted.
    command_reply(standin, driver, team.lead, "close", channel=team.channel)
    before = len(standin.messages(team.channel))
    driver.click(
        team.lead,
        message=_newest_ephemeral(standin, team.lead, team.channel),
        action_id=ids.TEAM_KEEP_WAITING,
    )
    standin.wait_for(
        lambda: _says(standin, team.lead, team.channel, "stays open; nothing was changed"),
        description="keep waiting answered privately",
    )
    assert len(standin.messages(team.channel)) == before


def test_the_deadline_notice_buttons_are_checked_at_the_click(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    """The notice at the deadline is the channel's, so everyone sees its buttons: a member's
    click is refused to them alone, the lead's does what it says."""
    driver.slash_command(team.lead, ids.COMMAND, "team closes in 2 days", channel_id=team.channel)
    early = _open_invitation_then_close_early(standin, driver, team)
    clock.advance(days=2, minutes=1)
    notice = channel_message(standin, team.channel, "The deadline has passed")
    text = standin.visible_text(notice)
    assert "until <@ULEAD> extends or cancels it" in text and "/readiness" not in text
    assert "Only <@ULEAD>, who started it, or a workspace admin can use these buttons" in text

    member = team.members[1]
    driver.click(member, message=notice, action_id=ids.TEAM_CANCEL)
    refused = latest_ephemeral(standin, member, team.channel)
    assert f"Only <@{team.lead}>, who started this team assessment" in refused
    status = command_reply(standin, driver, member, "status", channel=team.channel)
    assert "no deadline" in status  # still open
    assert _buttons(_newest_ephemeral(standin, member, team.channel)) == []
    assert "Only <@ULEAD>, who started it, or a workspace admin can close" in status

    before = _replies(standin, team.lead, team.channel)
    driver.click(team.lead, message=notice, action_id=ids.TEAM_CANCEL)
    channel_message(standin, team.channel, "cancelled the team assessment")
    reply = latest_ephemeral(standin, team.lead, team.channel, after=before)
    assert "cancelled the team assessment" in reply
    assert standin.visible_text(notice) in {
        standin.visible_text(m) for m in standin.messages(team.channel)
    }  # the channel's notice stays as it was

    # The early close's buttons belong to a run that is over now.
    driver.click(team.lead, message=early, action_id=ids.TEAM_EXTEND)
    standin.wait_for(
        lambda: _says(standin, team.lead, team.channel, "no open team assessment"),
        description="a stale button refused",
    )


def _open_invitation_then_close_early(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> Ephemeral:
    channel_message(standin, team.channel, INVITATION)
    command_reply(standin, driver, team.lead, "close", channel=team.channel)
    return _newest_ephemeral(standin, team.lead, team.channel)


def test_status_shows_the_viewer_the_buttons_they_may_use_and_close_posts_the_profile(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    channel_message(standin, team.channel, INVITATION)
    command_reply(standin, driver, team.lead, "status", channel=team.channel)
    waiting = _newest_ephemeral(standin, team.lead, team.channel)
    assert _buttons(waiting) == ["Extend 3 days", "Cancel the run"]  # no close yet

    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, [2] * QUESTIONS)
    status = command_reply(standin, driver, team.lead, "status", channel=team.channel)
    assert "Enough people have answered" in status
    ready = _newest_ephemeral(standin, team.lead, team.channel)
    assert _buttons(ready) == [
        "Close and post the team profile",
        "Extend 3 days",
        "Cancel the run",
    ]
    command_reply(standin, driver, team.admin, "status", channel=team.channel)
    admins_view = _newest_ephemeral(standin, team.admin, team.channel)
    assert "Close and post the team profile" in _buttons(admins_view)

    driver.click(team.lead, message=ready, action_id=ids.TEAM_CLOSE)
    channel_message(standin, team.channel, "Team Outcome Readiness profile")
    standin.wait_for(
        lambda: _says(standin, team.lead, team.channel, "team profile is posted"),
        description="the lead's status replaced by what the click did",
    )


def test_a_run_can_close_on_a_day_named_in_words_or_as_a_date(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    """Monday Nov 2, 2026, 04:00 in New York, where the lead is: a day closes at its end there,
    23:59 EST, which is 04:59 UTC the next morning (Slack shows each reader their own time)."""
    closes = {
        "closes tomorrow": "Wed, Nov 4, 2026 04:59 UTC",
        "closes friday": "Sat, Nov 7, 2026 04:59 UTC",
        "closes on 12 Dec": "Sun, Dec 13, 2026 04:59 UTC",
        "closes Dec 12 min 4": "Sun, Dec 13, 2026 04:59 UTC",
        "closes 2026-12-12": "Sun, Dec 13, 2026 04:59 UTC",
    }
    for typed, shown in closes.items():
        before = len(standin.messages(team.channel))
        driver.slash_command(team.lead, ids.COMMAND, f"team {typed}", channel_id=team.channel)
        invitation = standin.wait_for(
            partial(_posted_since, standin, team.channel, before, INVITATION),
            description=f"the invitation of `team {typed}`",
        )
        assert "Closes <!date^" in standin.visible_text(invitation)
        assert f"|{shown}>" in standin.visible_text(invitation), typed
        driver.slash_command(team.lead, ids.COMMAND, "cancel", channel_id=team.channel)
        standin.wait_for(
            partial(_posted_since, standin, team.channel, before, "cancelled the team assessment"),
            description=f"the run of `team {typed}` cancelled",
        )

    runs_before = len(standin.messages(team.channel))
    passed = command_reply(standin, driver, team.lead, "team closes on 1 Nov", channel=team.channel)
    assert "Nov 1, 2026 has passed: pick a later day" in passed
    too_far = command_reply(
        standin, driver, team.lead, "team closes 2027-03-01", channel=team.channel
    )
    assert "at most 90 days, and Mar 1, 2027 is further away" in too_far
    assert len(standin.messages(team.channel)) == runs_before
