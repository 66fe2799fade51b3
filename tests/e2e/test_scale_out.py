"""Several bot processes on one PostgreSQL database: each due slot opens exactly one run."""

from __future__ import annotations

import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from flows import schedules
from flows.commands import ScheduleSet, parse_command
from flows.services import Services
from standin import SlackStandIn
from storage.database import Database
from storage.models import AssessmentRun, Schedule
from storage.schema import upgrade
from tests.bot_fixtures import SIGNING_SECRET, Team
from tests.e2e.bot_process import bot_process

WORKERS = 3


def _schedule(database: Database, workspace: str, channel: str, user: str, due: datetime) -> None:
    parsed = parse_command("schedule quarterly")
    assert isinstance(parsed, ScheduleSet)
    schedules.set_schedule(
        Services(database=database),
        workspace_id=workspace,
        channel_id=channel,
        user_id=user,
        is_admin=False,
        timezone="Europe/London",
        rule=parsed.rule,
        closes_in=None,
        min_respondents=None,
    )
    with database.session() as session:
        session.execute(
            update(Schedule).where(Schedule.channel_id == channel).values(next_due_at=due)
        )


def _runs_in(database: Database, channel: str) -> int:
    with database.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AssessmentRun)
                .where(AssessmentRun.channel_id == channel)
            )
            or 0
        )


def _invitations(standin: SlackStandIn, channel: str) -> int:
    return sum(
        "Team Outcome Readiness assessment" in standin.visible_text(m)
        for m in standin.messages(channel)
    )


def test_three_workers_open_exactly_one_run_per_due_slot_including_a_long_missed_one(
    standin: SlackStandIn, team: Team, postgres_schema_url: str, tmp_path: Path
) -> None:
    database = Database(postgres_schema_url)
    upgrade(database.engine)
    workspace = standin.workspace.team_id
    standin.add_channel("CSOON", "cs-emea", [team.lead, *team.members])
    # One channel's slots were all missed while no bot ran (three quarters ago and since);
    # the other's slot comes while all three workers are running.
    _schedule(database, workspace, team.channel, team.lead, datetime.now(UTC) - timedelta(days=270))
    _schedule(database, workspace, "CSOON", team.lead, datetime.now(UTC) + timedelta(seconds=3))

    with ExitStack() as workers:
        for number in range(WORKERS):
            workers.enter_context(
                bot_process(
                    standin,
                    database_url=postgres_schema_url,
                    signing_secret=SIGNING_SECRET,
                    log=tmp_path / f"worker-{number}.log",
                    extra_env={"READINESS_DEADLINE_CHECK_SECONDS": "0.1"},
                )
            )
        standin.wait_for(
            lambda: _invitations(standin, team.channel) and _invitations(standin, "CSOON"),
            timeout=20,
            description="both scheduled runs announced",
        )
        time.sleep(1.5)  # many more ticks of every worker, each free to (wrongly) open another

    assert (_runs_in(database, team.channel), _runs_in(database, "CSOON")) == (1, 1)
    assert (_invitations(standin, team.channel), _invitations(standin, "CSOON")) == (1, 1)
    with database.session() as session:
        for schedule in session.scalars(select(Schedule)):
            assert schedule.next_due_at > datetime.now(UTC)  # moved on past today, once
    database.dispose()


RESPONDENTS = 50


def test_a_team_run_spread_across_three_workers_gives_the_profile_of_its_answers(
    standin: SlackStandIn, team: Team, postgres_schema_url: str, tmp_path: Path
) -> None:
    import random
    from concurrent.futures import ThreadPoolExecutor

    from bot import ids
    from flows.snapshots import team_from_snapshot
    from scoring import default_framework, format_score, score_team
    from standin import SlackDriver
    from storage.models import TeamResult
    from tests.e2e.people import pick, profile_on_screen, question_on_screen

    framework = default_framework()
    database = Database(postgres_schema_url)
    upgrade(database.engine)
    people = [f"UP{n:03d}" for n in range(RESPONDENTS)]
    for user in people:
        standin.add_user(user, user.lower())
    standin.add_channel("CBIG", "cs-everyone", [team.lead, *people])
    chooser = random.Random(20261123)
    answers = {user: [chooser.randint(1, 4) for _ in framework.questions] for user in people}

    with ExitStack() as workers:
        urls = [
            workers.enter_context(
                bot_process(
                    standin,
                    database_url=postgres_schema_url,
                    signing_secret=SIGNING_SECRET,
                    log=tmp_path / f"worker-{number}.log",
                )
            ).events_url
            for number in range(WORKERS)
        ]
        drivers = [SlackDriver(standin, url, SIGNING_SECRET) for url in urls]
        drivers[0].slash_command(team.lead, "/readiness", "team", channel_id="CBIG")
        invitation = standin.wait_for(
            lambda: next(
                (
                    m
                    for m in standin.messages("CBIG")
                    if "Take the assessment" in m.text
                    or "Take the assessment" in standin.visible_text(m)
                ),
                None,
            ),
            timeout=10,
        )

        def respondent(user: str) -> None:
            spread = random.Random(user)
            spread.choice(drivers).click(user, message=invitation, action_id=ids.JOIN_TEAM)
            for number, stage in enumerate(answers[user], start=1):
                message = question_on_screen(standin, user, number)
                pick(spread.choice(drivers), user, message, stage)
            profile_on_screen(standin, user)

        with ThreadPoolExecutor(10) as pool:
            list(pool.map(respondent, people))
        drivers[1].slash_command(team.lead, "/readiness", "close", channel_id="CBIG")
        posted = standin.wait_for(
            lambda: next(
                (
                    standin.visible_text(m)
                    for m in standin.messages("CBIG")
                    if "Overall:" in standin.visible_text(m)
                ),
                None,
            ),
            timeout=20,
        )

    ids_ = [q.id for q in framework.questions]
    expected = score_team(
        framework,
        [dict(zip(ids_, stages, strict=True)) for stages in answers.values()],
        minimum=3,  # the run's minimum (the workspace default): the snapshot keeps it
    )
    with database.session() as session:
        stored = session.scalars(select(TeamResult)).one()
        assert team_from_snapshot(stored.snapshot) == expected
    assert f"{RESPONDENTS} respondents" in posted
    assert expected.profile.stage is not None
    assert (
        f"Stage {expected.profile.stage} · {framework.stage(expected.profile.stage).name}" in posted
    )
    for result in expected.profile.dimensions:
        assert result.score is not None and f"{format_score(result.score)} / 4" in posted
    database.dispose()
