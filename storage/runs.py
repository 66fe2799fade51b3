"""Opening, finding, closing and cancelling assessment runs; every query scoped by workspace."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.errors import ChannelHasOpenRun, NotFound, RunNotOpen
from storage.models import AssessmentRun, Response, RunKind, RunStatus, TeamResult


def open_run(
    session: Session,
    *,
    workspace_id: str,
    kind: RunKind,
    started_by: str,
    framework_version: str,
    now: datetime,
    channel_id: str | None = None,
    closes_at: datetime | None = None,
    min_respondents: int = 1,
) -> AssessmentRun:
    """Open a run. A second open team run in one channel is refused, naming the open one."""
    run = AssessmentRun(
        workspace_id=workspace_id,
        kind=kind,
        channel_id=channel_id,
        started_by=started_by,
        status=RunStatus.OPEN,
        opened_at=now,
        closes_at=closes_at,
        min_respondents=min_respondents,
        framework_version=framework_version,
    )
    try:
        with session.begin_nested():
            session.add(run)
    except IntegrityError:
        if kind is not RunKind.TEAM or channel_id is None:
            raise
        existing = open_team_run_in_channel(
            session, workspace_id=workspace_id, channel_id=channel_id
        )
        if existing is None:
            raise
        raise ChannelHasOpenRun(channel_id, existing.id) from None
    return run


def get_run(session: Session, *, workspace_id: str, run_id: str) -> AssessmentRun:
    run = session.scalar(
        select(AssessmentRun).where(
            AssessmentRun.id == run_id, AssessmentRun.workspace_id == workspace_id
        )
    )
    if run is None:
        raise NotFound("assessment run", run_id)
    return run


def open_team_run_in_channel(
    session: Session, *, workspace_id: str, channel_id: str
) -> AssessmentRun | None:
    return session.scalar(
        select(AssessmentRun).where(
            AssessmentRun.workspace_id == workspace_id,
            AssessmentRun.channel_id == channel_id,
            AssessmentRun.kind == RunKind.TEAM,
            AssessmentRun.status == RunStatus.OPEN,
        )
    )


def lock_open_run(session: Session, *, workspace_id: str, run_id: str) -> AssessmentRun:
    """The open run, row-locked for the rest of the transaction; refuses one that has ended."""
    run = session.scalar(
        select(AssessmentRun)
        .where(AssessmentRun.id == run_id, AssessmentRun.workspace_id == workspace_id)
        .with_for_update()
    )
    if run is None:
        raise NotFound("assessment run", run_id)
    if run.status is not RunStatus.OPEN:
        raise RunNotOpen(run_id, run.status.value)
    return run


def close_run(
    session: Session,
    *,
    workspace_id: str,
    run_id: str,
    now: datetime,
    snapshot: dict[str, Any] | None = None,
    respondents: int = 0,
) -> AssessmentRun:
    """Close an open run, freezing the team result if one is given.

    The row lock makes close wait for answers being written at that moment, and makes a second
    close (the deadline and a person at once) fail with RunNotOpen instead of closing twice.
    """
    run = lock_open_run(session, workspace_id=workspace_id, run_id=run_id)
    run.status = RunStatus.CLOSED
    run.closed_at = now
    if snapshot is not None:
        session.add(
            TeamResult(run_id=run.id, respondents=respondents, snapshot=snapshot, created_at=now)
        )
    session.flush()
    return run


def cancel_run(session: Session, *, workspace_id: str, run_id: str, now: datetime) -> AssessmentRun:
    run = lock_open_run(session, workspace_id=workspace_id, run_id=run_id)
    run.status = RunStatus.CANCELLED
    run.closed_at = now
    session.flush()
    return run


def in_progress_individual_run(
    session: Session, *, workspace_id: str, user_id: str
) -> AssessmentRun | None:
    """The person's unfinished assessment, if they left one half-way."""
    return session.scalar(
        select(AssessmentRun)
        .where(
            AssessmentRun.workspace_id == workspace_id,
            AssessmentRun.started_by == user_id,
            AssessmentRun.kind == RunKind.INDIVIDUAL,
            AssessmentRun.status == RunStatus.OPEN,
        )
        .order_by(AssessmentRun.opened_at.desc())
        .limit(1)
    )


def due_team_runs(session: Session, *, now: datetime) -> Sequence[AssessmentRun]:
    """Open team runs whose deadline has passed, across all workspaces."""
    return session.scalars(
        select(AssessmentRun).where(
            AssessmentRun.kind == RunKind.TEAM,
            AssessmentRun.status == RunStatus.OPEN,
            AssessmentRun.closes_at.is_not(None),
            AssessmentRun.closes_at <= now,
        )
    ).all()


def team_result(session: Session, *, workspace_id: str, run_id: str) -> TeamResult | None:
    return session.scalar(
        select(TeamResult)
        .join(AssessmentRun)
        .where(TeamResult.run_id == run_id, AssessmentRun.workspace_id == workspace_id)
    )


def team_results(
    session: Session, *, workspace_id: str, run_ids: Collection[str]
) -> dict[str, TeamResult]:
    """The frozen results of those of `run_ids` that have one, by run id: one query for a list
    of runs, where `team_result` per run would be one each."""
    if not run_ids:
        return {}
    found = session.scalars(
        select(TeamResult)
        .join(AssessmentRun)
        .where(TeamResult.run_id.in_(run_ids), AssessmentRun.workspace_id == workspace_id)
    )
    return {result.run_id: result for result in found}


def result_respondents(
    session: Session, *, workspace_id: str, run_ids: Collection[str]
) -> dict[str, int]:
    """How many answered each of `run_ids` that has a frozen result, as the result says, without
    reading its snapshot: one query."""
    if not run_ids:
        return {}
    rows = session.execute(
        select(TeamResult.run_id, TeamResult.respondents)
        .join(AssessmentRun)
        .where(TeamResult.run_id.in_(run_ids), AssessmentRun.workspace_id == workspace_id)
    )
    return {row[0]: row[1] for row in rows}


def finishers(session: Session, *, run_id: str) -> set[str]:
    """The user ids of everyone who finished the run."""
    return set(
        session.scalars(
            select(Response.user_id).where(
                Response.run_id == run_id, Response.completed_at.is_not(None)
            )
        )
    )


def count_completed(session: Session, *, run_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Response)
            .where(Response.run_id == run_id, Response.completed_at.is_not(None))
        )
        or 0
    )


def counts_completed(session: Session, *, run_ids: Collection[str]) -> dict[str, int]:
    """How many finished each of `run_ids` (a run nobody finished is absent): one query."""
    if not run_ids:
        return {}
    rows = session.execute(
        select(Response.run_id, func.count())
        .where(Response.run_id.in_(run_ids), Response.completed_at.is_not(None))
        .group_by(Response.run_id)
    )
    return {row[0]: row[1] for row in rows}


def latest_with_result(
    session: Session,
    *,
    workspace_id: str,
    channel_id: str,
    opened_before: datetime | None = None,
    other_than: str | None = None,
) -> tuple[AssessmentRun, TeamResult] | None:
    """The channel's last closed team run with a frozen result (opened before `opened_before`,
    and not `other_than`, when given), with that result: one query."""
    query = (
        select(AssessmentRun, TeamResult)
        .join(TeamResult, TeamResult.run_id == AssessmentRun.id)
        .where(
            AssessmentRun.workspace_id == workspace_id,
            AssessmentRun.channel_id == channel_id,
            AssessmentRun.kind == RunKind.TEAM,
            AssessmentRun.status == RunStatus.CLOSED,
        )
    )
    if opened_before is not None:
        query = query.where(AssessmentRun.opened_at < opened_before)
    if other_than is not None:
        query = query.where(AssessmentRun.id != other_than)
    row = session.execute(query.order_by(AssessmentRun.opened_at.desc()).limit(1)).first()
    return None if row is None else (row[0], row[1])


def runs_in_channel(
    session: Session, *, workspace_id: str, channel_id: str
) -> Sequence[AssessmentRun]:
    """The channel's team runs, newest first."""
    return session.scalars(
        select(AssessmentRun)
        .where(
            AssessmentRun.workspace_id == workspace_id,
            AssessmentRun.channel_id == channel_id,
            AssessmentRun.kind == RunKind.TEAM,
        )
        .order_by(AssessmentRun.opened_at.desc())
    ).all()
