"""Answers are stored once, replaced when changed, and refused once the run is over."""

from __future__ import annotations

import pytest

from storage.database import Database
from storage.errors import NotFound, RunNotOpen
from storage.models import RunKind, RunStatus
from storage.responses import (
    AnswerOutcome,
    answers_of,
    complete_response,
    completed_answers,
    join_run,
    record_answer,
)
from storage.runs import (
    cancel_run,
    close_run,
    in_progress_individual_run,
    open_run,
    open_team_run_in_channel,
)
from tests.storage.helpers import T0, at, team_run


def test_the_same_answer_twice_is_stored_once(database: Database) -> None:
    with database.session() as s:
        run = team_run(s)
        response = join_run(s, run=run, user_id="U1", now=T0)
    outcomes = []
    for minute in (1, 1, 2):  # a double click, then Slack retrying a minute later
        with database.session() as s:
            outcomes.append(
                record_answer(
                    s,
                    workspace_id="T1",
                    response_id=response.id,
                    question_id="renewal.motion",
                    stage=3,
                    now=at(minute),
                )
            )
    assert outcomes == [AnswerOutcome.NEW, AnswerOutcome.REPEATED, AnswerOutcome.REPEATED]
    with database.session() as s:
        assert answers_of(s, response_id=response.id) == {"renewal.motion": 3}


def test_changing_an_answer_while_open_replaces_it(database: Database) -> None:
    with database.session() as s:
        run = team_run(s)
        response = join_run(s, run=run, user_id="U1", now=T0)
        record_answer(
            s,
            workspace_id="T1",
            response_id=response.id,
            question_id="health.measures",
            stage=2,
            now=at(1),
        )
        outcome = record_answer(
            s,
            workspace_id="T1",
            response_id=response.id,
            question_id="health.measures",
            stage=4,
            now=at(2),
        )
        assert outcome is AnswerOutcome.CHANGED
        assert answers_of(s, response_id=response.id) == {"health.measures": 4}


def test_dont_know_is_an_answer_that_replaces_and_is_replaced(database: Database) -> None:
    """None ("don't know / not my area") is stored as itself: repeated it changes nothing,
    and a stage replaces it or is replaced by it (NULL is never "!=" anything in SQL)."""
    with database.session() as s:
        run = team_run(s)
        response = join_run(s, run=run, user_id="U1", now=T0)

    def record(stage: int | None, minute: int) -> AnswerOutcome:
        with database.session() as s:
            return record_answer(
                s,
                workspace_id="T1",
                response_id=response.id,
                question_id="renewal.price_basis",
                stage=stage,
                now=at(minute),
            )

    outcomes = [record(None, 1), record(None, 2), record(2, 3), record(None, 4)]
    assert outcomes == [
        AnswerOutcome.NEW,
        AnswerOutcome.REPEATED,
        AnswerOutcome.CHANGED,
        AnswerOutcome.CHANGED,
    ]
    with database.session() as s:
        assert answers_of(s, response_id=response.id) == {"renewal.price_basis": None}
        complete_response(s, response_id=response.id, now=at(5))
    with database.session() as s:
        assert completed_answers(s, run_id=run.id) == [{"renewal.price_basis": None}]


@pytest.mark.parametrize("ending", ["close", "cancel"])
def test_an_answer_to_a_finished_run_is_refused(database: Database, ending: str) -> None:
    with database.session() as s:
        run = team_run(s)
        response = join_run(s, run=run, user_id="U1", now=T0)
        record_answer(
            s,
            workspace_id="T1",
            response_id=response.id,
            question_id="renewal.motion",
            stage=1,
            now=at(1),
        )
        if ending == "close":
            close_run(s, workspace_id="T1", run_id=run.id, now=at(2))
        else:
            cancel_run(s, workspace_id="T1", run_id=run.id, now=at(2))
    with database.session() as s, pytest.raises(RunNotOpen) as refused:
        record_answer(
            s,
            workspace_id="T1",
            response_id=response.id,
            question_id="renewal.motion",
            stage=4,
            now=at(3),
        )
    assert refused.value.status == ("closed" if ending == "close" else "cancelled")
    with database.session() as s:
        assert answers_of(s, response_id=response.id) == {"renewal.motion": 1}


def test_an_answer_from_another_workspace_is_not_found(database: Database) -> None:
    with database.session() as s:
        response = join_run(s, run=team_run(s), user_id="U1", now=T0)
    with database.session() as s, pytest.raises(NotFound):
        record_answer(
            s,
            workspace_id="T2",
            response_id=response.id,
            question_id="renewal.motion",
            stage=2,
            now=at(1),
        )


def test_joining_twice_gives_the_same_response(database: Database) -> None:
    with database.session() as s:
        run = team_run(s)
        first = join_run(s, run=run, user_id="U1", now=T0)
        again = join_run(s, run=run, user_id="U1", now=at(5))
        assert first.id == again.id


def test_only_completed_responses_count_for_the_team(database: Database) -> None:
    with database.session() as s:
        run = team_run(s)
        done = join_run(s, run=run, user_id="U1", now=T0)
        halfway = join_run(s, run=run, user_id="U2", now=T0)
        for response, stage in ((done, 3), (halfway, 1)):
            record_answer(
                s,
                workspace_id="T1",
                response_id=response.id,
                question_id="renewal.motion",
                stage=stage,
                now=at(1),
            )
        assert complete_response(s, response_id=done.id, now=at(2)) is True
        assert complete_response(s, response_id=done.id, now=at(3)) is False
        assert completed_answers(s, run_id=run.id) == [{"renewal.motion": 3}]


def test_individual_runs_are_not_limited_per_channel(database: Database) -> None:
    """The one-open-run-per-channel rule is for team runs: two people's own assessments in the
    same channel both open (the database's partial unique index leaves them out)."""
    with database.session() as s:
        opened = {
            user: open_run(
                s,
                workspace_id="T1",
                kind=RunKind.INDIVIDUAL,
                started_by=user,
                framework_version="2026.1",
                now=T0,
                channel_id="D1",
            ).id
            for user in ("U1", "U2")
        }
    assert opened["U1"] != opened["U2"]
    with database.session() as s:
        for user, run_id in opened.items():
            run = in_progress_individual_run(s, workspace_id="T1", user_id=user)
            assert run is not None
            assert (run.id, run.channel_id, run.status) == (run_id, "D1", RunStatus.OPEN)
        assert open_team_run_in_channel(s, workspace_id="T1", channel_id="D1") is None
