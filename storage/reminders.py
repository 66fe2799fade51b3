"""Reminders to members who have not finished: each sent once, never to those who opted out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database import upsert_into
from storage.models import Reminder, ReminderOptOut


def claim_reminder(
    session: Session, *, run_id: str, user_id: str, kind: str, now: datetime
) -> bool:
    """Record that this reminder goes out; True only for the caller that recorded it first.

    Recorded before sending: a crash between the two loses one reminder rather than sending
    two, which is the better failure for a nudge.
    """
    statement = (
        upsert_into(session, Reminder)
        .values(run_id=run_id, user_id=user_id, kind=kind, sent_at=now)
        .on_conflict_do_nothing(index_elements=["run_id", "user_id", "kind"])
        .returning(Reminder.id)
    )
    return session.scalar(statement) is not None


def opt_out(session: Session, *, workspace_id: str, user_id: str, now: datetime) -> None:
    """ "Stop reminding me": idempotent, so a double click is harmless."""
    if session.get(ReminderOptOut, (workspace_id, user_id)) is None:
        session.add(ReminderOptOut(workspace_id=workspace_id, user_id=user_id, created_at=now))
        session.flush()


def opted_out(session: Session, *, workspace_id: str, user_ids: list[str]) -> set[str]:
    if not user_ids:
        return set()
    return set(
        session.scalars(
            select(ReminderOptOut.user_id).where(
                ReminderOptOut.workspace_id == workspace_id,
                ReminderOptOut.user_id.in_(user_ids),
            )
        )
    )
