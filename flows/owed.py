"""Steps owed to people: shown later by the timetable when showing them at once did not happen.

Every step that ends with something on someone's screen — a person's next question or their
profile, a team run's invitation or its team profile — is first written down as owed (its
`show_due_at`), in the same transaction that made it due. Showing it clears that. If Slack was
down, or the worker died between saving an answer and posting the next question, the step is
still owed once `show_due_at` passes, and the timetable shows it then, from what the database
says now. A claim moves `show_due_at` on first, so of several workers exactly one shows it, and
if that one dies too the step comes round again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from flows.conversation import ask_current, finished_step
from flows.progress import team_progress
from flows.services import Services
from flows.snapshots import team_from_snapshot
from flows.steps import Ask, Finished, TeamProfileReady, TeamProgress
from flows.team import team_profile_ready
from storage import owed as owing
from storage import responses, runs
from storage.models import AssessmentRun, Response, RunKind, RunStatus

BATCH = 100
"""At most this many owed steps per timetable round; the rest wait for the next."""


@dataclass(frozen=True)
class OwedQuestion:
    workspace_id: str
    channel_id: str
    step: Ask


@dataclass(frozen=True)
class OwedProfile:
    workspace_id: str
    channel_id: str
    step: Finished


@dataclass(frozen=True)
class OwedInvitation:
    progress: TeamProgress

    @property
    def workspace_id(self) -> str:
        return self.progress.workspace_id


@dataclass(frozen=True)
class OwedTeamProfile:
    outcome: TeamProfileReady

    @property
    def workspace_id(self) -> str:
        return self.outcome.progress.workspace_id


Owed = OwedQuestion | OwedProfile | OwedInvitation | OwedTeamProfile


class Obligation(Protocol):
    """One owed thing about to be shown. The show-once protocol (`bot.screens.show_once`)
    takes it, shows it, then records that it was shown, or that it failed and is owed again."""

    def take(self, services: Services) -> bool:
        """Take it for showing now; False if someone else did (the timetable, after this
        attempt waited too long), or it was shown meanwhile."""
        ...

    def shown(self, services: Services, message_ts: str) -> None:
        """It is on screen, in message `message_ts`: no longer owed."""
        ...

    def not_shown(self, services: Services) -> None:
        """Showing it failed (Slack refused or was down): the timetable tries again soon rather
        than after the full `resend_after`."""
        ...


@dataclass(frozen=True)
class PersonStep:
    """A person's next question (`question_id`), or their profile (None), owed in their DM."""

    response_id: str
    due: datetime | None
    question_id: str | None

    @classmethod
    def question(cls, step: Ask) -> PersonStep:
        return cls(step.response_id, step.owed, step.question.id)

    @classmethod
    def profile(cls, step: Finished) -> PersonStep:
        return cls(step.response_id, step.owed, None)

    def take(self, services: Services) -> bool:
        return _take(services, Response, row_id=self.response_id, owed=self.due)

    def shown(self, services: Services, message_ts: str) -> None:
        with services.database.session() as session:
            if self.question_id is None:
                responses.profile_shown(session, response_id=self.response_id)
            else:
                # Remembered so that a later resume can retire the message.
                responses.remember_message(
                    session,
                    response_id=self.response_id,
                    question_id=self.question_id,
                    message_ts=message_ts,
                )

    def not_shown(self, services: Services) -> None:
        with services.database.session() as session:
            responses.owe_again(session, response_id=self.response_id, at=services.retry_at())


@dataclass(frozen=True)
class TeamAnnouncement:
    """A team run's invitation, or its team profile, owed in the run's channel."""

    progress: TeamProgress
    invitation: bool

    def take(self, services: Services) -> bool:
        return _take(services, AssessmentRun, row_id=self.progress.run_id, owed=self.progress.owed)

    def shown(self, services: Services, message_ts: str) -> None:
        with services.database.session() as session:
            run = self._run(session)
            run.show_due_at = None
            if self.invitation:
                # Remembered to update its counter; and, if known by now, how many were asked.
                run.message_ts = message_ts
                if self.progress.invited is not None:
                    run.invited = self.progress.invited

    def not_shown(self, services: Services) -> None:
        with services.database.session() as session:
            run = self._run(session)
            if run.show_due_at is not None:
                run.show_due_at = services.retry_at()

    def _run(self, session: Session) -> AssessmentRun:
        return runs.get_run(
            session, workspace_id=self.progress.workspace_id, run_id=self.progress.run_id
        )


def claim_owed(services: Services) -> list[Owed]:
    """The steps owed by now, each claimed by this caller: show them, or they come round again."""
    now = services.clock()
    with services.database.session() as session:
        people = owing.due(session, Response, now=now, limit=BATCH)
        announcements = owing.due(session, AssessmentRun, now=now, limit=BATCH)
    owed: list[Owed] = []
    for response_id, due_at in people:
        with services.database.session() as session:
            response = owing.take(
                session, Response, row_id=response_id, due_at=due_at, next_due_at=services.due()
            )
            step = _person_step(services, session, response) if response else None
            if response is not None and step is None:
                response.show_due_at = None  # nothing left to show: cancelled, closed, ...
            if step is not None:
                owed.append(step)
    for run_id, due_at in announcements:
        with services.database.session() as session:
            run = owing.take(
                session, AssessmentRun, row_id=run_id, due_at=due_at, next_due_at=services.due()
            )
            announcement = _announcement(session, run) if run else None
            if run is not None and announcement is None:
                run.show_due_at = None
            if announcement is not None:
                owed.append(announcement)
    return owed


def _person_step(
    services: Services, session: Session, response: Response
) -> OwedQuestion | OwedProfile | None:
    run = response.run
    if response.channel_id is None or run.status is RunStatus.CANCELLED:
        return None
    answers = responses.answers_of(session, response_id=response.id)
    if response.completed_at is not None:
        step = finished_step(
            services, session, response, answers, finished_at=response.completed_at
        )
        return OwedProfile(run.workspace_id, response.channel_id, step)
    if run.status is not RunStatus.OPEN:
        return None
    ask = ask_current(services.framework, response, answers)
    return OwedQuestion(run.workspace_id, response.channel_id, ask)


def _announcement(session: Session, run: AssessmentRun) -> OwedInvitation | OwedTeamProfile | None:
    if run.kind is not RunKind.TEAM:
        return None
    if run.status is RunStatus.OPEN and run.message_ts is None:
        return OwedInvitation(team_progress(session, run))
    stored = runs.team_result(session, workspace_id=run.workspace_id, run_id=run.id)
    if run.status is RunStatus.CLOSED and stored is not None:
        return OwedTeamProfile(
            team_profile_ready(session, run, team_from_snapshot(stored.snapshot))
        )
    return None


def _take(
    services: Services, kind: type[owing.Owing], *, row_id: str, owed: datetime | None
) -> bool:
    """Nothing owed (None) is anyone's to show; something owed is taken by one caller only."""
    if owed is None:
        return True
    with services.database.session() as session:
        taken = owing.take(session, kind, row_id=row_id, due_at=owed, next_due_at=services.due())
        return taken is not None
