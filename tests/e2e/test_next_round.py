"""The next run starts from the plan: its invitation lists last round's commitments and what
became of them, and its team profile relates them to the change (issue 22, part 4).

The plan is saved through `flows.plans` on the bot's own database (the plan modal is tested on
its own); everything else goes through the HTTP bot and the stand-in, as people would see it.
"""

from __future__ import annotations

import re
import urllib.request
from datetime import UTC, date, datetime

from flows import plans
from flows.services import Services
from scoring import default_framework
from standin import SlackDriver, SlackStandIn
from storage.database import Database
from storage.models import CommitmentStatus
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import channel_message, profile_thread, seen, take_part

FRAMEWORK = default_framework()
ZONE = "America/New_York"
HEALTH_FIRST = "Agree with Sales what a healthy account looks like"
HEALTH_SECOND = "Put the health score in every account review"
OWN_MOVE = "Shadow two renewal calls each month"


def _stages(everywhere: int, health: int) -> list[int]:
    """One pick per question in the framework's order: `health` in Health Scoring."""
    return [health if q.dimension == "health" else everywhere for q in FRAMEWORK.questions]


def _invitations(standin: SlackStandIn, team: Team) -> list[str]:
    return [
        seen(standin, m)
        for m in standin.messages(team.channel)
        if "Team Outcome Readiness assessment" in standin.visible_text(m)
    ]


def _team_profiles(standin: SlackStandIn, team: Team) -> list[str]:
    return [
        seen(standin, m)
        for m in standin.messages(team.channel)
        if "Team Outcome Readiness profile" in standin.visible_text(m)
        and "Overall:" in standin.visible_text(m)
    ]


def _count_is(found: list[str], count: int) -> bool:
    return len(found) == count


def _plan_three_moves(
    services: Services, standin: SlackStandIn, team: Team, *, settle_first: bool = True
) -> None:
    """The lead plans two Health Scoring moves and one of the team's own; the first owner
    marks theirs done."""
    workspace_id = standin.workspace.team_id
    round_ = plans.current_round(services, workspace_id=workspace_id, channel_id=team.channel)
    saved = plans.save_plan(
        services,
        workspace_id=workspace_id,
        channel_id=team.channel,
        run_id=round_.run_id,
        user_id=round_.started_by,
        is_admin=False,
        lines=[
            plans.MoveInput(HEALTH_FIRST, "health", team.members[0], date(2027, 3, 12)),
            plans.MoveInput(HEALTH_SECOND, "health", team.members[1], date(2027, 5, 14)),
            plans.MoveInput(OWN_MOVE, None, team.members[2], date(2027, 5, 21)),
        ],
        zone=ZONE,
    )
    if settle_first:
        plans.settle(
            services,
            workspace_id=workspace_id,
            commitment_id=saved.commitments[0].id,
            user_id=team.members[0],
            is_admin=False,
            status=CommitmentStatus.DONE,
        )


def _assert_invitation_lists_the_plan(invitation: str, team: Team) -> None:
    assert "Last round you committed to:" in invitation
    assert f"✓ Done — {HEALTH_FIRST} (<@{team.members[0]}>)" in invitation
    assert f"Open, due May 14, 2027 — {HEALTH_SECOND} (<@{team.members[1]}>)" in invitation
    assert f"Open, due May 21, 2027 — {OWN_MOVE} (<@{team.members[2]}>)" in invitation


def test_a_scheduled_second_run_starts_from_the_plan_and_its_profile_relates_it(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    clock: Clock,
    bot_database: Database,
) -> None:
    services = Services(database=bot_database, clock=clock)
    clock.set(datetime(2027, 1, 1, 12, 0, tzinfo=UTC))
    driver.slash_command(team.lead, "/readiness", "schedule quarterly", channel_id=team.channel)
    channel_message(standin, team.channel, "scheduled")

    clock.set(datetime(2027, 1, 4, 14, 1, tzinfo=UTC))  # the first Monday, 09:01 in New York
    standin.wait_for(lambda: _invitations(standin, team), description="the first run")
    assert "committed" not in _invitations(standin, team)[0]  # nothing to start from yet
    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, _stages(2, health=2))
    clock.advance(days=7, minutes=1)  # the scheduled run's deadline
    standin.wait_for(lambda: _count_is(_team_profiles(standin, team), 1), description="profile 1")
    assert "committed" not in _team_profiles(standin, team)[0]

    _plan_three_moves(services, standin, team)

    clock.set(datetime(2027, 4, 5, 13, 1, tzinfo=UTC))  # next quarter's first Monday
    standin.wait_for(
        lambda: _count_is(_invitations(standin, team), 2), description="the second run"
    )
    _assert_invitation_lists_the_plan(_invitations(standin, team)[1], team)

    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, _stages(2, health=3))
    # The counter moved with each member, and the list stayed (Slack replaces a message whole).
    standin.wait_for(
        lambda: "3 of 7 responded" in _invitations(standin, team)[1], description="the counter"
    )
    _assert_invitation_lists_the_plan(_invitations(standin, team)[1], team)

    clock.advance(days=7, minutes=1)
    standin.wait_for(lambda: _count_is(_team_profiles(standin, team), 2), description="profile 2")
    second = [
        m
        for m in standin.messages(team.channel)
        if "Team Outcome Readiness profile" in standin.visible_text(m)
        and "Overall:" in standin.visible_text(m)
    ][1]
    # What was committed to, and what became of it, is in the profile's thread.
    thread = profile_thread(standin, team.channel, second)
    assert (
        "You committed to two Health Scoring moves (one done, one open); Health Scoring went "
        "from Stage 2 (2.0) to Stage 3 (3.0)." in thread
    )
    assert "You also committed to one move of your own (open)." in thread

    # The printable report has the section too, without naming anyone by a Slack id.
    found = re.search(
        r"<(http://127\.0\.0\.1:\d+/reports/[^|>]+)\|Printable report>",
        standin.visible_text(second),
    )
    assert found, "the profile links to its printable report"
    with urllib.request.urlopen(found.group(1), timeout=10) as response:
        page = response.read().decode()
    assert "What we committed to" in page
    assert HEALTH_SECOND in page and "Open, due May 14, 2027" in page and "✓ Done" in page
    assert team.members[0] not in page

    # The profile's thread names each commitment's owner.
    assert "What we committed to" in thread
    assert f"{OWN_MOVE} — _Our own move_ · Open, due May 21, 2027 · <@{team.members[2]}>" in thread


def test_a_manual_second_run_lists_last_rounds_commitments_too(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    clock: Clock,
    bot_database: Database,
) -> None:
    services = Services(database=bot_database, clock=clock)
    clock.set(datetime(2027, 1, 4, 15, 0, tzinfo=UTC))
    driver.slash_command(team.lead, "/readiness", "team closes in 5 days", channel_id=team.channel)
    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, _stages(2, health=2))
    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    standin.wait_for(lambda: _count_is(_team_profiles(standin, team), 1), description="profile")

    _plan_three_moves(services, standin, team)

    clock.advance(days=30)
    driver.slash_command(team.lead, "/readiness", "team closes in 5 days", channel_id=team.channel)
    standin.wait_for(
        lambda: _count_is(_invitations(standin, team), 2), description="the second run"
    )
    _assert_invitation_lists_the_plan(_invitations(standin, team)[1], team)
