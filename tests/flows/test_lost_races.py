"""A click that loses a race stores nothing and is told which answer counts; on both databases.

The winner is held mid-transaction (it has moved the conversation and written its answer, but
not committed) while the loser runs the real `conversation.answer`: on PostgreSQL the loser
waits on the row lock, on SQLite behind the writer, and either way must find nothing to move.
The full races through Slack are in tests/hardening/test_races.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from flows import conversation
from flows.errors import RunOver, StaleClick
from flows.services import Services
from flows.steps import Advanced, AlreadyHandled, Ask, Finished, WentBack
from storage import responses
from storage.database import Database
from storage.models import Answer
from tests.clock import Clock
from tests.picks import form_picks, shown_for

W, U = "T1", "U1"


@pytest.fixture
def raced(database: Database, clock: Clock) -> Services:
    """Services on each database (the flows conftest's `services` is SQLite only)."""
    return Services(database=database, clock=clock)


def _begin(services: Services) -> Ask:
    step = conversation.begin_individual(services, workspace_id=W, user_id=U, channel_id="D1")
    assert isinstance(step, Ask)
    return step


def _pick(services: Services, ask: Ask, stage: int) -> Advanced | AlreadyHandled:
    return conversation.answer(
        services,
        workspace_id=W,
        user_id=U,
        response_id=ask.response_id,
        question_id=ask.question.id,
        shown=shown_for(ask, stage),
        message_ts="1.0",
    )


def _stored(services: Services, response_id: str) -> list[tuple[str, int, int]]:
    with services.database.session() as session:
        rows = session.execute(
            select(Answer.question_id, Answer.stage, Answer.revision).where(
                Answer.response_id == response_id
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def _waiting_on_a_lock(database: Database) -> bool:
    if database.engine.dialect.name != "postgresql":
        time.sleep(0.2)  # SQLite: the loser queues behind the open write; nothing to observe
        return True
    with database.engine.connect() as connection:
        return bool(connection.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")))


def _click_wins(services: Services, ask: Ask, stage: int) -> Callable[[Session], None]:
    """What the winning click does in its transaction: move on, then store its answer."""
    following = services.framework.questions[ask.number]

    def win(session: Session) -> None:
        assert responses.advance(
            session,
            response_id=ask.response_id,
            from_question_id=ask.question.id,
            to_question_id=following.id,
            message_ts=None,
            owed_by=services.due(),
        )
        responses.record_answer(
            session,
            workspace_id=W,
            response_id=ask.response_id,
            question_id=ask.question.id,
            stage=stage,
            now=services.clock(),
        )

    return win


def _while_winner_holds(
    services: Services, win: Callable[[Session], None], loser: Callable[[], object]
) -> object:
    """Run `loser` while another transaction has done `win` but not yet committed; return what
    `loser` returned or raised."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(loser())
        except Exception as error:  # the refusal is what the test looks at
            outcome.append(error)

    with services.database.session() as session:
        win(session)
        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 10
        while not _waiting_on_a_lock(services.database):
            assert time.monotonic() < deadline, "the losing click never reached the lock"
            time.sleep(0.02)
    thread.join(timeout=10)
    assert outcome, "the losing click never finished"
    return outcome[0]


def test_the_losing_option_stores_nothing_and_is_told_which_answer_counts(
    raced: Services,
) -> None:
    ask = _begin(raced)
    lost = _while_winner_holds(raced, _click_wins(raced, ask, 4), lambda: _pick(raced, ask, 1))
    assert isinstance(lost, StaleClick)
    counted = ask.question.option(4).text
    assert str(lost) == (
        f"Your answer to question 1 was already taken: \u201c{counted}\u201d. That is the one "
        "that counts; to change it, use Back on the latest question below."
    )
    assert _stored(raced, ask.response_id) == [(ask.question.id, 4, 1)]


def test_the_same_option_clicked_twice_at_once_stays_silent(raced: Services) -> None:
    ask = _begin(raced)
    again = _while_winner_holds(raced, _click_wins(raced, ask, 2), lambda: _pick(raced, ask, 2))
    assert isinstance(again, AlreadyHandled)
    assert _stored(raced, ask.response_id) == [(ask.question.id, 2, 1)]


def test_back_racing_a_pick_stores_nothing_and_says_so(raced: Services) -> None:
    q1 = _begin(raced)
    step = _pick(raced, q1, 3)
    assert isinstance(step, Advanced) and isinstance(step.next, Ask)
    q2 = step.next

    def back() -> WentBack | AlreadyHandled:
        return conversation.back(
            raced,
            workspace_id=W,
            user_id=U,
            response_id=q2.response_id,
            question_id=q2.question.id,
            message_ts="2.0",
        )

    lost = _while_winner_holds(raced, _click_wins(raced, q2, 1), back)
    assert isinstance(lost, StaleClick) and "earlier in our conversation" in str(lost)
    assert sorted(_stored(raced, q1.response_id)) == sorted(
        [(q1.question.id, 3, 1), (q2.question.id, 1, 1)]
    )


def test_a_late_click_on_another_option_names_the_answer_that_counts(raced: Services) -> None:
    ask = _begin(raced)
    assert isinstance(_pick(raced, ask, 2), Advanced)
    with pytest.raises(StaleClick, match="question 1 was already taken") as refused:
        _pick(raced, ask, 3)
    assert ask.question.option(2).text in str(refused.value)
    assert _stored(raced, ask.response_id) == [(ask.question.id, 2, 1)]


def test_a_form_racing_another_stores_nothing_over_the_finished_response(
    raced: Services,
) -> None:
    ask = _begin(raced)
    ids = [q.id for q in raced.framework.questions]
    picks = form_picks(raced, workspace_id=W, user_id=U, response_id=ask.response_id, stages=4)

    def first_form(session: Session) -> None:
        assert responses.complete_response(session, response_id=ask.response_id, now=raced.clock())
        for question_id in ids:
            responses.record_answer(
                session,
                workspace_id=W,
                response_id=ask.response_id,
                question_id=question_id,
                stage=2,
                now=raced.clock(),
            )

    def second_form() -> object:
        return conversation.submit_form(
            raced,
            workspace_id=W,
            user_id=U,
            response_id=ask.response_id,
            answers=picks,
        )

    lost = _while_winner_holds(raced, first_form, second_form)
    assert isinstance(lost, StaleClick)
    assert str(lost) == "You have already answered every question; your profile is in your DM."
    assert sorted(_stored(raced, ask.response_id)) == sorted((q, 2, 1) for q in ids)


def test_the_form_after_the_last_click_finished_changes_nothing(raced: Services) -> None:
    ask = _begin(raced)
    step: Advanced | AlreadyHandled | None = None
    while not (isinstance(step, Advanced) and isinstance(step.next, Finished)):
        step = _pick(raced, ask, 3)
        assert isinstance(step, Advanced)
        if isinstance(step.next, Ask):
            ask = step.next
    ids = [q.id for q in raced.framework.questions]
    with pytest.raises(RunOver, match="finished this assessment already"):
        conversation.submit_form(
            raced,
            workspace_id=W,
            user_id=U,
            response_id=ask.response_id,
            answers=form_picks(
                raced, workspace_id=W, user_id=U, response_id=ask.response_id, stages=1
            ),
        )
    assert sorted(_stored(raced, ask.response_id)) == sorted((q, 3, 1) for q in ids)
