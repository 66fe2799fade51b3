"""One person's way through the framework's questions, in a DM, one question at a time.

Every step reads and writes the database in one transaction and keeps nothing in memory, so any
worker can take the next click and a restart loses nothing. Clicks carry the response and the
question they were shown for; a click that no longer fits where the conversation is (an old
message, a double click, Slack retrying) is either silently absorbed or answered in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session, object_session

from flows.comments import check, offer_after, own_comments
from flows.errors import BadRequest, RunOver, StaleClick
from flows.history import previous_own_profile
from flows.own_response import own_response
from flows.progress import team_progress
from flows.services import Services
from flows.steps import (
    DONT_KNOW,
    DONT_KNOW_WORDS,
    Advanced,
    AlreadyHandled,
    Answered,
    Ask,
    Chosen,
    Finished,
    Form,
    FormQuestion,
    MissingAnswers,
    ResumeOffer,
    RoleOffer,
    Shown,
    ShownStage,
    TeamProgress,
    WentBack,
)
from scoring import Framework, Role, lettered, option_at, role_of, score_individual
from scoring.framework import Question
from storage import comments, responses, roles, runs
from storage.models import AssessmentRun, Response, RunKind, RunStatus

ALL_ANSWERED = "You have already answered every question; your profile is in your DM."

StoredAnswers = Mapping[str, int | None]
"""Question id -> stage, or None for don't know; a question not answered yet is absent."""


def begin_individual(
    services: Services, *, workspace_id: str, user_id: str, channel_id: str | None
) -> Ask | ResumeOffer:
    """Start the person's own assessment, or offer to continue the one they left half-way."""
    with services.database.session() as session:
        run = runs.in_progress_individual_run(session, workspace_id=workspace_id, user_id=user_id)
        if run is not None:
            response = responses.join_run(session, run=run, user_id=user_id, now=services.clock())
            answers = responses.answers_of(session, response_id=response.id)
            if answers:
                return _resume_offer(framework_of(services, run), response, run, answers)
            owe(services, response)
            return ask_current(services, response, answers)
        return _start_individual(services, session, workspace_id, user_id, channel_id)


def resume_offer_for(services: Services, *, workspace_id: str, user_id: str) -> ResumeOffer | None:
    """The person's unfinished assessment of their own, if any, as an offer to continue."""
    with services.database.session() as session:
        run = runs.in_progress_individual_run(session, workspace_id=workspace_id, user_id=user_id)
        if run is None:
            return None
        response = responses.join_run(session, run=run, user_id=user_id, now=services.clock())
        answers = responses.answers_of(session, response_id=response.id)
        return _resume_offer(framework_of(services, run), response, run, answers)


def restart_individual(
    services: Services, *, workspace_id: str, user_id: str, channel_id: str | None
) -> Ask:
    """Drop the unfinished assessment (it is cancelled, not scored) and start a fresh one."""
    with services.database.session() as session:
        run = runs.in_progress_individual_run(session, workspace_id=workspace_id, user_id=user_id)
        if run is not None:
            runs.cancel_run(session, workspace_id=workspace_id, run_id=run.id, now=services.clock())
        return _start_individual(services, session, workspace_id, user_id, channel_id)


def _start_individual(
    services: Services,
    session: Session,
    workspace_id: str,
    user_id: str,
    channel_id: str | None,
) -> Ask:
    now = services.clock()
    run = runs.open_run(
        session,
        workspace_id=workspace_id,
        kind=RunKind.INDIVIDUAL,
        started_by=user_id,
        framework_version=services.framework.version,
        now=now,
        channel_id=channel_id,
    )
    response = responses.join_run(session, run=run, user_id=user_id, now=now)
    return begin_response(services, response, channel_id)


def begin_response(services: Services, response: Response, channel_id: str | None) -> Ask:
    response.channel_id = channel_id
    response.current_question_id = framework_of(services, response.run).questions[0].id
    owe(services, response)
    return ask_current(services, response, {})


def framework_of(services: Services, run: AssessmentRun) -> Framework:
    """The framework `run` is taken with: its questions are asked and its answers scored."""
    return services.framework_for(run.framework_version)


def owe(services: Services, response: Response) -> None:
    """The person's next step is about to be shown: if it is not, the timetable will."""
    response.show_due_at = services.due()


def continue_response(
    services: Services, *, workspace_id: str, user_id: str, response_id: str
) -> tuple[Ask, str | None]:
    """Show the question the person stopped at; also returns the old message that showed it."""
    with services.database.session() as session:
        response = _own_open_response(session, workspace_id, user_id, response_id)
        answers = responses.answers_of(session, response_id=response.id)
        if response.completed_at is not None:
            raise StaleClick(ALL_ANSWERED)
        old_message = response.message_ts
        response.message_ts = None
        owe(services, response)
        return ask_current(services, response, answers), old_message


def answer(
    services: Services,
    *,
    workspace_id: str,
    user_id: str,
    response_id: str,
    question_id: str,
    shown: Shown,
    message_ts: str | None,
) -> Advanced | AlreadyHandled:
    """Take a pick from a question message and decide what comes next.

    `shown` is what the person clicked as they saw it: a letter in their own order of the
    options (turned into a stage here, with the response's seed), or don't know.

    The move and the answer commit together or not at all: the conversation is moved on first,
    with a conditional update, and the answer is written only by the transaction that moved it.
    Two options clicked at the same instant therefore never both write: on PostgreSQL the
    second waits on the row the first is moving, finds nothing left to move, and stores nothing
    (on SQLite the second starts after the first has committed). The loser is answered like any
    late click (`_not_taken`), so what is stored is the answer the DM shows.
    """
    with services.database.session() as session:
        response = _own_open_response(session, workspace_id, user_id, response_id)
        framework = framework_of(services, response.run)
        question = _question(framework, question_id)
        stage = _stage_of(question, response, shown)
        answers = responses.answers_of(session, response_id=response.id)
        if response.current_question_id != question_id:
            return _not_taken(framework, response, question, stage, answers)

        answers = {**answers, question_id: stage}
        following = _first_unanswered(framework, answers)
        owed = services.due()
        moved = responses.advance(
            session,
            response_id=response.id,
            from_question_id=question_id,
            to_question_id=following.id if following else None,
            message_ts=None,
            owed_by=owed,
        )
        if not moved:
            session.refresh(response)
            taken = responses.answers_of(session, response_id=response.id)
            return _not_taken(framework, response, question, stage, taken)
        now = services.clock()
        responses.record_answer(
            session,
            workspace_id=workspace_id,
            response_id=response.id,
            question_id=question_id,
            stage=stage,
            now=now,
            message_ts=message_ts,
        )
        answered = _answered(framework, response, question, stage, message_ts)
        if following is not None:
            return Advanced(answered, _ask(framework, response, following, answers))
        _complete(session, response, now, owed)
        return Advanced(answered, _finish(services, session, response, answers, now))


def _not_taken(
    framework: Framework,
    response: Response,
    question: Question,
    stage: int | None,
    answers: StoredAnswers,
) -> AlreadyHandled:
    """A pick for a question the conversation has already left: silent if it repeats the answer
    that counts (a double click, Slack retrying), refused in words naming that answer if not."""
    if question.id not in answers:
        raise _stale(response)
    taken = answers[question.id]
    if taken == stage:
        return AlreadyHandled()
    raise _already_taken(framework, response, question, taken)


def back(
    services: Services,
    *,
    workspace_id: str,
    user_id: str,
    response_id: str,
    question_id: str,
    message_ts: str | None,
) -> WentBack | AlreadyHandled:
    """Reopen the question before `question_id` so the person can change that answer.

    Back writes nothing but the move, and the move is conditional: of a Back and a pick (or two
    Backs) racing on one question, exactly one moves, and the other is answered as if it had
    come after it (`_not_gone_back`).
    """
    with services.database.session() as session:
        response = _own_open_response(session, workspace_id, user_id, response_id)
        framework = framework_of(services, response.run)
        question = _question(framework, question_id)
        index = framework.questions.index(question)
        if index == 0:
            raise BadRequest("This is the first question; there is nothing before it.")
        previous = framework.questions[index - 1]
        answers = responses.answers_of(session, response_id=response.id)
        if response.current_question_id != question_id:
            return _not_gone_back(response, previous)
        reopen_ts = responses.answer_message(
            session, response_id=response.id, question_id=previous.id
        )
        owed = services.due()
        if not responses.advance(
            session,
            response_id=response.id,
            from_question_id=question_id,
            to_question_id=previous.id,
            message_ts=reopen_ts,
            owed_by=owed,
        ):
            session.refresh(response)
            return _not_gone_back(response, previous)
        leaving = (
            _answered(framework, response, question, answers[question_id], message_ts)
            if question_id in answers
            else None
        )
        return WentBack(
            ask=_ask(framework, response, previous, answers),
            reopen_ts=reopen_ts,
            leaving_ts=message_ts,
            leaving=leaving,
        )


def _not_gone_back(response: Response, previous: Question) -> AlreadyHandled:
    """Back on a question the conversation has left: silent if it already went back there."""
    if response.current_question_id == previous.id:
        return AlreadyHandled()
    raise _stale(response)


def form(services: Services, *, workspace_id: str, user_id: str, response_id: str) -> Form:
    """The all-at-once form: every question in the person's own option order (the order their
    DM shows), prefilled with their answers so far."""
    with services.database.session() as session:
        response = _own_open_response(session, workspace_id, user_id, response_id)
        framework = framework_of(services, response.run)
        answers = responses.answers_of(session, response_id=response.id)
        return Form(
            response_id=response.id,
            framework=framework,
            questions=tuple(
                FormQuestion(
                    question=question,
                    number=number,
                    options=lettered(question, response.seed),
                    chosen=_chosen(answers, question.id),
                )
                for number, question in enumerate(framework.questions, start=1)
            ),
            role=_role_offer(session, response),
            comments=own_comments(session, response_id=response.id),
        )


def submit_form(
    services: Services,
    *,
    workspace_id: str,
    user_id: str,
    response_id: str,
    answers: Mapping[str, Shown | None],
    role: Role | None = None,
    written: Mapping[str, str] | None = None,
) -> Finished | MissingAnswers:
    """Every question answered at once, each pick as the form showed it (a letter in the
    person's own order, or don't know; None for nothing picked). Missing ones are named and
    nothing is stored until all are. `role` is the form's optional role question (None:
    skipped), stored with the answers; `written`, its optional comments (dimension id -> text;
    one left empty keeps what the person had), checked before anything is stored."""
    with services.database.session() as session:
        response = _own_open_response(session, workspace_id, user_id, response_id)
        framework = framework_of(services, response.run)
        picked: dict[str, int | None] = {}
        for question_id, shown in answers.items():
            question = _question(framework, question_id)
            if shown is not None:
                picked[question.id] = _stage_of(question, response, shown)
        missing = tuple(q.id for q in framework.questions if q.id not in picked)
        if missing:
            return MissingAnswers(missing)
        chosen = {q.id: picked[q.id] for q in framework.questions}
        dimension_ids = {d.id for d in framework.dimensions}
        notes = {
            dimension_id: check(text)
            for dimension_id, text in (written or {}).items()
            if text.strip() and dimension_id in dimension_ids
        }
        now = services.clock()
        # Finish first: a second submission, or the last click, that finished it meanwhile
        # leaves nothing to finish, and this one stores nothing over a finished response.
        owed = services.due()
        _complete(session, response, now, owed)
        for question_id, stage in chosen.items():
            responses.record_answer(
                session,
                workspace_id=workspace_id,
                response_id=response.id,
                question_id=question_id,
                stage=stage,
                now=now,
            )
        _give_role(session, response, role, now)
        for dimension_id, text in notes.items():
            comments.save_comment(
                session, response_id=response.id, dimension_id=dimension_id, text=text, now=now
            )
        response.show_due_at = owed  # as the finishing wrote it, for the step's `owed`
        return _finish(services, session, response, chosen, now)


def choose_role(
    services: Services, *, workspace_id: str, user_id: str, response_id: str, role: Role | None
) -> None:
    """The person picked the part of the org they answer as (None: skip it this time). Taken
    until they finish: a finished response's role is part of what was handed in."""
    with services.database.session() as session:
        response = _own_open_response(session, workspace_id, user_id, response_id)
        if response.completed_at is not None:
            raise StaleClick(ALL_ANSWERED)
        _give_role(session, response, role, services.clock())


def _give_role(session: Session, response: Response, role: Role | None, now: datetime) -> None:
    """The response is given as `role`, which is remembered for the person's next runs.
    Skipping (None) gives this response no role and leaves what is remembered as it was."""
    response.role = None if role is None else role.value
    if role is not None:
        roles.remember_role(
            session,
            workspace_id=response.workspace_id,
            user_id=response.user_id,
            role=role,
            now=now,
        )


def _role_offer(session: Session, response: Response) -> RoleOffer:
    return RoleOffer(
        current=role_of(response.role),
        remembered=roles.remembered_role(
            session, workspace_id=response.workspace_id, user_id=response.user_id
        ),
    )


def _complete(session: Session, response: Response, now: datetime, owed: datetime) -> None:
    """Mark the response finished with its profile owed, or refuse (and so roll back the whole
    step) if another transaction finished it first."""
    if not responses.complete_response(session, response_id=response.id, now=now, owed_by=owed):
        raise StaleClick(ALL_ANSWERED)


def _finish(
    services: Services,
    session: Session,
    response: Response,
    answers: StoredAnswers,
    now: datetime,
) -> Finished:
    run = response.run
    if run.kind is RunKind.INDIVIDUAL:
        runs.close_run(session, workspace_id=run.workspace_id, run_id=run.id, now=now)
    session.flush()
    return finished_step(services, session, response, answers, finished_at=now)


def finished_step(
    services: Services,
    session: Session,
    response: Response,
    answers: StoredAnswers,
    *,
    finished_at: datetime,
) -> Finished:
    """The finished person's profile, as first shown, or shown again by the timetable."""
    run = response.run
    framework = framework_of(services, run)
    profile = score_individual(framework, answers)
    team: TeamProgress | None = None
    if run.kind is RunKind.TEAM:
        team = team_progress(session, run)
    # The person's own trend, whichever kind of run either profile came from.
    previous = previous_own_profile(
        session,
        services,
        workspace_id=run.workspace_id,
        user_id=response.user_id,
        before_run_id=run.id,
    )
    return Finished(
        run_id=run.id,
        workspace_id=run.workspace_id,
        finished_at=finished_at,
        response_id=response.id,
        profile=profile,
        previous=previous,
        team=team,
        answers=dict(answers),
        role=role_of(response.role),
        comments=own_comments(session, response_id=response.id),
        comment=offer_after(session, framework, response, None),
        owed=response.show_due_at,
        parts_shown=response.profile_parts_shown or 0,
        profile_ts=response.profile_ts,
    )


def _own_open_response(
    session: Session, workspace_id: str, user_id: str, response_id: str
) -> Response:
    """The response, if it is this person's and its run is still open; refused otherwise."""
    response = own_response(session, workspace_id, user_id, response_id)
    if response.run.status is not RunStatus.OPEN:
        raise RunOver(_run_over_message(response.run))
    return response


def _run_over_message(run: AssessmentRun) -> str:
    if run.kind is RunKind.INDIVIDUAL and run.status is RunStatus.CLOSED:
        return "You finished this assessment already; your profile is further up in this DM."
    if run.status is RunStatus.CANCELLED:
        return "That assessment was cancelled, so answers to it are no longer taken."
    return "That team assessment has closed, so answers to it are no longer taken."


def _stale(response: Response) -> StaleClick:
    if response.completed_at is not None:
        return StaleClick(ALL_ANSWERED)
    return StaleClick(
        "That question is from earlier in our conversation. Your answers are saved; carry on "
        "with the latest question below, and use Back there to change an earlier answer."
    )


def _already_taken(
    framework: Framework, response: Response, question: Question, taken: int | None
) -> StaleClick:
    """The question was answered already, with another option: name the one that counts."""
    number = framework.questions.index(question) + 1
    words = DONT_KNOW_WORDS if taken is None else question.option(taken).text
    counts = (
        f"Your answer to question {number} was already taken: “{words}”. "
        "That is the one that counts; "
    )
    if response.completed_at is not None:
        return StaleClick(
            counts + "you have answered every question and your profile is in your DM."
        )
    return StaleClick(counts + "to change it, use Back on the latest question below.")


def _question(framework: Framework, question_id: str) -> Question:
    try:
        return framework.question(question_id)
    except KeyError:
        raise BadRequest(
            "That answer refers to a question this assessment does not have; nothing was saved.",
            log_detail=f"unknown question {question_id!r}",
        ) from None


def _stage_of(question: Question, response: Response, shown: Shown) -> int | None:
    """The stage of what the person picked as they saw it (None for don't know)."""
    if shown is DONT_KNOW:
        return None
    if isinstance(shown, ShownStage):
        _check_stage(shown.stage)
        return shown.stage
    option = option_at(question, response.seed, shown)
    if option is None:
        raise BadRequest(
            "That answer is not one of the four options; nothing was saved.",
            log_detail=f"option {shown[:8]!r} is no letter",
        )
    return option.stage


def _check_stage(stage: int) -> None:
    if isinstance(stage, bool) or not isinstance(stage, int) or not 1 <= stage <= 4:
        raise BadRequest(
            "That answer is not one of the four options; nothing was saved.",
            log_detail=f"option {stage!r} out of range",
        )


def _chosen(answers: StoredAnswers, question_id: str) -> Chosen | None:
    """A stored answer as a choice: None if not answered yet, `DONT_KNOW` if answered so."""
    if question_id not in answers:
        return None
    stage = answers[question_id]
    return DONT_KNOW if stage is None else stage


def _first_unanswered(framework: Framework, answers: StoredAnswers) -> Question | None:
    """The first question without an answer; a don't know is an answer (the person moved on)."""
    return next((q for q in framework.questions if q.id not in answers), None)


def _ask(
    framework: Framework, response: Response, question: Question, answers: StoredAnswers
) -> Ask:
    number = framework.questions.index(question) + 1
    session = object_session(response)
    role = _role_offer(session, response) if number == 1 and session is not None else None
    comment = None if session is None else offer_after(session, framework, response, question)
    return Ask(
        response_id=response.id,
        question=question,
        dimension=framework.dimension(question.dimension),
        number=number,
        total=len(framework.questions),
        chosen=_chosen(answers, question.id),
        options=lettered(question, response.seed),
        owed=response.show_due_at,
        role=role,
        comment=comment,
    )


def ask_current(services: Services, response: Response, answers: StoredAnswers) -> Ask:
    """The question the person is at, in their run's framework and their own option order."""
    framework = framework_of(services, response.run)
    current = response.current_question_id
    question = (
        (_known_question(framework, current) if current else None)
        or _first_unanswered(framework, answers)
        or framework.questions[0]
    )
    response.current_question_id = question.id
    return _ask(framework, response, question, answers)


def _known_question(framework: Framework, question_id: str) -> Question | None:
    try:
        return framework.question(question_id)
    except KeyError:
        return None


def _answered(
    framework: Framework,
    response: Response,
    question: Question,
    stage: int | None,
    message_ts: str | None,
) -> Answered:
    return Answered(
        question=question,
        dimension=framework.dimension(question.dimension),
        number=framework.questions.index(question) + 1,
        total=len(framework.questions),
        chosen=DONT_KNOW if stage is None else stage,
        options=lettered(question, response.seed),
        message_ts=message_ts,
    )


def _resume_offer(
    framework: Framework, response: Response, run: AssessmentRun, answers: StoredAnswers
) -> ResumeOffer:
    return ResumeOffer(
        response_id=response.id,
        answered=len(answers),
        total=len(framework.questions),
        run_kind=run.kind.value,
        started_at=response.started_at,
    )
