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


def take_step(services: Services, *, response_id: str, owed: datetime | None) -> bool:
    """Take the person's owed step for showing it now; False if someone else took it (the
    timetable, after this attempt waited too long) or it has been shown."""
    return _take(services, Response, row_id=response_id, owed=owed)


def take_announcement(services: Services, *, progress: TeamProgress) -> bool:
    """Take the run's owed invitation or team profile for posting it now (as `take_step`)."""
    return _take(services, AssessmentRun, row_id=progress.run_id, owed=progress.owed)


def _take(
    services: Services, kind: type[owing.Owing], *, row_id: str, owed: datetime | None
) -> bool:
    """Nothing owed (None) is anyone's to show; something owed is taken by one caller only."""
    if owed is None:
        return True
    with services.database.session() as session:
        taken = owing.take(session, kind, row_id=row_id, due_at=owed, next_due_at=services.due())
        return taken is not None


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
