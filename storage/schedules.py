"""A channel's schedule of recurring team runs, and claiming a due slot exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.database import affected_rows
from storage.models import Schedule


def set_schedule(
    session: Session,
    *,
    workspace_id: str,
    channel_id: str,
    created_by: str,
    rule: dict[str, Any],
    timezone: str,
    run_hours: int,
    min_respondents: int,
    next_due_at: datetime,
    now: datetime,
) -> Schedule:
    """Create the channel's schedule, or replace it: a channel has one schedule at most."""
    schedule = get_schedule(session, workspace_id=workspace_id, channel_id=channel_id)
    if schedule is None:
        schedule = Schedule(workspace_id=workspace_id, channel_id=channel_id, created_at=now)
        session.add(schedule)
    schedule.created_by = created_by
    schedule.rule = rule
    schedule.timezone = timezone
    schedule.run_hours = run_hours
    schedule.min_respondents = min_respondents
    schedule.next_due_at = next_due_at
    schedule.updated_at = now
    session.flush()
    return schedule


def get_schedule(session: Session, *, workspace_id: str, channel_id: str) -> Schedule | None:
    return session.scalar(
        select(Schedule).where(
            Schedule.workspace_id == workspace_id, Schedule.channel_id == channel_id
        )
    )


def delete_schedule(session: Session, *, workspace_id: str, channel_id: str) -> bool:
    deleted = affected_rows(
        session,
        delete(Schedule).where(
            Schedule.workspace_id == workspace_id, Schedule.channel_id == channel_id
        ),
    )
    return deleted > 0


def due_schedules(session: Session, *, now: datetime) -> Sequence[Schedule]:
    """Schedules whose next slot has come, across all workspaces."""
    return session.scalars(select(Schedule).where(Schedule.next_due_at <= now)).all()


def claim_slot(
    session: Session, *, schedule_id: str, due_at: datetime, next_due_at: datetime, now: datetime
) -> bool:
    """Move the schedule past the slot due at `due_at`; True only for the caller that did.

    Every worker may see the same due schedule; the conditional update lets exactly one of them
    move it on, and that one opens the run in the same transaction. Passing the next slot after
    *now* (not after `due_at`) means slots missed while the bot was down open one run, not one
    per missed slot.
    """
    claimed = affected_rows(
        session,
        update(Schedule)
        .where(Schedule.id == schedule_id, Schedule.next_due_at == due_at)
        .values(next_due_at=next_due_at, updated_at=now),
    )
    return claimed == 1
