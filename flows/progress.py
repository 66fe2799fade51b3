"""Where a team run stands: the "3 of 12 responded" that invitations, reminders and schedules
show. Its own module because both one person's conversation (a member finishing moves the count)
and the team run itself need it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from flows.plans import RoundReview, review_before
from flows.steps import TeamProgress
from storage import plans, runs
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
        review=last_round(session, run),
    )


def last_round(session: Session, run: AssessmentRun) -> RoundReview | None:
    """Last round's commitments, for the invitation: every render of it needs them (Slack
    replaces a message whole), and it is re-rendered as each member finishes.

    Most channels never plan, so the one lookup they pay is the channel's plan row by its
    unique key; only a channel that has planned reads its previous round. Statuses are read
    as they are now: a move marked done while the run is open shows as done on the next count.
    """
    workspace_id, channel_id = run.workspace_id, run.channel_id
    if channel_id is None:
        return None
    if plans.channel_plan(session, workspace_id=workspace_id, channel_id=channel_id) is None:
        return None
    return review_before(
        session, workspace_id=workspace_id, channel_id=channel_id, before_run_id=run.id
    )
