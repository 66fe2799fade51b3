"""A leader's overview reads any number of teams in a fixed number of queries, each team as its
posted profile showed it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows import conversation, overview, schedules, team
from flows.commands import ScheduleSet, parse_command
from flows.services import Services
from flows.steps import TeamProfileReady
from storage import names
from storage.database import Database
from storage.schema import upgrade
from tests.clock import Clock
from tests.flows.statements import counted_statements
from tests.picks import form_picks

W, LEAD = "T1", "ULEAD"


@pytest.fixture
def services(any_database_url: str, clock: Clock) -> Iterator[Services]:
    """Both databases: the overview's query ranks runs with a window function."""
    database = Database(any_database_url)
    upgrade(database.engine)
    yield Services(database=database, clock=clock)
    database.dispose()


MEMBERS = ("UA", "UB", "UC")


def _posted_profile(services: Services, clock: Clock, channel: str, stage: int) -> str:
    """A team run in `channel` that three members answer at `stage`, closed: its run id."""
    run = team.start_team_run(
        services,
        workspace_id=W,
        channel_id=channel,
        started_by=LEAD,
        closes_in=None,
        min_respondents=3,
        invited=3,
    )
    for user in MEMBERS:
        ask = team.join_team_run(
            services, workspace_id=W, user_id=user, run_id=run.run_id, dm_channel_id=f"D{user}"
        )
        picks = form_picks(
            services, workspace_id=W, user_id=user, response_id=ask.response_id, stages=stage
        )
        conversation.submit_form(
            services, workspace_id=W, user_id=user, response_id=ask.response_id, answers=picks
        )
    closed = team.close_team_run(
        services, workspace_id=W, channel_id=channel, user_id=LEAD, is_admin=False
    )
    assert isinstance(closed, TeamProfileReady)
    clock.advance(seconds=1)
    return run.run_id


def _statements_for(services: Services, channels: dict[str, str]) -> list[str]:
    with counted_statements(services) as statements:
        overview.teams_overview(services, workspace_id=W, channels=channels)
    return [s for s in statements if not s.upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))]


def test_the_overview_reads_any_number_of_teams_in_the_same_number_of_queries(
    services: Services, clock: Clock
) -> None:
    for number in range(6):
        _posted_profile(services, clock, f"C{number}", 2 + number % 2)
    one = _statements_for(services, {"C0": "team-0"})
    six = _statements_for(services, {f"C{n}": f"team-{n}" for n in range(6)})
    assert len(one) == len(six) <= 3  # two reads, and the names kept in one write
    assert sum(s.lstrip().upper().startswith("SELECT") for s in six) == 2


def test_each_team_shows_its_latest_profile_its_trend_and_next_run(
    services: Services, clock: Clock
) -> None:
    _posted_profile(services, clock, "CA", 2)
    latest = _posted_profile(services, clock, "CA", 3)
    _posted_profile(services, clock, "CB", 2)
    parsed = parse_command("schedule quarterly")
    assert isinstance(parsed, ScheduleSet)
    schedules.set_schedule(
        services,
        workspace_id=W,
        channel_id="CB",
        user_id=LEAD,
        is_admin=False,
        timezone="UTC",
        rule=parsed.rule,
        closes_in=None,
        min_respondents=None,
    )

    found = overview.teams_overview(
        services, workspace_id=W, channels={"CA": "alpha", "CB": "beta", "CN": "new"}
    )

    by_channel = {t.channel_id: t for t in found.teams}
    assert set(by_channel) == {"CA", "CB"} and found.without_profile == ("CN",)
    alpha, beta = by_channel["CA"], by_channel["CB"]
    assert alpha.run_id == latest and alpha.profile.stage == 3
    assert alpha.trend is not None and alpha.trend.overall.stage_before == 2
    assert alpha.next_run_at is None
    assert beta.trend is None and beta.next_run_at is not None
    with services.database.session() as session:
        kept = names.names_of(session, workspace_id=W, object_ids=["CA", "CB", "CN"])
    assert kept == {"CA": "alpha", "CB": "beta"}


def test_a_channel_nobody_asked_about_is_never_read(services: Services, clock: Clock) -> None:
    _posted_profile(services, clock, "CA", 2)
    _posted_profile(services, clock, "CSECRET", 3)
    found = overview.teams_overview(services, workspace_id=W, channels={"CA": "alpha"})
    assert [t.channel_id for t in found.teams] == ["CA"]
    assert overview.teams_overview(services, workspace_id=W, channels={}).teams == ()


def test_names_are_written_only_when_slack_gives_a_new_one(
    services: Services, clock: Clock
) -> None:
    _posted_profile(services, clock, "CA", 2)
    _posted_profile(services, clock, "CB", 3)
    first = _statements_for(services, {"CA": "alpha", "CB": "beta"})
    again = _statements_for(services, {"CA": "alpha", "CB": "beta"})
    renamed = _statements_for(services, {"CA": "alpha", "CB": "beta-team"})

    def writes(statements: list[str]) -> int:
        return sum(s.lstrip().upper().startswith("INSERT") for s in statements)

    assert (writes(first), writes(again), writes(renamed)) == (1, 0, 1)
    with services.database.session() as session:
        kept = names.names_of(session, workspace_id=W, object_ids=["CA", "CB"])
    assert kept == {"CA": "alpha", "CB": "beta-team"}
