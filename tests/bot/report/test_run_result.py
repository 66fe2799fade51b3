"""A finished run's report data, built in one place: it says the run's own dates, the
assessment version the run was taken with, and whom it is about as Slack last named them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from bot.report import render_html
from bot.report.run_result import report_data
from flows import conversation, team
from flows.reports import run_result
from flows.services import Services
from flows.steps import Advanced, Ask, TeamProfileReady
from storage import names
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
    assert "Nov 2, 2026 · 3 respondents · framework 2025.1" in page  # opened and closed that day
    assert "<title>Team Outcome Readiness profile</title>" in page  # no names learned
    assert "framework 2025.1" in page
    assert f"framework {services.framework.version}" not in page


def test_the_page_names_the_channel_and_workspace_slack_last_gave(tmp_path: Path) -> None:
    clock = Clock()
    database = Database(sqlite_url(tmp_path / "report.db"))
    upgrade(database.engine)
    services = Services(database=database, clock=clock)
    with database.session() as session:
        names.remember(session, workspace_id=W, object_id="C1", name="cs-pod", now=clock())
        names.remember(session, workspace_id=W, object_id=W, name="Acme", now=clock())
        names.remember(session, workspace_id=W, object_id="C1", name="cs-team", now=clock())
    run_id = _closed_team_run(services)
    team_page = render_html(report_data(run_result(services, run_id=run_id)))
    own_page = render_html(report_data(run_result(services, run_id=run_id, user_id="UB")))
    database.dispose()
    assert "<title>#cs-team · Acme — Team Outcome Readiness profile</title>" in team_page
    assert "cs-pod" not in team_page  # the name Slack gave last
    assert "<title>Your Outcome Readiness profile</title>" in own_page
    assert "Your answers in the #cs-team team run · Acme · finished Nov 2, 2026" in own_page
    for someone_else in ("ULEAD", "UA", "UC"):
        assert someone_else not in own_page
