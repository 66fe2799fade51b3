"""Each person's part in a run: joining it, answering (exactly once per question), finishing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from functools import cache

from sqlalchemy import ColumnElement, Update, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql.dml import ReturningInsert

from storage.database import affected_rows, core, insert_for
from storage.errors import NotFound, RunNotOpen
from storage.models import Answer, AssessmentRun, Response, RunStatus
from storage.roles import remembered_role


class AnswerOutcome(StrEnum):
    NEW = "new"
    """First answer to this question: the conversation moves on."""
    CHANGED = "changed"
    """A different option than before: replaced."""
    REPEATED = "repeated"
    """The same option again (a double click, Slack retrying): nothing stored, nothing to post."""


def join_run(session: Session, *, run: AssessmentRun, user_id: str, now: datetime) -> Response:
    """The person's response to the run, created on first call; safe to call again or in a race.

    A new response starts as the role the person chose last (None if they never chose one):
    their first question shows it, marked "Same as last time", to keep, change or skip."""
    existing = _response_of(session, run_id=run.id, user_id=user_id)
    if existing is not None:
        return existing
    if run.status is not RunStatus.OPEN:
        raise RunNotOpen(run.id, run.status.value)
    remembered = remembered_role(session, workspace_id=run.workspace_id, user_id=user_id)
    response = Response(
        run_id=run.id,
        workspace_id=run.workspace_id,
        user_id=user_id,
        started_at=now,
        role=None if remembered is None else remembered.value,
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


_RESPONSE_WITH_RUN = (
    select(Response)
    .options(joinedload(Response.run))
    .where(
        Response.id == bindparam("response_id"),
        Response.workspace_id == bindparam("workspace_id"),
    )
)
"""Built once (a click reads it): its values are bound parameters."""


def get_response(session: Session, *, workspace_id: str, response_id: str) -> Response:
    """The response with its run, read in one statement: every caller looks at the run next
    (is it still open? which framework?), and a click is cheaper for the query saved."""
    response = session.scalar(
        _RESPONSE_WITH_RUN, {"response_id": response_id, "workspace_id": workspace_id}
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
    stage: int | None,
    now: datetime,
    message_ts: str | None = None,
) -> AnswerOutcome:
    """Store one answer idempotently: a repeat changes nothing, a new choice replaces the old.
    `stage` None is "don't know / not my area", an answer like any other here.

    This writes whatever it is given; it does not know where the conversation stands. Callers
    that move the conversation (`advance`, `complete_response`) write the answer only after
    their move won, in the same transaction, so an answer is stored only together with the move
    that shows it, and a click that lost a race stores nothing.

    The run is share-locked while the answer is written, so a close that starts meanwhile waits
    for it, and an answer can never land in a run that has already closed.
    """
    row = core(
        session,
        _RUN_OF_RESPONSE_FOR_SHARE,
        {"response_id": response_id, "workspace_id": workspace_id},
    ).one_or_none()
    if row is None:
        raise NotFound("response", response_id)
    if row.status is not RunStatus.OPEN:
        raise RunNotOpen(row.id, row.status.value)
    revision = core(
        session,
        _answer_upsert(session.get_bind().dialect.name),
        {
            "response_id": response_id,
            "question_id": question_id,
            "stage": stage,
            "answered_at": now,
            "message_ts": message_ts,
        },
    ).scalar()
    if revision is None:
        return AnswerOutcome.REPEATED
    return AnswerOutcome.NEW if revision == 1 else AnswerOutcome.CHANGED


# Built once: every click writes an answer, and building these (the upsert's `excluded` alias
# above all) cost more than running them. They take their values as bound parameters.
_RUN_OF_RESPONSE_FOR_SHARE = (
    select(AssessmentRun.id, AssessmentRun.status)
    .join(Response, Response.run_id == AssessmentRun.id)
    .where(
        Response.id == bindparam("response_id"),
        Response.workspace_id == bindparam("workspace_id"),
    )
    .with_for_update(read=True, of=AssessmentRun)
)


@cache
def _answer_upsert(dialect: str) -> ReturningInsert[int]:
    """Insert an answer, or replace a different one (its revision counted); RETURNING the
    revision, or nothing when the same answer was there already."""
    statement = insert_for(dialect, Answer).values(
        response_id=bindparam("response_id"),
        question_id=bindparam("question_id"),
        stage=bindparam("stage"),
        answered_at=bindparam("answered_at"),
        revision=1,
        message_ts=bindparam("message_ts"),
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[Answer.response_id, Answer.question_id],
        set_={
            "stage": statement.excluded.stage,
            "answered_at": statement.excluded.answered_at,
            "revision": Answer.revision + 1,
            "message_ts": func.coalesce(statement.excluded.message_ts, Answer.message_ts),
        },
        # "Is distinct from", not "!=": a don't know (NULL) is a choice too, and NULL != 2 is
        # not true, so "!=" would never replace one answer by the other.
        where=Answer.stage.is_distinct_from(statement.excluded.stage),
    )
    return upsert.returning(Answer.revision)


def answers_of(session: Session, *, response_id: str) -> dict[str, int | None]:
    """Question id -> the stage chosen, or None for "don't know" (an unanswered question is
    absent)."""
    rows = core(session, _ANSWERS_OF, {"response_id": response_id})
    return {row.question_id: row.stage for row in rows}


_ANSWERS_OF = select(Answer.question_id, Answer.stage).where(
    Answer.response_id == bindparam("response_id")
)


def answers_of_each(
    session: Session, *, response_ids: Sequence[str]
) -> dict[str, dict[str, int | None]]:
    """`answers_of` for several responses in one query (a response without answers is absent):
    one query for a person's whole history, where one each would be a query per run."""
    found: dict[str, dict[str, int | None]] = {}
    if not response_ids:
        return found
    rows = session.execute(
        select(Answer.response_id, Answer.question_id, Answer.stage).where(
            Answer.response_id.in_(response_ids)
        )
    )
    for response_id, question_id, stage in rows:
        found.setdefault(response_id, {})[question_id] = stage
    return found


def advance(
    session: Session,
    *,
    response_id: str,
    from_question_id: str | None,
    to_question_id: str | None,
    message_ts: str | None,
    owed_by: datetime | None,
) -> bool:
    """Move the conversation on, only if it is still where the caller saw it; True if it moved.

    Two clicks on one question (a double click, Slack retrying, two options at once) can both
    get this far; the conditional update lets exactly one of them move on (and post the next
    question), so nobody sees a question twice. On PostgreSQL the second waits on the row lock
    the first holds and then finds nothing to move. Call it before writing anything else for
    the click, and write only if it moved: the loser then leaves no trace. The position is kept
    in the database, so any worker, or a restarted one, can continue the conversation.

    The step the move makes due is owed (`show_due_at = owed_by`) in the same statement: set
    afterwards on the loaded object, it could be lost, because the ORM writes nothing when the
    value equals the one it loaded, though the previous step's showing may have cleared it since.
    """
    values = {
        "response_id": response_id,
        "from_question_id": from_question_id,
        "to_question_id": to_question_id,
        "message_ts": message_ts,
        "owed_by": owed_by,
    }
    statement = _ADVANCE_FROM_START if from_question_id is None else _ADVANCE
    if core(session, statement, values).rowcount != 1:
        return False
    loaded = session.identity_map.get(identity_key(Response, response_id))
    if loaded is not None:
        # The statement ran past the ORM: the response this session holds is told what changed,
        # as loaded values (so that nothing is written again at commit).
        set_committed_value(loaded, "current_question_id", to_question_id)
        set_committed_value(loaded, "message_ts", message_ts)
        set_committed_value(loaded, "show_due_at", owed_by)
    return True


def _advance(where_it_stands: ColumnElement[bool]) -> Update:
    """`advance`'s conditional UPDATE, built once (every click moves a conversation on)."""
    return (
        update(Response)
        .where(Response.id == bindparam("response_id"), where_it_stands)
        .values(
            current_question_id=bindparam("to_question_id"),
            message_ts=bindparam("message_ts"),
            show_due_at=bindparam("owed_by"),
        )
    )


_ADVANCE = _advance(Response.current_question_id == bindparam("from_question_id"))
_ADVANCE_FROM_START = _advance(Response.current_question_id.is_(None))


def remember_message(
    session: Session, *, response_id: str, question_id: str, message_ts: str
) -> None:
    """Note which message shows the current question (no longer owed), unless the person has
    already moved on."""
    core(
        session,
        _REMEMBER_MESSAGE,
        {"response_id": response_id, "question_id": question_id, "message_ts": message_ts},
    )


_REMEMBER_MESSAGE = (
    update(Response)
    .where(
        Response.id == bindparam("response_id"),
        Response.current_question_id == bindparam("question_id"),
    )
    .values(message_ts=bindparam("message_ts"), show_due_at=None)
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


def complete_response(
    session: Session, *, response_id: str, now: datetime, owed_by: datetime | None = None
) -> bool:
    """Mark the response finished; True only for the call that actually finished it.

    Like `advance`, a conditional update: the form calls it before storing its answers, so a
    second submission (or the last click, finishing meanwhile) stores nothing over a finished
    response. `owed_by`, if given, owes the profile in the same statement (see `advance`).
    """
    values: dict[str, object] = {"completed_at": now, "current_question_id": None}
    if owed_by is not None:
        values["show_due_at"] = owed_by
    finished = affected_rows(
        session,
        update(Response)
        .where(Response.id == response_id, Response.completed_at.is_(None))
        .values(values),
    )
    return finished == 1


def completed_answers(session: Session, *, run_id: str) -> list[dict[str, int | None]]:
    """Every finished member's answers (None for "don't know", as in `answers_of`), for the
    team profile; in no meaningful order, but ordered by response, so that
    `storage.roles.completed_roles` lines up with it."""
    rows = session.execute(
        select(Answer.response_id, Answer.question_id, Answer.stage)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.run_id == run_id, Response.completed_at.is_not(None))
        .order_by(Answer.response_id)
    )
    members: dict[str, dict[str, int | None]] = {}
    for response_id, question_id, stage in rows:
        members.setdefault(response_id, {})[question_id] = stage
    return list(members.values())
