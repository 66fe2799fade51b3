"""Deleting data on request: a person's, or a whole workspace's when it uninstalls the app."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from storage.database import affected_rows
from storage.installations import delete_installations
from storage.models import (
    Answer,
    AssessmentRun,
    ChannelPlan,
    Comment,
    Commitment,
    KnownName,
    RememberedRole,
    Reminder,
    ReminderOptOut,
    Response,
    RunKind,
    Schedule,
    TeamResult,
    WorkspaceSettings,
)


@dataclass(frozen=True)
class Forgotten:
    responses: int
    answers: int
    individual_runs: int
    unowned_channels: frozenset[str] = frozenset()
    """Channels where the person owned a commitment: it stays, unowned, and the channel's plan
    is to be shown again without them."""


@dataclass(frozen=True)
class WorkspaceDeleted:
    runs: int
    installation_rows: int


def forget_person(session: Session, *, workspace_id: str, user_id: str) -> Forgotten:
    """Remove the person's responses (with the roles they answered as), answers and comments
    in every run of the workspace, their remembered role, and their own individual runs. Closed
    team runs keep their snapshot: it holds aggregates and unsigned comments shown among at
    least five, never a person's answers, and the team's agreed result should not change
    because one member left.
    """
    response_ids = select(Response.id).where(
        Response.workspace_id == workspace_id, Response.user_id == user_id
    )
    answers = (
        session.scalar(
            select(func.count()).select_from(Answer).where(Answer.response_id.in_(response_ids))
        )
        or 0
    )
    session.execute(delete(Answer).where(Answer.response_id.in_(response_ids)))
    # Their comments too, said here rather than left to ON DELETE CASCADE (a SQLite connection
    # without foreign keys switched on would keep them).
    session.execute(delete(Comment).where(Comment.response_id.in_(response_ids)))
    # The role each response was given as goes with the response; the one offered next time here.
    session.execute(
        delete(RememberedRole).where(
            RememberedRole.workspace_id == workspace_id, RememberedRole.user_id == user_id
        )
    )
    responses = affected_rows(
        session,
        delete(Response).where(Response.workspace_id == workspace_id, Response.user_id == user_id),
    )
    runs = affected_rows(
        session,
        delete(AssessmentRun).where(
            AssessmentRun.workspace_id == workspace_id,
            AssessmentRun.started_by == user_id,
            AssessmentRun.kind == RunKind.INDIVIDUAL,
        ),
    )
    # A commitment the team made stays the team's; only the person's name comes off it.
    owned = Commitment.workspace_id == workspace_id, Commitment.owner_id == user_id
    channels = frozenset(session.scalars(select(Commitment.channel_id).where(*owned)))
    session.execute(update(Commitment).where(*owned).values(owner_id=None, show_due_at=None))
    return Forgotten(
        responses=responses, answers=answers, individual_runs=runs, unowned_channels=channels
    )


def delete_workspace(session: Session, *, workspace_id: str) -> WorkspaceDeleted:
    """Everything the workspace left with us, for when it uninstalls the app: its runs (with
    their responses, answers, snapshots, reminders sent and the steps still owed, which live on
    runs and responses), schedules, the channels' commitments and plans (the canvases
    themselves are the channels'), reminder opt-outs, its settings (a reinstall starts from the
    defaults, and they name its people), and its stored installations and bots with every token
    and refresh token. One transaction: a failure leaves all of it for Slack's redelivery.
    """
    session.execute(delete(Schedule).where(Schedule.workspace_id == workspace_id))
    session.execute(delete(ReminderOptOut).where(ReminderOptOut.workspace_id == workspace_id))
    session.execute(delete(WorkspaceSettings).where(WorkspaceSettings.workspace_id == workspace_id))
    session.execute(delete(RememberedRole).where(RememberedRole.workspace_id == workspace_id))
    session.execute(delete(Commitment).where(Commitment.workspace_id == workspace_id))
    session.execute(delete(ChannelPlan).where(ChannelPlan.workspace_id == workspace_id))
    session.execute(delete(KnownName).where(KnownName.workspace_id == workspace_id))
    run_ids = select(AssessmentRun.id).where(AssessmentRun.workspace_id == workspace_id)
    for table in (Reminder, TeamResult):
        session.execute(delete(table).where(table.run_id.in_(run_ids)))
    response_ids = select(Response.id).where(Response.workspace_id == workspace_id)
    session.execute(delete(Answer).where(Answer.response_id.in_(response_ids)))
    session.execute(delete(Comment).where(Comment.response_id.in_(response_ids)))
    session.execute(delete(Response).where(Response.workspace_id == workspace_id))
    runs = affected_rows(
        session, delete(AssessmentRun).where(AssessmentRun.workspace_id == workspace_id)
    )
    return WorkspaceDeleted(
        runs=runs, installation_rows=delete_installations(session, workspace_id=workspace_id)
    )
