"""Earlier results of the same person or channel, to show how things moved.

Each earlier result is read with the framework its run was taken with: a person's answers from
an older version are scored under that version's questions and rules, and a team's come from
the snapshot frozen at close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from flows.services import Services
from flows.snapshots import team_from_snapshot
from scoring import Framework, Profile, score_individual
from storage import responses, runs
from storage.models import AssessmentRun, Response, RunKind, RunStatus, TeamResult


def previous_own_profile(
    session: Session,
    services: Services,
    *,
    workspace_id: str,
    user_id: str,
    before_run_id: str,
) -> Profile | None:
    """The person's own profile from the last run they finished before their response in
    `before_run_id`: an individual assessment, or their answers in a team run (scored alone, as
    their own profile was). Before that response's finishing time, or before the run opened
    when they have not finished it."""
    query = _finished_by(workspace_id, user_id).where(Response.run_id != before_run_id)
    this_run = session.get(AssessmentRun, before_run_id)
    own = session.scalar(
        select(Response).where(Response.run_id == before_run_id, Response.user_id == user_id)
    )
    if own is not None and own.completed_at is not None:
        query = query.where(Response.completed_at < own.completed_at)
    elif this_run is not None:
        query = query.where(Response.completed_at < this_run.opened_at)
    earlier = session.scalar(query.order_by(Response.completed_at.desc()).limit(1))
    if earlier is None:
        return None
    return _scored(session, services, earlier)


def _finished_by(workspace_id: str, user_id: str) -> Select[Response]:
    """The person's finished responses: an individual run they finished (closed with it), or
    a team run whose questions they all answered, whatever became of the run."""
    return (
        select(Response)
        .join(AssessmentRun)
        .where(
            AssessmentRun.workspace_id == workspace_id,
            Response.user_id == user_id,
            Response.completed_at.is_not(None),
            or_(
                AssessmentRun.kind == RunKind.TEAM,
                AssessmentRun.status == RunStatus.CLOSED,
            ),
        )
    )


def _scored(session: Session, services: Services, response: Response) -> Profile:
    """A finished response's profile, under the framework its run was taken with."""
    framework = services.framework_for(response.run.framework_version)
    return score_individual(framework, responses.answers_of(session, response_id=response.id))


def previous_team_profile(
    session: Session, *, workspace_id: str, channel_id: str, before_run_id: str
) -> Profile | None:
    """The team profile of the channel's last closed run with a result, other than this one."""
    found = latest_published(
        session, workspace_id=workspace_id, channel_id=channel_id, before_run_id=before_run_id
    )
    return None if found is None else team_from_snapshot(found[1].snapshot).profile


def membership_change(session: Session, run: AssessmentRun) -> int:
    """How many people joined or left since the channel's previous published team run: the
    size of the difference between the two runs' sets of respondents (0 without such a run).

    Read at close and frozen with the run's result; the people themselves are never kept
    with it, only how many.
    """
    found = latest_published(
        session,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id or "",
        before_run_id=run.id,
    )
    if found is None:
        return 0
    # Only how many: the user ids never leave this line.
    earlier = runs.finishers(session, run_id=found[0].id)
    return len(runs.finishers(session, run_id=run.id) ^ earlier)


def latest_published(
    session: Session, *, workspace_id: str, channel_id: str, before_run_id: str | None = None
) -> tuple[AssessmentRun, TeamResult] | None:
    """The channel's last closed team run with a result (opened before `before_run_id`, if
    given): the profile the channel's plan follows, or a run's predecessor."""
    this_run = None if before_run_id is None else session.get(AssessmentRun, before_run_id)
    return runs.latest_with_result(
        session,
        workspace_id=workspace_id,
        channel_id=channel_id,
        opened_before=None if this_run is None else this_run.opened_at,
        other_than=before_run_id,
    )


@dataclass(frozen=True)
class PastRun:
    run_id: str
    kind: RunKind
    status: RunStatus
    channel_id: str | None
    opened_at: datetime
    finished_at: datetime | None
    respondents: int
    profile: Profile | None
    """The result, when there is one (closed with enough answers, or a finished assessment)."""
    framework: Framework | None = None
    """The framework the run was taken with, to show its result in its own words (None: the
    one the bot runs now)."""
    posted: PostedAt | None = None
    """Where its profile message is (a person's own in their DM, a team's in its channel), once
    known to be there."""


@dataclass(frozen=True)
class PostedAt:
    """A message's place, to link to it."""

    channel_id: str
    ts: str


def _posted(channel_id: str | None, ts: str | None) -> PostedAt | None:
    return PostedAt(channel_id, ts) if channel_id and ts else None


def channel_history(services: Services, *, workspace_id: str, channel_id: str) -> list[PastRun]:
    """The channel's team runs, newest first, with their frozen results."""
    with services.database.session() as session:
        found = runs.runs_in_channel(session, workspace_id=workspace_id, channel_id=channel_id)
        return _past_team_runs(services, session, workspace_id, found)


def _past_team_runs(
    services: Services, session: Session, workspace_id: str, team_runs: Sequence[AssessmentRun]
) -> list[PastRun]:
    """`team_runs` with their results (or, without one, how many finished so far), in two
    queries however many runs there are."""
    results = runs.team_results(
        session, workspace_id=workspace_id, run_ids=[r.id for r in team_runs]
    )
    counts = runs.counts_completed(
        session, run_ids=[r.id for r in team_runs if r.id not in results]
    )
    return [
        _past_team_run(services, run, results.get(run.id), counts.get(run.id, 0))
        for run in team_runs
    ]


def _past_team_run(
    services: Services, run: AssessmentRun, result: TeamResult | None, finished: int
) -> PastRun:
    return PastRun(
        run_id=run.id,
        kind=run.kind,
        status=run.status,
        channel_id=run.channel_id,
        opened_at=run.opened_at,
        finished_at=run.closed_at,
        respondents=result.respondents if result else finished,
        profile=team_from_snapshot(result.snapshot).profile if result else None,
        framework=services.framework_for(run.framework_version),
        posted=_posted(run.channel_id, run.profile_ts) if result else None,
    )


def person_history(
    services: Services, *, workspace_id: str, user_id: str, limit: int | None = None
) -> list[PastRun]:
    """Every run the person finished, newest first: their individual assessments and their own
    answers in team runs, each scored alone with the framework its run was taken with. Nothing
    of anyone else's answers, nor the team's result."""
    with services.database.session() as session:
        query = (
            _finished_by(workspace_id, user_id)
            .options(contains_eager(Response.run))
            .order_by(Response.completed_at.desc())
        )
        finished = session.scalars(query if limit is None else query.limit(limit)).all()
        answers = responses.answers_of_each(session, response_ids=[r.id for r in finished])
        return [_past_own_run(services, r, answers.get(r.id, {})) for r in finished]


def _past_own_run(
    services: Services, response: Response, answers: dict[str, int | None]
) -> PastRun:
    framework = services.framework_for(response.run.framework_version)
    return PastRun(
        run_id=response.run_id,
        kind=response.run.kind,
        status=response.run.status,
        channel_id=response.run.channel_id,
        opened_at=response.started_at,
        finished_at=response.completed_at,
        respondents=1,
        profile=score_individual(framework, answers),
        framework=framework,
        posted=_posted(response.channel_id, response.profile_ts),
    )


def count_finished(services: Services, *, workspace_id: str, user_id: str) -> int:
    """How many runs the person finished (what `person_history` would list)."""
    with services.database.session() as session:
        query = _finished_by(workspace_id, user_id).subquery()
        return session.scalar(select(func.count()).select_from(query)) or 0


@dataclass(frozen=True)
class StartedRun:
    """A team run someone started, as App Home lists it: where, when, and how it is going."""

    run_id: str
    channel_id: str | None
    status: RunStatus
    opened_at: datetime
    respondents: int
    """How many answered it: the result's count once published, else how many finished so far."""


def team_runs_started_by(
    services: Services, *, workspace_id: str, user_id: str, limit: int = 10
) -> list[StartedRun]:
    """Team runs this person started, newest first, open ones with their live counts. Their
    results' profiles are not read: App Home lists only how many responded, and reading each
    frozen snapshot cost more than the rest of the list."""
    with services.database.session() as session:
        started = session.scalars(
            select(AssessmentRun)
            .where(
                AssessmentRun.workspace_id == workspace_id,
                AssessmentRun.kind == RunKind.TEAM,
                AssessmentRun.started_by == user_id,
            )
            .order_by(AssessmentRun.opened_at.desc())
            .limit(limit)
        ).all()
        counted = runs.result_respondents(
            session, workspace_id=workspace_id, run_ids=[r.id for r in started]
        )
        counted |= runs.counts_completed(
            session, run_ids=[r.id for r in started if r.id not in counted]
        )
        return [
            StartedRun(
                run_id=run.id,
                channel_id=run.channel_id,
                status=run.status,
                opened_at=run.opened_at,
                respondents=counted.get(run.id, 0),
            )
            for run in started
        ]
