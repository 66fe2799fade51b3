"""A finished run's report data, built in one place: it says the run's own closing day and the
assessment version the run was taken with."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from bot.report import render_html
from bot.report.run_result import report_data
from flows import conversation, team
from flows.reports import run_result
from flows.services import Services
from flows.steps import Advanced, Ask, TeamProfileReady
from storage.database import Database, sqlite_url
from storage.models import AssessmentRun
from storage.schema import upgrade
from tests.clock import Clock
from tests.picks import shown_for

W = "T1"


def _closed_team_run(services: Services) -> str:
    progress = team.start_team_run(
        services,
        workspace_id=W,
        channel_id="C1",
        started_by="ULEAD",
        closes_in=None,
        min_respondents=3,
        invited=5,
    )
    for member in ("UA", "UB", "UC"):
        ask: Ask | None = team.join_team_run(
            services, workspace_id=W, user_id=member, run_id=progress.run_id, dm_channel_id="D"
        )
        while ask is not None:
            step = conversation.answer(
                services,
                workspace_id=W,
                user_id=member,
                response_id=ask.response_id,
                question_id=ask.question.id,
                shown=shown_for(ask, 2),
                message_ts=None,
            )
            assert isinstance(step, Advanced)
            ask = step.next if isinstance(step.next, Ask) else None
    closed = team.close_team_run(
        services, workspace_id=W, channel_id="C1", user_id="ULEAD", is_admin=False
    )
    assert isinstance(closed, TeamProfileReady)
    return progress.run_id


def test_the_printable_page_names_the_closing_day_and_the_runs_own_version(
    tmp_path: Path,
) -> None:
    clock = Clock()
    database = Database(sqlite_url(tmp_path / "report.db"))
    upgrade(database.engine)
    services = Services(database=database, clock=clock)
    run_id = _closed_team_run(services)
    with database.session() as session:  # as if taken with an earlier version of the questions
        session.execute(
            update(AssessmentRun)
            .where(AssessmentRun.id == run_id)
            .values(framework_version="2025.1")
        )
    clock.advance(days=30)  # asked for a month later
    page = render_html(report_data(run_result(services, run_id=run_id)))
    database.dispose()
    assert "3 respondents · closed 02 Nov 2026" in page
    assert "framework 2025.1" in page
    assert f"framework {services.framework.version}" not in page
