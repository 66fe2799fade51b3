"""The DM conversation's rules, on a real database, without Slack."""

from __future__ import annotations

import pytest

from flows import conversation
from flows.errors import BadRequest, RunOver, StaleClick
from flows.services import Services
from flows.steps import (
    DONT_KNOW,
    Advanced,
    AlreadyHandled,
    Ask,
    Finished,
    Lettered,
    MissingAnswers,
    ResumeOffer,
    Shown,
    ShownStage,
)
from tests.clock import Clock
from tests.picks import form_picks, letter_for

W, U = "T1", "U1"


def _letter(options: Lettered, stage: int) -> Shown:
    return letter_for(options, stage)


def _form_picks(services: Services, response_id: str, stage: int) -> dict[str, Shown | None]:
    return form_picks(services, workspace_id=W, user_id=U, response_id=response_id, stages=stage)


def _stored(services: Services, response_id: str) -> dict[str, object]:
    """What the form would be prefilled with: the choices stored so far."""
    form = conversation.form(services, workspace_id=W, user_id=U, response_id=response_id)
    return {q.question.id: q.chosen for q in form.questions if q.chosen is not None}


def _begin(services: Services) -> Ask:
    step = conversation.begin_individual(services, workspace_id=W, user_id=U, channel_id="D1")
    assert isinstance(step, Ask)
    return step


def _pick(
    services: Services, ask: Ask, stage: int | None, ts: str = "1.0"
) -> Advanced | AlreadyHandled:
    """Click the option of `stage` by the letter it is shown under (None: don't know)."""
    return conversation.answer(
        services,
        workspace_id=W,
        user_id=U,
        response_id=ask.response_id,
        question_id=ask.question.id,
        shown=letter_for(ask.options, stage),
        message_ts=ts,
    )


def test_every_answer_in_order_gives_a_profile(services: Services) -> None:
    ask = _begin(services)
    seen = []
    while True:
        seen.append((ask.number, ask.question.id))
        step = _pick(services, ask, 3)
        assert isinstance(step, Advanced)
        assert step.answered.chosen == 3 and step.answered.option is not None
        assert step.answered.option.stage == 3
        assert step.answered.letter == _letter(ask.options, 3)
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
    assert _stored(services, q1.response_id) == {q1.question.id: 4}


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
            shown="B",
            message_ts=None,
        )
    with pytest.raises(BadRequest, match="someone else's"):
        conversation.answer(
            services,
            workspace_id="T2",
            user_id=U,
            response_id=ask.response_id,
            question_id=ask.question.id,
            shown="B",
            message_ts=None,
        )


@pytest.mark.parametrize(
    ("question_id", "shown"),
    [
        ("nope.nope", "B"),
        (None, "E"),
        (None, "a"),
        (None, ""),
        (None, ShownStage(5)),
        (None, ShownStage(0)),
    ],
)
def test_unknown_questions_and_options_out_of_range_are_refused(
    services: Services, question_id: str | None, shown: Shown
) -> None:
    """(None: the question on screen.)"""
    ask = _begin(services)
    question_id = question_id or ask.question.id
    with pytest.raises(BadRequest):
        conversation.answer(
            services,
            workspace_id=W,
            user_id=U,
            response_id=ask.response_id,
            question_id=question_id,
            shown=shown,
            message_ts=None,
        )


def test_the_form_names_missing_answers_and_stores_nothing_until_complete(
    services: Services,
) -> None:
    ask = _begin(services)
    ids = [q.id for q in services.framework.questions]
    picks = _form_picks(services, ask.response_id, 2)
    partial = {**picks, ids[3]: None, ids[9]: None}
    step = conversation.submit_form(
        services, workspace_id=W, user_id=U, response_id=ask.response_id, answers=partial
    )
    assert isinstance(step, MissingAnswers) and step.question_ids == (ids[3], ids[9])
    assert _stored(services, ask.response_id) == {}
    done = conversation.submit_form(
        services, workspace_id=W, user_id=U, response_id=ask.response_id, answers=picks
    )
    assert isinstance(done, Finished) and done.profile.stage == 2


def test_a_second_assessment_shows_the_trend_against_the_first(
    services: Services, clock: Clock
) -> None:
    for stage in (2, 3):
        clock.advance(days=90)
        ask = _begin(services)
        done = conversation.submit_form(
            services,
            workspace_id=W,
            user_id=U,
            response_id=ask.response_id,
            answers=_form_picks(services, ask.response_id, stage),
        )
        assert isinstance(done, Finished)
    assert isinstance(done, Finished) and done.trend is not None
    assert done.trend.overall.stage_before == 2 and done.trend.overall.stage_after == 3


def test_each_response_has_its_own_order_the_same_on_every_screen(services: Services) -> None:
    """The options' order comes from the response, not the file: Back, continuing and the form
    show the one the first question did, and a fresh start gets another."""
    q1 = _begin(services)
    assert sorted(o.stage for _, o in q1.options) == [1, 2, 3, 4]
    assert [letter for letter, _ in q1.options] == ["A", "B", "C", "D"]
    step = _pick(services, q1, 3, ts="1.1")
    assert isinstance(step, Advanced) and isinstance(step.next, Ask)
    q2 = step.next
    went = conversation.back(
        services,
        workspace_id=W,
        user_id=U,
        response_id=q1.response_id,
        question_id=q2.question.id,
        message_ts="1.2",
    )
    assert not isinstance(went, AlreadyHandled)
    assert went.ask.options == q1.options and went.ask.chosen_letter == _letter(q1.options, 3)
    resumed, _ = conversation.continue_response(
        services, workspace_id=W, user_id=U, response_id=q1.response_id
    )
    assert resumed.options == q1.options
    form = conversation.form(services, workspace_id=W, user_id=U, response_id=q1.response_id)
    assert form.questions[0].options == q1.options and form.questions[0].chosen == 3
    assert form.questions[1].options == q2.options

    orders = set()
    for _ in range(6):  # 24 orders per question: six fresh starts are not all alike
        fresh = conversation.restart_individual(
            services, workspace_id=W, user_id=U, channel_id="D1"
        )
        orders.add(tuple(o.stage for _, o in fresh.options))
    assert len(orders) > 1


def test_dont_know_moves_on_is_stored_and_leaves_a_dimension_unscored(
    services: Services,
) -> None:
    """Don't know on both questions of a dimension: the person moves on each time, the
    answers read back as don't know, and that dimension has no score (the others do)."""
    ask = _begin(services)
    framework = services.framework
    unknowing, knowing = framework.dimensions[3].id, framework.dimensions[4].id
    unknown = {q.id for q in framework.questions_in(unknowing)}
    while True:
        step = _pick(services, ask, None if ask.question.id in unknown else 3)
        assert isinstance(step, Advanced)
        if ask.question.id in unknown:
            assert step.answered.chosen is DONT_KNOW and step.answered.letter is None
        if isinstance(step.next, Finished):
            finished = step.next
            break
        assert step.next.number == ask.number + 1  # a don't know moves the person on
        ask = step.next
    not_known = finished.profile.dimension(unknowing)
    assert not_known.score is None and not_known.answered == 0
    assert not_known.unknown == len(unknown)
    assert finished.profile.dimension(knowing).score == 3


def test_dont_know_can_be_changed_back_and_a_repeat_is_absorbed(services: Services) -> None:
    q1 = _begin(services)
    step = _pick(services, q1, None, ts="2.1")
    assert isinstance(step, Advanced) and isinstance(step.next, Ask)
    assert isinstance(_pick(services, q1, None, ts="2.1"), AlreadyHandled)  # double click
    with pytest.raises(StaleClick, match="Don't know / not my area"):
        _pick(services, q1, 2, ts="2.1")  # the old message, another answer: names the one
    went = conversation.back(
        services,
        workspace_id=W,
        user_id=U,
        response_id=q1.response_id,
        question_id=step.next.question.id,
        message_ts="2.2",
    )
    assert not isinstance(went, AlreadyHandled) and went.ask.chosen is DONT_KNOW
    assert went.ask.chosen_letter is None
    _pick(services, went.ask, 4, ts="2.1")
    assert _stored(services, q1.response_id) == {q1.question.id: 4}


def test_the_form_takes_dont_know_and_a_form_from_before_the_shuffle(
    services: Services,
) -> None:
    """A form opened before options were shuffled sent the stage of each option it showed:
    taken as shown. Don't know is an answer, not a missing one."""
    ask = _begin(services)
    ids = [q.id for q in services.framework.questions]
    picks: dict[str, Shown | None] = {qid: ShownStage(3) for qid in ids}
    picks[ids[0]] = DONT_KNOW
    done = conversation.submit_form(
        services, workspace_id=W, user_id=U, response_id=ask.response_id, answers=picks
    )
    assert isinstance(done, Finished)
    outcome = done.profile.dimension(services.framework.questions[0].dimension)
    assert outcome.unknown == 1 and outcome.score == 3
