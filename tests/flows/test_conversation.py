"""The DM conversation's rules, on a real database, without Slack."""

from __future__ import annotations

import pytest

from flows import conversation
from flows.errors import BadRequest, RunOver, StaleClick
from flows.services import Services
from flows.steps import Advanced, AlreadyHandled, Ask, Finished, MissingAnswers, ResumeOffer
from tests.clock import Clock

W, U = "T1", "U1"


def _begin(services: Services) -> Ask:
    step = conversation.begin_individual(services, workspace_id=W, user_id=U, channel_id="D1")
    assert isinstance(step, Ask)
    return step


def _pick(services: Services, ask: Ask, stage: int, ts: str = "1.0") -> Advanced | AlreadyHandled:
    return conversation.answer(
        services,
        workspace_id=W,
        user_id=U,
        response_id=ask.response_id,
        question_id=ask.question.id,
        stage=stage,
        message_ts=ts,
    )


def test_every_answer_in_order_gives_a_profile(services: Services) -> None:
    ask = _begin(services)
    seen = []
    while True:
        seen.append((ask.number, ask.question.id))
        step = _pick(services, ask, 3)
        assert isinstance(step, Advanced)
        assert step.answered.stage == 3
        if isinstance(step.next, Finished):
            finished = step.next
            break
        ask = step.next
    assert [n for n, _ in seen] == list(range(1, len(services.framework.questions) + 1))
    assert [q for _, q in seen] == [q.id for q in services.framework.questions]
    assert finished.profile.stage == 3 and finished.team is None


def test_a_double_click_moves_on_once(services: Services) -> None:
    ask = _begin(services)
    first = _pick(services, ask, 2)
    assert isinstance(first, Advanced) and isinstance(first.next, Ask)
    assert isinstance(_pick(services, ask, 2), AlreadyHandled)


def test_an_old_question_clicked_with_another_answer_is_stale(services: Services) -> None:
    ask = _begin(services)
    _pick(services, ask, 2)
    with pytest.raises(StaleClick, match="question 1 was already taken"):
        _pick(services, ask, 4)


def test_back_reopens_the_previous_question_and_the_new_answer_replaces_the_old(
    services: Services,
) -> None:
    q1 = _begin(services)
    step = _pick(services, q1, 1, ts="100.1")
    assert isinstance(step, Advanced) and isinstance(step.next, Ask)
    q2 = step.next
    went = conversation.back(
        services,
        workspace_id=W,
        user_id=U,
        response_id=q2.response_id,
        question_id=q2.question.id,
        message_ts="100.2",
    )
    assert not isinstance(went, AlreadyHandled)
    assert went.ask.question.id == q1.question.id and went.ask.chosen == 1
    assert went.reopen_ts == "100.1" and went.leaving_ts == "100.2" and went.leaving is None
    again = _pick(services, went.ask, 4, ts="100.1")
    assert isinstance(again, Advanced) and isinstance(again.next, Ask)
    assert again.next.question.id == q2.question.id
    answers = conversation.form_answers(
        services, workspace_id=W, user_id=U, response_id=q1.response_id
    )
    assert answers == {q1.question.id: 4}


def test_leaving_half_way_offers_to_continue_and_restart_sets_answers_aside(
    services: Services, clock: Clock
) -> None:
    ask = _begin(services)
    for _ in range(6):
        step = _pick(services, ask, 2)
        assert isinstance(step, Advanced) and isinstance(step.next, Ask)
        ask = step.next
    clock.advance(days=3)
    offer = conversation.begin_individual(services, workspace_id=W, user_id=U, channel_id="D1")
    assert isinstance(offer, ResumeOffer)
    assert (offer.answered, offer.remaining) == (6, 9)
    resumed, _ = conversation.continue_response(
        services, workspace_id=W, user_id=U, response_id=offer.response_id
    )
    assert resumed.number == 7
    fresh = conversation.restart_individual(services, workspace_id=W, user_id=U, channel_id="D1")
    assert fresh.number == 1 and fresh.response_id != offer.response_id
    with pytest.raises(RunOver, match="cancelled"):
        _pick(services, ask, 3)


def test_someone_elses_response_is_refused(services: Services) -> None:
    ask = _begin(services)
    with pytest.raises(BadRequest, match="someone else's"):
        conversation.answer(
            services,
            workspace_id=W,
            user_id="U2",
            response_id=ask.response_id,
            question_id=ask.question.id,
            stage=2,
            message_ts=None,
        )
    with pytest.raises(BadRequest, match="someone else's"):
        conversation.answer(
            services,
            workspace_id="T2",
            user_id=U,
            response_id=ask.response_id,
            question_id=ask.question.id,
            stage=2,
            message_ts=None,
        )


@pytest.mark.parametrize(("question_id", "stage"), [("nope.nope", 2), ("renewal.motion", 5)])
def test_unknown_questions_and_options_out_of_range_are_refused(
    services: Services, question_id: str, stage: int
) -> None:
    ask = _begin(services)
    with pytest.raises(BadRequest):
        conversation.answer(
            services,
            workspace_id=W,
            user_id=U,
            response_id=ask.response_id,
            question_id=question_id,
            stage=stage,
            message_ts=None,
        )


def test_the_form_names_missing_answers_and_stores_nothing_until_complete(
    services: Services,
) -> None:
    ask = _begin(services)
    ids = [q.id for q in services.framework.questions]
    partial: dict[str, int | None] = dict.fromkeys(ids, 2)
    partial[ids[3]] = None
    partial[ids[9]] = None
    step = conversation.submit_form(
        services, workspace_id=W, user_id=U, response_id=ask.response_id, answers=partial
    )
    assert isinstance(step, MissingAnswers) and step.question_ids == (ids[3], ids[9])
    answers = conversation.form_answers(
        services, workspace_id=W, user_id=U, response_id=ask.response_id
    )
    assert answers == {}
    done = conversation.submit_form(
        services,
        workspace_id=W,
        user_id=U,
        response_id=ask.response_id,
        answers=dict.fromkeys(ids, 2),
    )
    assert isinstance(done, Finished) and done.profile.stage == 2


def test_a_second_assessment_shows_the_trend_against_the_first(
    services: Services, clock: Clock
) -> None:
    ids = [q.id for q in services.framework.questions]
    for stage in (2, 3):
        clock.advance(days=90)
        ask = _begin(services)
        done = conversation.submit_form(
            services,
            workspace_id=W,
            user_id=U,
            response_id=ask.response_id,
            answers=dict.fromkeys(ids, stage),
        )
        assert isinstance(done, Finished)
    assert isinstance(done, Finished) and done.trend is not None
    assert done.trend.overall.stage_before == 2 and done.trend.overall.stage_after == 3
