"""Reminders to members who have not finished: each written down once as owed, shown once,
never to those who opted out.

A round (`user_id` ROUND, "") is written down first, owed until the people it is for are: who
they are needs Slack (the channel's members), which may fail or the worker die asking. Then each
person's reminder is a row of its own, owed until their DM is known to show it. The rows' unique
key (run, person, kind) is what keeps a reminder from going twice, whichever worker gets there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.database import upsert_into
from storage.models import Reminder, ReminderOptOut

ROUND = ""
"""The user id under which a whole round is written down."""


def claim_reminder(
    session: Session,
    *,
    run_id: str,
    user_id: str,
    kind: str,
    now: datetime,
    owed_until: datetime | None = None,
) -> int | None:
    """Write this reminder down (owed until `owed_until`, None: nothing owed); its id only for
    the caller that wrote it first, None for everyone else."""
    statement = (
        upsert_into(session, Reminder)
        .values(run_id=run_id, user_id=user_id, kind=kind, sent_at=now, show_due_at=owed_until)
        .on_conflict_do_nothing(index_elements=["run_id", "user_id", "kind"])
        .returning(Reminder.id)
    )
    return session.scalar(statement)


def owe_round(
    session: Session,
    *,
    run_id: str,
    kind: str,
    user_ids: Iterable[str],
    now: datetime,
    owed_until: datetime,
) -> list[tuple[int, str]]:
    """Write down the round's reminder to each of `user_ids` as owed, and the round as done:
    (id, user) of those written now (one already written is someone else's to show)."""
    written = [
        (reminder_id, user)
        for user in user_ids
        if (
            reminder_id := claim_reminder(
                session, run_id=run_id, user_id=user, kind=kind, now=now, owed_until=owed_until
            )
        )
        is not None
    ]
    session.execute(
        update(Reminder)
        .where(Reminder.run_id == run_id, Reminder.user_id == ROUND, Reminder.kind == kind)
        .values(show_due_at=None)
    )
    return written


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
