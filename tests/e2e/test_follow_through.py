"""Follow-through on a channel's plan, through the HTTP bot and the stand-in with a clock the
test moves: three working days before a commitment's due date its owner gets one DM with
Done, Not yet (new date) and Drop; each answer is recorded and the DM says so; a new date gets
one reminder of its own; nothing after done or dropped, nothing for someone who said stop
reminding me, and a DM Slack refused is sent later, once.

The plan is made by calling `flows.plans.save_plan` on the bot's own services, after a real
team run closed: the plan modal is tested on its own (tests/e2e/test_plan.py)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from bot import ids
from bot.run_modes.local import LocalBot
from flows import plans
from flows.plans import CommitmentView, MoveInput
from standin import SlackDriver, SlackStandIn
from standin.records import Message
from standin.server import WAIT_SECONDS
from storage.models import CommitmentStatus
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import (
    QUESTIONS,
    channel_message,
    latest_ephemeral,
    seen,
    start_team_run,
    take_part,
)
from tests.hardening.helpers import wait_quiet

REMINDED = "A reminder: you took on a move"
LEAD_ZONE = "America/New_York"
"""The lead's zone in tests/bot_fixtures.py: reminders come at 09:00 there."""
MONDAY_15_MARCH = date(2027, 3, 15)
WEDNESDAY_9AM = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)
"""09:00 in New York (EST) three working days before Monday 15 March 2027."""
ROUND = 0.6
"""Long enough for several timetable rounds (the test bot runs one every 0.1 s)."""


def closed_team_run(standin: SlackStandIn, driver: SlackDriver, team: Team) -> None:
    """A team run with three members through, closed by the lead: its profile is posted."""
    start_team_run(standin, driver, team.lead, team.channel)
    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, [2] * QUESTIONS)
    driver.slash_command(team.lead, ids.COMMAND, "close", channel_id=team.channel)
    channel_message(standin, team.channel, "Team Outcome Readiness profile")
    wait_quiet(standin)  # its chart and full report follow in the thread


def plan(
    standin: SlackStandIn, bot: LocalBot, team: Team, moves: Sequence[tuple[str, str, date]]
) -> list[CommitmentView]:
    """The lead plans `moves` (text, owner, due date), as the plan modal would save them."""
    services = bot.running.services
    workspace_id = standin.workspace.team_id
    round_ = plans.current_round(services, workspace_id=workspace_id, channel_id=team.channel)
    saved = plans.save_plan(
        services,
        workspace_id=workspace_id,
        channel_id=team.channel,
        run_id=round_.run_id,
        user_id=team.lead,
        is_admin=False,
        lines=[MoveInput(move, None, owner, due) for move, owner, due in moves],
        zone=LEAD_ZONE,
        members=[team.lead, team.admin, *team.members],
    )
    return list(saved.commitments)


def statuses(standin: SlackStandIn, bot: LocalBot, team: Team) -> dict[str, CommitmentStatus]:
    round_ = plans.current_round(
        bot.running.services, workspace_id=standin.workspace.team_id, channel_id=team.channel
    )
    return {c.move: c.status for c in round_.commitments}


def reminders(standin: SlackStandIn, user: str) -> list[Message]:
    return [m for m in standin.dm(user) if REMINDED in standin.visible_text(m)]


def reminded_once(standin: SlackStandIn, user: str, *, timeout: float = WAIT_SECONDS) -> Message:
    found = standin.wait_for(
        lambda: reminders(standin, user), timeout=timeout, description=f"{user}'s reminder"
    )
    return found[0]


def rounds_pass() -> None:
    """Nothing is expected to happen: give the timetable time to do it anyway."""
    time.sleep(ROUND)


def dm_now(standin: SlackStandIn, user: str, message: Message) -> str:
    """The reminder as the person sees it now (after any update)."""
    current = next(m for m in standin.dm(user) if m.ts == message.ts)
    return seen(standin, current)


def buttons(message: Message) -> list[str]:
    return [
        element["action_id"]
        for block in message.blocks
        for element in block.get("elements") or []
        if isinstance(element, dict) and element.get("type") == "button"
    ]


def test_each_owner_is_reminded_once_and_their_answers_are_recorded(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))  # Monday 1 March
    closed_team_run(standin, driver, team)
    ana, bo, cy = team.members[:3]
    plan(
        standin,
        bot,
        team,
        [
            ("Agree one health score with Sales", ana, MONDAY_15_MARCH),
            ("Write the renewal playbook", bo, MONDAY_15_MARCH),
            ("Review onboarding <handoffs> & notes", cy, MONDAY_15_MARCH),
        ],
    )

    clock.set(WEDNESDAY_9AM - timedelta(minutes=1))
    rounds_pass()
    assert all(reminders(standin, user) == [] for user in (ana, bo, cy)), "not before 09:00"

    clock.set(WEDNESDAY_9AM)
    reminder = {user: reminded_once(standin, user) for user in (ana, bo, cy)}
    text = seen(standin, reminder[ana])
    assert "Agree one health score with Sales" in text
    assert f"<#{team.channel}>" in text and "due *Monday, March 15*" in text
    assert "Review onboarding <handoffs> & notes" in seen(standin, reminder[cy])  # as written
    assert buttons(reminder[ana]) == [
        ids.COMMITMENT_DONE,
        ids.COMMITMENT_NOT_YET,
        ids.COMMITMENT_DROP,
        ids.STOP_REMINDERS,
    ]
    clock.advance(hours=20)
    rounds_pass()
    assert all(len(reminders(standin, user)) == 1 for user in (ana, bo, cy)), "only one each"

    # Done: the DM says so, its buttons are gone, and the plan has it done.
    driver.click(ana, message=reminder[ana], action_id=ids.COMMITMENT_DONE)
    standin.wait_for(lambda: "Marked done" in dm_now(standin, ana, reminder[ana]))
    assert buttons(next(m for m in standin.dm(ana) if m.ts == reminder[ana].ts)) == []
    assert statuses(standin, bot, team)["Agree one health score with Sales"] is (
        CommitmentStatus.DONE
    )
    # A second click on the DM as it was on screen before: said, and nothing changes.
    driver.click(ana, message=reminder[ana], action_id=ids.COMMITMENT_DROP, as_seen=True)
    told = latest_ephemeral(standin, ana, standin.dm_channel_id(ana))
    assert "already marked done" in told and "nothing changed" in told
    assert statuses(standin, bot, team)["Agree one health score with Sales"] is (
        CommitmentStatus.DONE
    )

    # Drop.
    driver.click(cy, message=reminder[cy], action_id=ids.COMMITMENT_DROP)
    standin.wait_for(lambda: "Dropped" in dm_now(standin, cy, reminder[cy]))
    assert statuses(standin, bot, team)["Review onboarding <handoffs> & notes"] is (
        CommitmentStatus.DROPPED
    )

    # Not yet: a modal with a date a week after the due date; a past date is refused beside it.
    driver.click(bo, message=reminder[bo], action_id=ids.COMMITMENT_NOT_YET)
    modal = standin.wait_for(lambda: standin.open_views(bo))[-1]
    assert "Write the renewal playbook" in standin.visible_text(modal)
    picker = modal.blocks[-1]["element"]
    assert picker["initial_date"] == "2027-03-22"
    refused = driver.submit_view(
        bo, modal.id, {ids.NEW_DATE_BLOCK: {ids.NEW_DATE_PICK: "2027-03-01"}}
    )
    assert refused.status == 200
    beside = standin.view(modal.id)
    assert beside is not None and "after today" in beside.errors[ids.NEW_DATE_BLOCK]
    assert statuses(standin, bot, team)["Write the renewal playbook"] is CommitmentStatus.OPEN
    saved = driver.submit_view(
        bo, modal.id, {ids.NEW_DATE_BLOCK: {ids.NEW_DATE_PICK: "2027-03-29"}}
    )
    assert saved.status == 200 and not standin.open_views(bo)
    standin.wait_for(lambda: "now due *Monday, March 29*" in dm_now(standin, bo, reminder[bo]))
    assert "remind you again" in dm_now(standin, bo, reminder[bo])
    assert reminders(standin, bo) == []  # the reminder became the new date

    # The new date's own reminder: Wednesday 24 March, 09:00 in New York (now EDT).
    clock.set(datetime(2027, 3, 24, 12, 59, tzinfo=UTC))
    rounds_pass()
    assert reminders(standin, bo) == []
    clock.set(datetime(2027, 3, 24, 13, 0, tzinfo=UTC))
    again = reminded_once(standin, bo)
    assert "due *Monday, March 29*" in seen(standin, again)
    clock.advance(days=3)
    rounds_pass()
    assert len(reminders(standin, bo)) == 1
    # Nothing more for the move done or the one dropped.
    assert reminders(standin, ana) == [] and reminders(standin, cy) == []


def test_no_reminder_for_someone_who_said_stop_or_a_move_settled_before_its_date(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))
    closed_team_run(standin, driver, team)
    ana, bo = team.members[:2]
    made = plan(
        standin,
        bot,
        team,
        [
            ("First move", ana, MONDAY_15_MARCH),
            ("Second move", ana, date(2027, 3, 22)),
            ("A move done early", bo, MONDAY_15_MARCH),
        ],
    )
    plans.settle(
        bot.running.services,
        workspace_id=standin.workspace.team_id,
        commitment_id=made[2].id,
        user_id=bo,
        is_admin=False,
        status=CommitmentStatus.DONE,
    )
    clock.set(WEDNESDAY_9AM)
    first = reminded_once(standin, ana)
    driver.click(ana, message=first, action_id=ids.STOP_REMINDERS)
    assert "won't send you reminders" in latest_ephemeral(standin, ana, standin.dm_channel_id(ana))

    clock.set(datetime(2027, 3, 17, 13, 0, tzinfo=UTC))  # the second move's reminder time
    rounds_pass()
    clock.advance(days=2)
    rounds_pass()
    assert len(reminders(standin, ana)) == 1
    assert reminders(standin, bo) == []


def test_a_reminder_slack_refused_is_shown_later_once(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))
    closed_team_run(standin, driver, team)
    ana, bo = team.members[:2]
    plan(
        standin,
        bot,
        team,
        [("Ana's move", ana, MONDAY_15_MARCH), ("Bo's move", bo, MONDAY_15_MARCH)],
    )
    clock.set(WEDNESDAY_9AM - timedelta(minutes=1))
    wait_quiet(standin, settle=1.0)  # the plan shown: nothing else is posted meanwhile
    standin.fail_next(4, status=503, method="chat.postMessage")  # the first DM and its retries
    clock.set(WEDNESDAY_9AM)
    first = standin.wait_for(
        lambda: next((c for c in standin.calls if c.error == "injected"), None),
        description="the first reminder refused",
    )
    refused = ana if standin.dm_channel_id(ana) == first.args["channel"] else bo
    other = bo if refused == ana else ana
    reminded_once(standin, other, timeout=20)  # one refused DM (and its retries) holds up no other
    rounds_pass()
    assert sum(c.error == "injected" for c in standin.calls) == 4
    assert reminders(standin, refused) == []

    clock.advance(minutes=1)  # past the retry: the timetable shows what is owed
    reminded_once(standin, refused)
    clock.advance(hours=1)
    rounds_pass()
    assert len(reminders(standin, refused)) == 1 and len(reminders(standin, other)) == 1
