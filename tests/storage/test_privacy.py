from __future__ import annotations

from sqlalchemy import func, select

from storage.database import Database
from storage.models import Answer, AssessmentRun, Response, RunKind
from storage.privacy import forget_person
from storage.responses import answers_of, complete_response, join_run, record_answer
from storage.runs import close_run, open_run, team_result
from tests.storage.helpers import T0, at, team_run


def _answer_all(s: object, response_id: str, stage: int) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    for question in ("renewal.motion", "health.measures"):
        record_answer(
            s,
            workspace_id="T1",
            response_id=response_id,
            question_id=question,
            stage=stage,
            now=at(1),
        )


def test_forget_removes_a_persons_answers_everywhere_but_keeps_team_snapshots(
    database: Database,
) -> None:
    snapshot = {"respondents": 2, "overall": {"stage": 3}}
    with database.session() as s:
        closed = team_run(s, channel_id="C1")
        open_ = team_run(s, channel_id="C2")
        mine = open_run(
            s,
            workspace_id="T1",
            kind=RunKind.INDIVIDUAL,
            started_by="U1",
            framework_version="2026.1",
            now=T0,
        )
        for run in (closed, open_, mine):
            _answer_all(s, join_run(s, run=run, user_id="U1", now=T0).id, 3)
        other = join_run(s, run=closed, user_id="U2", now=T0)
        _answer_all(s, other.id, 2)
        complete_response(s, response_id=other.id, now=at(2))
        close_run(
            s, workspace_id="T1", run_id=closed.id, now=at(5), snapshot=snapshot, respondents=2
        )
        # The same user id in another workspace is another person.
        elsewhere = team_run(s, workspace_id="T2")
        kept = join_run(s, run=elsewhere, user_id="U1", now=T0)

    with database.session() as s:
        forgotten = forget_person(s, workspace_id="T1", user_id="U1")
    assert (forgotten.responses, forgotten.answers, forgotten.individual_runs) == (3, 6, 1)

    with database.session() as s:
        u1_rows = s.scalar(
            select(func.count())
            .select_from(Response)
            .where(Response.user_id == "U1", Response.workspace_id == "T1")
        )
        assert u1_rows == 0
        assert s.get(AssessmentRun, mine.id) is None
        assert answers_of(s, response_id=other.id) == {"renewal.motion": 2, "health.measures": 2}
        stored = team_result(s, workspace_id="T1", run_id=closed.id)
        assert stored is not None and stored.snapshot == snapshot
        assert s.get(Response, kept.id) is not None
        assert s.scalar(select(func.count()).select_from(Answer)) == 2


def test_uninstalling_deletes_everything_of_that_workspace_and_nothing_else(
    database: Database,
) -> None:
    from storage.privacy import delete_workspace
    from storage.reminders import claim_reminder, opt_out
    from storage.schedules import get_schedule, set_schedule

    with database.session() as s:
        for workspace in ("T1", "T2"):
            run = team_run(s, workspace_id=workspace)
            response = join_run(s, run=run, user_id="U1", now=T0)
            _answer_all_in(s, workspace, response.id)
            claim_reminder(s, run_id=run.id, user_id="U2", kind="halfway", now=at(1))
            opt_out(s, workspace_id=workspace, user_id="U3", now=at(1))
            set_schedule(
                s,
                workspace_id=workspace,
                channel_id="C1",
                created_by="U1",
                rule={},
                timezone="UTC",
                run_hours=24,
                min_respondents=3,
                next_due_at=at(100),
                now=T0,
            )
    with database.session() as s:
        assert delete_workspace(s, workspace_id="T1").runs == 1
    with database.session() as s:
        remaining = {r.workspace_id for r in s.scalars(select(AssessmentRun))}
        assert remaining == {"T2"}
        assert {r.workspace_id for r in s.scalars(select(Response))} == {"T2"}
        assert s.scalar(select(func.count()).select_from(Answer)) == 2
        assert get_schedule(s, workspace_id="T1", channel_id="C1") is None
        assert get_schedule(s, workspace_id="T2", channel_id="C1") is not None


def _answer_all_in(s: object, workspace: str, response_id: str) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    for question in ("renewal.motion", "health.measures"):
        record_answer(
            s,
            workspace_id=workspace,
            response_id=response_id,
            question_id=question,
            stage=2,
            now=at(1),
        )
