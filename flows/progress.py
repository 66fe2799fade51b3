"""Where a team run stands: the "3 of 12 responded" that invitations, reminders and schedules
show. Its own module because both one person's conversation (a member finishing moves the count)
and the team run itself need it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from flows.steps import TeamProgress
from storage import runs
from storage.models import AssessmentRun


def team_progress(session: Session, run: AssessmentRun) -> TeamProgress:
    return TeamProgress(
        run_id=run.id,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id or "",
        message_ts=run.message_ts,
        completed=runs.count_completed(session, run_id=run.id),
        invited=run.invited,
        min_respondents=run.min_respondents,
        closes_at=run.closes_at,
        started_by=run.started_by,
        owed=run.show_due_at,
    )
