"""A person's own history counts every run they finished, individual or team, and nothing of
anyone else's; a channel's results are its latest posted team profile."""

from __future__ import annotations

from flows import conversation, history, results, team
from flows.services import Services
from flows.steps import Ask, Finished, TeamProfileReady
from storage.models import RunKind
from tests.clock import Clock
from tests.picks import form_picks

W, C, LEAD = "T1", "C1", "ULEAD"


def _submit(services: Services, user: str, response_id: str, stage: int) -> Finished:
    picks = form_picks(
        services, workspace_id=W, user_id=user, response_id=response_id, stages=stage
    )
    done = conversation.submit_form(
        services, workspace_id=W, user_id=user, response_id=response_id, answers=picks
    )
    assert isinstance(done, Finished)
    return done


def _team_run(services: Services, stages: dict[str, int]) -> TeamProfileReady:
    run = team.start_team_run(
        services,
        workspace_id=W,
        channel_id=C,
        started_by=LEAD,
        closes_in=None,
        min_respondents=None,
        invited=8,
    )
    for user, stage in stages.items():
        ask = team.join_team_run(
            services, workspace_id=W, user_id=user, run_id=run.run_id, dm_channel_id=f"D{user}"
        )
        _submit(services, user, ask.response_id, stage)
    closed = team.close_team_run(
        services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False
    )
    assert isinstance(closed, TeamProfileReady)
    return closed


def _individual(services: Services, user: str, stage: int) -> Finished:
    ask = conversation.begin_individual(services, workspace_id=W, user_id=user, channel_id="D1")
    assert isinstance(ask, Ask)
    return _submit(services, user, ask.response_id, stage)


def test_a_team_run_is_in_the_members_own_history_scored_from_their_answers_alone(
    services: Services, clock: Clock
) -> None:
    closed = _team_run(services, {"U1": 1, "U2": 4, "U3": 4})
    past = history.person_history(services, workspace_id=W, user_id="U1")
    assert [(p.run_id, p.kind, p.channel_id) for p in past] == [(closed.run_id, RunKind.TEAM, C)]
    assert past[0].respondents == 1
    assert past[0].profile is not None and past[0].profile.stage == 1, "U1's own, not the team's"
    assert history.count_finished(services, workspace_id=W, user_id="U1") == 1
    assert history.person_history(services, workspace_id=W, user_id=LEAD) == [], (
        "starting a run is not taking it"
    )


def test_the_next_own_run_shows_the_trend_since_the_team_run(
    services: Services, clock: Clock
) -> None:
    _team_run(services, {"U1": 2, "U2": 3, "U3": 3})
    clock.advance(days=30)
    done = _individual(services, "U1", 3)
    assert done.trend is not None
    assert done.trend.overall.stage_before == 2 and done.trend.overall.stage_after == 3

    clock.advance(days=60)
    second = _team_run(services, {"U1": 4, "U2": 3, "U3": 3})
    own = history.person_history(services, workspace_id=W, user_id="U1")
    assert [p.kind for p in own] == [RunKind.TEAM, RunKind.INDIVIDUAL, RunKind.TEAM]
    assert own[0].run_id == second.run_id
    assert [
        p.run_id for p in history.person_history(services, workspace_id=W, user_id="U1", limit=2)
    ] == [p.run_id for p in own[:2]]


def test_a_channels_results_are_its_latest_team_profile_with_its_trend(
    services: Services, clock: Clock
) -> None:
    assert results.channel_results(services, workspace_id=W, channel_id=C) is None
    _team_run(services, {"U1": 2, "U2": 2, "U3": 2})
    clock.advance(days=90)
    latest = _team_run(services, {"U1": 3, "U2": 3, "U3": 3})
    found = results.channel_results(services, workspace_id=W, channel_id=C)
    assert found is not None and found.ready.run_id == latest.run_id
    assert found.ready.trend is not None and found.ready.trend.overall.stage_after == 3
    assert found.posted is None, "not known to be posted yet: no message to link to"
    assert results.channel_results(services, workspace_id=W, channel_id="C2") is None


def test_own_latest_is_the_newest_finished_of_any_kind(services: Services, clock: Clock) -> None:
    assert results.own_latest(services, workspace_id=W, user_id="U1") is None
    _individual(services, "U1", 2)
    clock.advance(days=1)
    closed = _team_run(services, {"U1": 3, "U2": 3, "U3": 3})
    latest = results.own_latest(services, workspace_id=W, user_id="U1")
    assert latest is not None and latest.run_id == closed.run_id and latest.kind is RunKind.TEAM
