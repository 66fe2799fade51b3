"""A finished run's result, as the report and the export need it: frozen, whoever asks later.

Team results come from the snapshot taken at close, so they stay as the team saw them even
after members delete their data; a person's result is scored from their own answers, with the
framework (questions and rules) the run was taken with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.comments import comments_from_snapshot, own_comments
from flows.errors import UserFacingError
from flows.history import previous_own_profile, previous_team_profile
from flows.plans import RoundReview, review_before
from flows.services import Services
from flows.snapshots import team_from_snapshot
from flows.steps import TeamComments
from scoring import Framework, Profile, Role, TeamProfile, role_of, score_individual
from storage import names, responses, runs
from storage.models import AssessmentRun, KnownName, Response, RunKind, RunStatus


class NoResultYet(UserFacingError):
    """The run has not produced a result (still open, cancelled, or below the minimum)."""


@dataclass(frozen=True)
class RunResult:
    run_id: str
    workspace_id: str
    kind: RunKind
    channel_id: str | None
    user_id: str
    """The person, for an individual run; whoever started it, for a team run."""
    finished_at: datetime
    profile: Profile
    team: TeamProfile | None
    previous: Profile | None
    framework_version: str
    """The version of the assessment the run was taken with, as stored with the run."""
    framework: Framework
    """That version's framework: its questions, options and rules show the result."""
    answers: Mapping[str, int | None] | None = None
    """A person's own answers, for an individual run (never for a team run)."""
    role: Role | None = None
    """The role a person's own run was answered as (never for a team run)."""
    comments: Mapping[str, str] | None = None
    """A person's own comments, for an individual run (never for a team run)."""
    team_comments: TeamComments | None = None
    """A team run's comments as frozen at close (unsigned; shown only among enough)."""
    review: RoundReview | None = None
    """A team run's last round: what the channel committed to after its previous profile."""
    opened_at: datetime | None = None
    """When the run opened: a report gives its dates (opened – closed)."""
    channel_name: str | None = None
    """The run's channel as Slack last named it ("cs-team"), None when never learned."""
    workspace_name: str | None = None
    """The workspace as Slack last named it ("Acme"), None when never learned."""


def run_result(
    services: Services,
    *,
    run_id: str,
    workspace_id: str | None = None,
    user_id: str | None = None,
) -> RunResult:
    """The result of run `run_id` (in `workspace_id`, when the caller is scoped to one); with
    `user_id`, that person's own result from their answers in it (a team run's member's)."""
    with services.database.session() as session:
        query = select(AssessmentRun).where(AssessmentRun.id == run_id)
        if workspace_id is not None:
            query = query.where(AssessmentRun.workspace_id == workspace_id)
        run = session.scalar(query)
        if run is None:
            raise NoResultYet(f"There is no assessment run {run_id}.")
        if run.kind is RunKind.TEAM and user_id is None:
            result = _team_result(services, session, run)
        else:
            result = _personal_result(services, session, run, user_id)
        known = names.names_of(
            session,
            workspace_id=run.workspace_id,
            object_ids=[run.workspace_id, *([run.channel_id] if run.channel_id else [])],
        )
        return replace(
            result,
            opened_at=run.opened_at,
            channel_name=known.get(run.channel_id or ""),
            workspace_name=known.get(run.workspace_id),
        )


def _team_result(services: Services, session: Session, run: AssessmentRun) -> RunResult:
    stored = runs.team_result(session, workspace_id=run.workspace_id, run_id=run.id)
    if stored is None or run.closed_at is None:
        raise NoResultYet(
            "That team run has no team profile: it is still open, was cancelled, or closed "
            "with too few answers."
        )
    team = team_from_snapshot(stored.snapshot)
    return RunResult(
        run_id=run.id,
        workspace_id=run.workspace_id,
        kind=run.kind,
        channel_id=run.channel_id,
        user_id=run.started_by,
        finished_at=run.closed_at,
        profile=team.profile,
        team=team,
        team_comments=comments_from_snapshot(stored.snapshot),
        framework_version=run.framework_version,
        framework=services.framework_for(run.framework_version),
        previous=previous_team_profile(
            session,
            workspace_id=run.workspace_id,
            channel_id=run.channel_id or "",
            before_run_id=run.id,
        ),
        review=review_before(
            session,
            workspace_id=run.workspace_id,
            channel_id=run.channel_id or "",
            before_run_id=run.id,
        ),
    )


def _personal_result(
    services: Services, session: Session, run: AssessmentRun, user_id: str | None
) -> RunResult:
    """A person's own result: an individual run's, or `user_id`'s answers in a team run."""
    query = select(Response).where(Response.run_id == run.id)
    if user_id is not None:
        query = query.where(Response.user_id == user_id)
    response = session.scalar(query)
    unfinished = run.kind is RunKind.INDIVIDUAL and run.status is not RunStatus.CLOSED
    if unfinished or response is None or response.completed_at is None:
        raise NoResultYet("That assessment was not finished, so it has no profile.")
    answers = responses.answers_of(session, response_id=response.id)
    framework = services.framework_for(run.framework_version)
    return RunResult(
        run_id=run.id,
        workspace_id=run.workspace_id,
        kind=run.kind,
        channel_id=run.channel_id,
        user_id=response.user_id,
        finished_at=response.completed_at,
        profile=score_individual(framework, answers),
        team=None,
        framework_version=run.framework_version,
        framework=framework,
        answers=answers,
        role=role_of(response.role),
        comments=own_comments(session, response_id=response.id),
        previous=previous_own_profile(
            session,
            services,
            workspace_id=run.workspace_id,
            user_id=response.user_id,
            before_run_id=run.id,
        ),
    )


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    workspace_id: str
    kind: RunKind
    status: RunStatus
    where: str
    """The channel of a team run, or the person of an individual one."""
    opened_at: datetime
    finished: int
    """People who answered every question."""
    closed_at: datetime | None = None
    channel_name: str | None = None
    """A team run's channel as Slack last named it ("cs-team"), None when never learned."""


def recent_runs(services: Services, *, limit: int = 20) -> list[RunSummary]:
    """The newest runs in every workspace: what `readiness report` and `export` take."""
    with services.database.session() as session:
        found = session.scalars(
            select(AssessmentRun).order_by(AssessmentRun.opened_at.desc()).limit(limit)
        ).all()
        known = _channel_names(session, found)
        finished = runs.counts_completed(session, run_ids=[run.id for run in found])
        return [
            RunSummary(
                run_id=run.id,
                workspace_id=run.workspace_id,
                kind=run.kind,
                status=run.status,
                where=(run.channel_id or "") if run.kind is RunKind.TEAM else run.started_by,
                opened_at=run.opened_at,
                finished=finished.get(run.id, 0),
                closed_at=run.closed_at,
                channel_name=known.get((run.workspace_id, run.channel_id or "")),
            )
            for run in found
        ]


def _channel_names(session: Session, found: Sequence[AssessmentRun]) -> dict[tuple[str, str], str]:
    """The known names of the runs' channels, one query per workspace among them."""
    wanted: dict[str, set[str]] = {}
    for run in found:
        if run.channel_id:
            wanted.setdefault(run.workspace_id, set()).add(run.channel_id)
    return {
        (workspace_id, channel_id): name
        for workspace_id, channel_ids in wanted.items()
        for channel_id, name in names.names_of(
            session, workspace_id=workspace_id, object_ids=channel_ids
        ).items()
    }


def run_named(services: Services, wanted: str) -> str:
    """The run `wanted` means, as `readiness runs` shows it: a run id, or a channel ("#cs-team",
    its name without "#", or its id) for that channel's latest team run with a team profile."""
    with services.database.session() as session:
        if session.get(AssessmentRun, wanted) is not None:
            return wanted
        name = wanted.removeprefix("#")
        channel_ids = set(
            session.scalars(select(KnownName.object_id).where(KnownName.name == name))
        ) | {name}
        latest = session.scalar(
            select(AssessmentRun)
            .where(
                AssessmentRun.kind == RunKind.TEAM,
                AssessmentRun.status == RunStatus.CLOSED,
                AssessmentRun.channel_id.in_(channel_ids),
            )
            .order_by(AssessmentRun.closed_at.desc())
            .limit(1)
        )
        if latest is None:
            raise NoResultYet(
                f"There is no run {wanted}, and no closed team run in a channel of that name."
            )
        return latest.id
