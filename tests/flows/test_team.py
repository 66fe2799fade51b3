"""Team runs' rules, on a real database, without Slack."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.messages.mrkdwn import said
from flows import conversation, team
from flows.errors import NotAllowed, RunOver, StaleClick
from flows.services import Services
from flows.snapshots import team_from_snapshot
from flows.steps import NeedMoreAnswers, TeamProfileReady, TeamProgress
from scoring import TeamProfile, score_team
from storage import runs
from tests.clock import Clock
from tests.picks import form_picks

W, C, LEAD = "T1", "C1", "ULEAD"


def _start(services: Services, **options: object) -> TeamProgress:
    params: dict[str, object] = {"closes_in": None, "min_respondents": None, "invited": 8}
    params.update(options)
    return team.start_team_run(
        services,
        workspace_id=W,
        channel_id=C,
        started_by=LEAD,
        **params,  # type: ignore[arg-type]
    )


def _finish(services: Services, run_id: str, user: str, stage: int) -> None:
    ask = team.join_team_run(
        services, workspace_id=W, user_id=user, run_id=run_id, dm_channel_id=f"D{user}"
    )
    picks = form_picks(
        services, workspace_id=W, user_id=user, response_id=ask.response_id, stages=stage
    )
    conversation.submit_form(
        services, workspace_id=W, user_id=user, response_id=ask.response_id, answers=picks
    )


def test_one_open_team_run_per_channel_points_to_the_open_one(services: Services) -> None:
    _start(services)
    with pytest.raises(team.TeamRunAlreadyOpen, match="already has a team assessment open"):
        _start(services)


def test_minimum_below_three_is_refused(services: Services) -> None:
    with pytest.raises(NotAllowed, match="at least 3"):
        _start(services, min_respondents=2)


def test_closing_below_the_minimum_keeps_the_run_open(services: Services) -> None:
    run = _start(services, min_respondents=3)
    _finish(services, run.run_id, "U1", 2)
    outcome = team.close_team_run(
        services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False
    )
    assert isinstance(outcome, NeedMoreAnswers) and outcome.needed == 2
    status = team.team_status(services, workspace_id=W, channel_id=C)
    assert status is not None and status.completed == 1


def test_only_the_starter_or_an_admin_may_close(services: Services) -> None:
    _start(services)
    with pytest.raises(NotAllowed) as refused:
        team.close_team_run(services, workspace_id=W, channel_id=C, user_id="U9", is_admin=False)
    assert "Only <@ULEAD>" in said(refused.value.words)
    outcome = team.close_team_run(
        services, workspace_id=W, channel_id=C, user_id="U9", is_admin=True
    )
    assert isinstance(outcome, NeedMoreAnswers)


def test_closing_with_enough_answers_freezes_the_team_profile(services: Services) -> None:
    run = _start(services)
    for user, stage in (("U1", 1), ("U2", 2), ("U3", 4), ("U4", 3)):
        _finish(services, run.run_id, user, stage)
    team.join_team_run(
        services, workspace_id=W, user_id="U5", run_id=run.run_id, dm_channel_id="DU5"
    )  # started, never finished: not counted
    outcome = team.close_team_run(
        services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False
    )
    assert isinstance(outcome, TeamProfileReady)
    ids = [q.id for q in services.framework.questions]
    expected = score_team(
        services.framework,
        [dict.fromkeys(ids, s) for s in (1, 2, 4, 3)],
        minimum=run.min_respondents,
    )
    assert outcome.team == expected and outcome.respondents == 4
    assert outcome.team.minimum == run.min_respondents == 3  # the workspace's default
    with pytest.raises(RunOver):
        team.join_team_run(
            services, workspace_id=W, user_id="U5", run_id=run.run_id, dm_channel_id="DU5"
        )


def test_the_deadline_closes_the_run_once(services: Services, clock: Clock) -> None:
    run = _start(services, closes_in=timedelta(days=2))
    for user in ("U1", "U2", "U3"):
        _finish(services, run.run_id, user, 3)
    clock.advance(days=1)
    assert team.close_due_runs(services) == []
    clock.advance(days=1, seconds=1)
    first = team.close_due_runs(services)
    assert len(first) == 1 and isinstance(first[0], TeamProfileReady)
    assert team.close_due_runs(services) == []


def test_a_run_short_of_answers_at_its_deadline_is_reported_once_and_stays_open(
    services: Services, clock: Clock
) -> None:
    run = _start(services, closes_in=timedelta(hours=5))
    _finish(services, run.run_id, "U1", 3)
    clock.advance(hours=6)
    outcomes = team.close_due_runs(services)
    assert len(outcomes) == 1 and isinstance(outcomes[0], NeedMoreAnswers)
    assert team.close_due_runs(services) == []
    extended = team.extend_team_run(
        services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False, by=timedelta(days=3)
    )
    assert extended.closes_at == clock.now + timedelta(days=3)


def test_a_member_who_finished_cannot_join_again(services: Services) -> None:
    run = _start(services)
    _finish(services, run.run_id, "U1", 3)
    with pytest.raises(StaleClick, match="already taken part"):
        team.join_team_run(
            services, workspace_id=W, user_id="U1", run_id=run.run_id, dm_channel_id="DU1"
        )


def test_the_second_run_in_a_channel_compares_with_the_first(
    services: Services, clock: Clock
) -> None:
    for stage in (2, 3):
        clock.advance(days=90)
        run = _start(services)
        for user in ("U1", "U2", "U3"):
            _finish(services, run.run_id, user, stage)
        outcome = team.close_team_run(
            services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False
        )
        assert isinstance(outcome, TeamProfileReady)
    assert isinstance(outcome, TeamProfileReady) and outcome.trend is not None
    assert outcome.trend.dimension("outcomes").stage_before == 2
    assert outcome.trend.dimension("outcomes").stage_after == 3


def _close_with(services: Services, people: dict[str, int]) -> TeamProfileReady:
    run = _start(services, min_respondents=3)
    for user, stage in people.items():
        _finish(services, run.run_id, user, stage)
    outcome = team.close_team_run(
        services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False
    )
    assert isinstance(outcome, TeamProfileReady)
    return outcome


def _frozen(services: Services, run_id: str) -> TeamProfile:
    with services.database.session() as session:
        result = runs.team_result(session, workspace_id=W, run_id=run_id)
        assert result is not None
        return team_from_snapshot(result.snapshot)


def test_a_run_fewer_than_the_minimum_people_away_from_the_last_shows_no_counts_nor_deltas(
    services: Services, clock: Clock
) -> None:
    """Five, then the same five and one newcomer: the newcomer's answers would be the difference
    of the two runs' counts. Then six of whom three are new: as many as the minimum, shown."""
    five = {"U1": 2, "U2": 2, "U3": 3, "U4": 3, "U5": 2}
    first = _close_with(services, five)
    assert first.team.membership_change == 0 and first.trend is None
    assert all(first.team.shows_question(q) for q in first.team.questions)

    clock.advance(days=30)
    second = _close_with(services, five | {"U6": 4})
    assert second.team.membership_change == 1 and second.team.changed_by_few
    assert not any(second.team.shows_question(q) for q in second.team.questions)
    spread = second.team.spread("outcomes")
    assert spread is not None and second.team.shows_range(spread), "six: the range is shown"
    trend = second.trend
    assert trend is not None and trend.stages_only
    for change in (trend.overall, *trend.dimensions):
        assert change.delta is None and change.before is None
        assert change.stage_before is not None and change.stage_after is not None
    # Frozen with the run: read back from its snapshot, it decides the same (and keeps no ids).
    assert _frozen(services, second.run_id) == second.team
    with services.database.session() as session:
        stored = runs.team_result(session, workspace_id=W, run_id=second.run_id)
        assert stored is not None and "U6" not in json.dumps(stored.snapshot)

    clock.advance(days=30)
    third = _close_with(services, {"U1": 3, "U2": 3, "U3": 3, "U7": 3, "U8": 4, "U9": 4})
    assert third.team.membership_change == 6  # U4, U5, U6 left; U7, U8, U9 joined
    assert not third.team.changed_by_few
    assert all(third.team.shows_question(q) for q in third.team.questions if q.answered)
    assert third.trend is not None and third.trend.overall.delta is not None
