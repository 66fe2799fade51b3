"""A person stops half-way; the bot process is killed and started again; they carry on."""

from __future__ import annotations

from pathlib import Path

from bot import ids
from standin import SlackDriver, SlackStandIn
from storage.database import Database
from storage.schema import upgrade
from tests.bot_fixtures import SIGNING_SECRET, Team
from tests.e2e.bot_process import bot_process
from tests.e2e.people import answer_all, profile_on_screen, question_on_screen


def test_a_half_finished_assessment_resumes_after_the_bot_restarts(
    standin: SlackStandIn, team: Team, tmp_path: Path, database_url: str
) -> None:
    database = Database(database_url)
    upgrade(database.engine)
    database.dispose()
    user = team.members[0]
    dm = standin.dm_channel_id(user)
    log = tmp_path / "bot.log"

    with bot_process(
        standin, database_url=database_url, signing_secret=SIGNING_SECRET, log=log
    ) as (url, _):
        driver = SlackDriver(standin, url, SIGNING_SECRET)
        driver.slash_command(user, "/readiness", channel_id=dm)
        answer_all(standin, driver, user, [3, 3, 2, 2, 3, 2])
        question_on_screen(standin, user, 7)
    # The process was killed (SIGKILL): nothing it held in memory survives.

    with bot_process(
        standin, database_url=database_url, signing_secret=SIGNING_SECRET, log=log
    ) as (url, _):
        driver = SlackDriver(standin, url, SIGNING_SECRET)
        driver.slash_command(user, "/readiness", channel_id=dm)
        offer = standin.wait_for(
            lambda: next(
                (m for m in standin.dm(user) if "9 questions left" in standin.visible_text(m)),
                None,
            ),
            timeout=10,
        )
        driver.click(user, message=offer, action_id=ids.CONTINUE)
        question_on_screen(standin, user, 7)
        answer_all(standin, driver, user, [3] * 9, start=7)
        profile = profile_on_screen(standin, user)
    assert "Your Outcome Readiness profile" in profile
    assert "Overall: Stage" in profile
    logged = log.read_text()
    assert "HTTP mode: listening" in logged
    assert standin.workspace.bot_token not in logged and SIGNING_SECRET not in logged
