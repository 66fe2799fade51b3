"""Earlier results of the same person or channel, to show how things moved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.services import Services
from flows.snapshots import team_from_snapshot
from scoring import Framework, Profile, score_individual
from storage import responses, runs
from storage.models import AssessmentRun, Response, RunKind, RunStatus


def previous_individual_profile(
    session: Session,
    framework: Framework,
    *,
    workspace_id: str,
    user_id: str,
    before_run_id: str,
) -> Profile | None:
    """The person's finished individual assessment just before the run `before_run_id`."""
    this_run = session.get(AssessmentRun, before_run_id)
    query = (
        select(Response)
        .join(AssessmentRun)
        .where(
            AssessmentRun.workspace_id == workspace_id,
            AssessmentRun.kind == RunKind.INDIVIDUAL,
            AssessmentRun.status == RunStatus.CLOSED,
            AssessmentRun.id != before_run_id,
            Response.user_id == user_id,
            Response.completed_at.is_not(None),
        )
        .order_by(Response.completed_at.desc())
        .limit(1)
    )
    if this_run is not None:
        query = query.where(AssessmentRun.opened_at < this_run.opened_at)
    earlier = session.scalar(query)
    if earlier is None:
        return None
    return score_individual(framework, responses.answers_of(session, response_id=earlier.id))


def previous_team_profile(
    session: Session, *, workspace_id: str, channel_id: str, before_run_id: str
) -> Profile | None:
    """The team profile of the channel's last closed run with a result, other than this one."""
    this_run = session.get(AssessmentRun, before_run_id)
    for run in runs.runs_in_channel(session, workspace_id=workspace_id, channel_id=channel_id):
        if run.id == before_run_id or run.status is not RunStatus.CLOSED:
            continue
        if this_run is not None and run.opened_at >= this_run.opened_at:
            continue
        result = runs.team_result(session, workspace_id=workspace_id, run_id=run.id)
        if result is not None:
            return team_from_snapshot(result.snapshot).profile
    return None


def latest_individual_profile(
    services: Services, *, workspace_id: str, user_id: str
) -> tuple[Profile, datetime] | None:
    """The person's most recent finished assessment of their own, and when they finished it."""
    with services.database.session() as session:
        latest = session.scalar(
            select(Response)
            .join(AssessmentRun)
            .where(
                AssessmentRun.workspace_id == workspace_id,
                AssessmentRun.kind == RunKind.INDIVIDUAL,
                Response.user_id == user_id,
                Response.completed_at.is_not(None),
            )
            .order_by(Response.completed_at.desc())
            .limit(1)
        )
        if latest is None or latest.completed_at is None:
            return None
        answers = responses.answers_of(session, response_id=latest.id)
        return score_individual(services.framework, answers), latest.completed_at
