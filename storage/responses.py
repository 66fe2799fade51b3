"""Each person's part in a run: joining it, answering (exactly once per question), finishing."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.database import affected_rows, upsert_into
from storage.errors import NotFound, RunNotOpen
from storage.models import Answer, AssessmentRun, Response, RunStatus


class AnswerOutcome(StrEnum):
    NEW = "new"
    """First answer to this question: the conversation moves on."""
    CHANGED = "changed"
    """A different option than before: replaced."""
    REPEATED = "repeated"
    """The same option again (a double click, Slack retrying): nothing stored, nothing to post."""


def join_run(session: Session, *, run: AssessmentRun, user_id: str, now: datetime) -> Response:
    """The person's response to the run, created on first call; safe to call again or in a race."""
    existing = _response_of(session, run_id=run.id, user_id=user_id)
    if existing is not None:
        return existing
    if run.status is not RunStatus.OPEN:
        raise RunNotOpen(run.id, run.status.value)
    response = Response(
        run_id=run.id, workspace_id=run.workspace_id, user_id=user_id, started_at=now
    )
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        raced = _response_of(session, run_id=run.id, user_id=user_id)
        if raced is None:
            raise
        return raced
    return response


def _response_of(session: Session, *, run_id: str, user_id: str) -> Response | None:
    return session.scalar(
        select(Response).where(Response.run_id == run_id, Response.user_id == user_id)
    )


def get_response(session: Session, *, workspace_id: str, response_id: str) -> Response:
    response = session.scalar(
        select(Response).where(Response.id == response_id, Response.workspace_id == workspace_id)
    )
    if response is None:
        raise NotFound("response", response_id)
    return response


def record_answer(
    session: Session,
    *,
    workspace_id: str,
    response_id: str,
    question_id: str,
    stage: int,
    now: datetime,
    message_ts: str | None = None,
) -> AnswerOutcome:
    """Store one answer idempotently: a repeat changes nothing, a new choice replaces the old.

    The run is share-locked while the answer is written, so a close that starts meanwhile waits
    for it, and an answer can never land in a run that has already closed.
    """
    row = session.execute(
        select(AssessmentRun.id, AssessmentRun.status)
        .join(Response, Response.run_id == AssessmentRun.id)
        .where(Response.id == response_id, Response.workspace_id == workspace_id)
        .with_for_update(read=True, of=AssessmentRun)
    ).one_or_none()
    if row is None:
        raise NotFound("response", response_id)
    if row.status is not RunStatus.OPEN:
        raise RunNotOpen(row.id, row.status.value)

    insert = upsert_into(session, Answer)
    statement = insert.values(
        response_id=response_id,
        question_id=question_id,
        stage=stage,
        answered_at=now,
        revision=1,
        message_ts=message_ts,
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[Answer.response_id, Answer.question_id],
        set_={
            "stage": statement.excluded.stage,
            "answered_at": statement.excluded.answered_at,
            "revision": Answer.revision + 1,
            "message_ts": func.coalesce(statement.excluded.message_ts, Answer.message_ts),
        },
        where=Answer.stage != statement.excluded.stage,
    )
    revision = session.scalar(upsert.returning(Answer.revision))
    if revision is None:
        return AnswerOutcome.REPEATED
    return AnswerOutcome.NEW if revision == 1 else AnswerOutcome.CHANGED


def answers_of(session: Session, *, response_id: str) -> dict[str, int]:
    rows = session.execute(
        select(Answer.question_id, Answer.stage).where(Answer.response_id == response_id)
    )
    return {row.question_id: row.stage for row in rows}


def advance(
    session: Session,
    *,
    response_id: str,
    from_question_id: str | None,
    to_question_id: str | None,
    message_ts: str | None,
) -> bool:
    """Move the conversation on, only if it is still where the caller saw it.

    Two deliveries of one click both get this far; the conditional update lets exactly one of
    them move on (and post the next question), so nobody sees a question twice. The position is
    kept in the database, so any worker, or a restarted one, can continue the conversation.
    """
    current = Response.current_question_id
    moved = affected_rows(
        session,
        update(Response)
        .where(
            Response.id == response_id,
            current.is_(None) if from_question_id is None else current == from_question_id,
        )
        .values(current_question_id=to_question_id, message_ts=message_ts),
    )
    return moved == 1


def remember_message(
    session: Session, *, response_id: str, question_id: str, message_ts: str
) -> None:
    """Note which message shows the current question (no longer owed), unless the person has
    already moved on."""
    session.execute(
        update(Response)
        .where(Response.id == response_id, Response.current_question_id == question_id)
        .values(message_ts=message_ts, show_due_at=None)
    )


def owe_again(session: Session, *, response_id: str, at: datetime) -> None:
    """Showing failed: owed again from `at` (if still owed at all)."""
    session.execute(
        update(Response)
        .where(Response.id == response_id, Response.show_due_at.is_not(None))
        .values(show_due_at=at)
    )


def answer_message(session: Session, *, response_id: str, question_id: str) -> str | None:
    """The DM message where this question was answered, to reopen it when the person goes back."""
    return session.scalar(
        select(Answer.message_ts).where(
            Answer.response_id == response_id, Answer.question_id == question_id
        )
    )


def complete_response(session: Session, *, response_id: str, now: datetime) -> bool:
    """Mark the response finished; True only for the call that actually finished it."""
    finished = affected_rows(
        session,
        update(Response)
        .where(Response.id == response_id, Response.completed_at.is_(None))
        .values(completed_at=now, current_question_id=None),
    )
    return finished == 1


def completed_answers(session: Session, *, run_id: str) -> list[dict[str, int]]:
    """Every finished member's answers, for the team profile; in no meaningful order."""
    rows = session.execute(
        select(Answer.response_id, Answer.question_id, Answer.stage)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.run_id == run_id, Response.completed_at.is_not(None))
    )
    members: dict[str, dict[str, int]] = {}
    for response_id, question_id, stage in rows:
        members.setdefault(response_id, {})[question_id] = stage
    return list(members.values())
