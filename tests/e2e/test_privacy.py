"""People can delete their data; a workspace that uninstalls the app takes its data with it."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import ids
from standin import SlackDriver, SlackStandIn
from storage.database import Database
from storage.models import Answer, AssessmentRun, Response
from tests.bot_fixtures import Team
from tests.e2e.people import (
    QUESTIONS,
    answer_all,
    channel_message,
    latest_ephemeral,
    profile_on_screen,
)


def _count(database: Database, model: type) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_forget_me_asks_first_then_deletes_only_that_persons_data(
    standin: SlackStandIn, any_driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    for user in team.members[:2]:
        any_driver.slash_command(user, "/readiness", channel_id=standin.dm_channel_id(user))
        answer_all(standin, any_driver, user, [2] * QUESTIONS)
        profile_on_screen(standin, user)
    assert _count(bot_database, Answer) == 30

    leaver = team.members[0]
    any_driver.slash_command(leaver, "/readiness", "forget me", channel_id=team.channel)
    assert "Delete your Outcome Readiness data?" in latest_ephemeral(standin, leaver, team.channel)
    assert _count(bot_database, Answer) == 30  # nothing happens before the confirmation
    question = standin.ephemerals(leaver, team.channel)[-1]
    any_driver.click(leaver, message=question, action_id=ids.FORGET_CONFIRM)
    standin.wait_for(
        lambda: f"I deleted {QUESTIONS} answers" in latest_ephemeral(standin, leaver, team.channel)
    )
    assert _count(bot_database, Answer) == QUESTIONS
    with bot_database.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Response).where(Response.user_id == leaver)
            )
            == 0
        )


def test_uninstalling_deletes_the_workspaces_data(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    driver.slash_command(team.lead, "/readiness", "team", channel_id=team.channel)
    channel_message(standin, team.channel, "Take the assessment")
    assert _count(bot_database, AssessmentRun) == 1
    result = driver.app_uninstalled()
    assert result.status == 200
    standin.wait_for(
        lambda: _count(bot_database, AssessmentRun) == 0, description="the workspace's runs deleted"
    )
