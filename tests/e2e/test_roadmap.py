"""The whole loop from baseline to roadmap, as a CS team lives it, through the HTTP bot and the
stand-in with a clock the test moves: a team run closes; the lead plans three moves with owners
and dates from the profile; the channel's canvas shows them; an owner is reminded once, three
working days before the date, and marks theirs done, and the canvas says so; the next quarter's
scheduled run opens with the commitments in its invitation, and its profile relates them to how
the team moved."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from functools import partial

from bot import ids
from scoring import default_framework
from standin import SlackDriver, SlackStandIn
from standin.records import Message
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import QUESTIONS, channel_message, seen, take_part
from tests.e2e.planning import closed_team_run, open_plan, submit_plan

FRAMEWORK = default_framework()
REMINDED = "A reminder: you took on a move"
OWN_RENEWAL_MOVE = "Call every renewal ninety days before it is due."
OWN_MOVE = "Share the team profile at the next all-hands."


def _canvas_shows(standin: SlackStandIn, channel: str, *words: str) -> str | None:
    canvas = standin.canvas(channel)
    if canvas is None or not all(w in canvas.markdown for w in words):
        return None
    return canvas.markdown


def _reminders(standin: SlackStandIn, user: str) -> list[Message]:
    return [m for m in standin.dm(user) if REMINDED in standin.visible_text(m)]


def _messages_with(
    standin: SlackStandIn, channel: str, *words: str, replies: bool = False
) -> list[str]:
    """The messages of `channel` (and its threads' replies, if `replies`) with all `words`."""
    shown = [seen(standin, m) for m in standin.messages(channel, include_replies=replies)]
    return [text for text in shown if all(w in text for w in words)]


def test_from_a_team_profile_to_a_plan_to_the_next_quarter(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    clock.set(datetime(2027, 1, 11, 15, 0, tzinfo=UTC))  # Monday 11 January, 10:00 in New York
    profile = closed_team_run(standin, driver, team)
    driver.slash_command(team.lead, ids.COMMAND, "schedule quarterly", channel_id=team.channel)
    channel_message(standin, team.channel, "scheduled")

    # The lead plans three moves from the profile: a proposed one, and two of the team's own.
    clock.advance(seconds=1)
    _, view = open_plan(standin, driver, team.lead, message=profile)
    assert view is not None
    proposal = next(
        line.removeprefix("*A.* ")
        for block in view.blocks
        for line in str(block.get("text", {}).get("text", "")).splitlines()
        if line.startswith("*A.* ")
    )
    owner, renewal_owner, own_owner = team.members[0], team.members[1], team.lead
    saved = submit_plan(
        driver,
        team.lead,
        view,
        {
            0: {"move": "A ·", "owner": owner, "due": "2027-02-26"},  # a Friday
            1: {
                "move": "Our own move on Renewal Motion",
                "words": OWN_RENEWAL_MOVE,
                "owner": renewal_owner,
                "due": "2027-03-26",
            },
            2: {
                "move": "Our own move (no dimension)",
                "words": OWN_MOVE,
                "owner": own_owner,
                "due": "2027-03-31",
            },
        },
    )
    assert saved.status == 200, saved.body

    # The channel's canvas shows the profile in words and the three moves with owners and dates.
    canvas = standin.wait_for(
        partial(_canvas_shows, standin, team.channel, OWN_RENEWAL_MOVE, OWN_MOVE),
        description="the channel's canvas with the plan",
    )
    assert "Where we stand" in canvas and "What we committed to" in canvas
    assert canvas.count("- [ ] ") == 3
    for person in (owner, renewal_owner, own_owner):
        assert f"![](@{person})" in canvas
    assert "Feb 26, 2027" in canvas and "Mar 26, 2027" in canvas
    assert proposal[:40] in canvas  # the proposal picked, word for word

    # Three working days before Friday 26 February, at 09:00 in the lead's New York: one DM.
    clock.set(datetime(2027, 2, 23, 13, 59, tzinfo=UTC))
    time.sleep(0.5)
    assert _reminders(standin, owner) == []
    clock.set(datetime(2027, 2, 23, 14, 0, tzinfo=UTC))
    reminder = standin.wait_for(
        lambda: _reminders(standin, owner), description="the owner's reminder"
    )[0]
    clock.advance(days=1)
    time.sleep(0.5)
    assert len(_reminders(standin, owner)) == 1, "one reminder per commitment and due date"

    driver.click(owner, message=reminder, action_id=ids.COMMITMENT_DONE)
    canvas = standin.wait_for(
        partial(_canvas_shows, standin, team.channel, "- [x] "),
        description="the canvas showing the move done",
    )
    assert canvas.count("- [x] ") == 1 and canvas.count("- [ ] ") == 2

    # The next quarter's run opens by itself (Monday 5 April, 09:00 in New York) and starts
    # from the plan.
    clock.set(datetime(2027, 4, 5, 13, 1, tzinfo=UTC))
    invitation = standin.wait_for(
        lambda: _messages_with(standin, team.channel, "Last round you committed to"),
        description="the second run's invitation",
    )[0]
    assert "✓ Done" in invitation and f"<@{owner}>" in invitation
    assert f"Open, due Mar 26, 2027 — {OWN_RENEWAL_MOVE} (<@{renewal_owner}>)" in invitation

    # Three members answer (higher than last time) and the run closes at its deadline: the
    # profile's thread relates the commitments to the change.
    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, [3] * QUESTIONS)
    clock.advance(days=7, minutes=1)
    related = standin.wait_for(
        lambda: _messages_with(
            standin, team.channel, "You committed to", "went from", replies=True
        ),
        description="the second profile relating the plan to the change",
    )[0]
    renewal = FRAMEWORK.dimension("renewal").name
    assert f"{renewal} went from Stage" in related
    assert f"You committed to one {renewal} move (open); {renewal} went from Stage 2" in related
    assert "You also committed to one move of your own (open)." in related

    # The canvas now shows the new profile, and the moves still open carried into this round.
    canvas = standin.wait_for(
        partial(_canvas_shows, standin, team.channel, "closed Apr 12, 2027"),
        description="the canvas showing the second profile",
    )
    assert canvas.count("- [ ] ") == 2 and canvas.count("carried over") == 2
