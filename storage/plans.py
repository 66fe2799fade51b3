"""A channel's commitments and where its plan is shown: rows in, rows out, no decisions.

`flows.plans` decides who may change what and what is owed; this module only reads and writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.database import affected_rows, upsert_into
from storage.models import ChannelPlan, Commitment, CommitmentStatus


def commitments_of_run(session: Session, *, workspace_id: str, run_id: str) -> Sequence[Commitment]:
    """The commitments made after one team run's profile, in plan order (dropped ones too)."""
    return session.scalars(
        select(Commitment)
        .where(Commitment.workspace_id == workspace_id, Commitment.run_id == run_id)
        .order_by(Commitment.position, Commitment.created_at)
    ).all()


def open_commitments_before(
    session: Session, *, workspace_id: str, channel_id: str, run_id: str
) -> Sequence[Commitment]:
    """The channel's commitments still open from rounds before `run_id`'s: carried forward."""
    return session.scalars(
        select(Commitment)
        .where(
            Commitment.workspace_id == workspace_id,
            Commitment.channel_id == channel_id,
            Commitment.run_id != run_id,
            Commitment.status == CommitmentStatus.OPEN,
        )
        .order_by(Commitment.created_at, Commitment.position)
    ).all()


def get_commitment(session: Session, *, workspace_id: str, commitment_id: str) -> Commitment | None:
    """A commitment of this workspace (another workspace's id finds nothing)."""
    found = session.get(Commitment, commitment_id)
    return found if found is not None and found.workspace_id == workspace_id else None


def channel_plan(session: Session, *, workspace_id: str, channel_id: str) -> ChannelPlan | None:
    return session.scalar(
        select(ChannelPlan).where(
            ChannelPlan.workspace_id == workspace_id, ChannelPlan.channel_id == channel_id
        )
    )


def owe_plan(
    session: Session,
    *,
    workspace_id: str,
    channel_id: str,
    now: datetime,
    owed_until: datetime,
    lead_id: str | None = None,
) -> None:
    """The channel's plan is owed a rewrite by `owed_until` (the row made if it is the first);
    `lead_id`: who planned, told once if there can be no canvas."""
    values: dict[str, object] = {"show_due_at": owed_until, "updated_at": now}
    if lead_id is not None:
        values["lead_id"] = lead_id
    session.execute(
        upsert_into(session, ChannelPlan)
        .values(workspace_id=workspace_id, channel_id=channel_id, revision=1, **values)
        .on_conflict_do_update(
            index_elements=["workspace_id", "channel_id"],
            set_={**values, "revision": ChannelPlan.revision + 1},
        )
    )


def owe_plan_if_any(
    session: Session, *, workspace_id: str, channel_id: str, owed_until: datetime
) -> bool:
    """A channel that has a plan is owed a rewrite (a new team profile to show); True if so."""
    return (
        affected_rows(
            session,
            update(ChannelPlan)
            .where(ChannelPlan.workspace_id == workspace_id, ChannelPlan.channel_id == channel_id)
            .values(show_due_at=owed_until, revision=ChannelPlan.revision + 1),
        )
        > 0
    )


def reminders_due(session: Session, *, now: datetime, limit: int) -> list[str]:
    """Open commitments whose owner's reminder has come: their ids, earliest first."""
    return list(
        session.scalars(
            select(Commitment.id)
            .where(
                Commitment.status == CommitmentStatus.OPEN,
                Commitment.remind_at.is_not(None),
                Commitment.remind_at <= now,
            )
            .order_by(Commitment.remind_at)
            .limit(limit)
        )
    )


def claim_reminder(
    session: Session, *, commitment_id: str, now: datetime, lease: datetime
) -> Commitment | None:
    """Take a commitment's due reminder, if nobody has: one per due date (`reminded_for`),
    owed until `lease` should this attempt die. None if someone else took it."""
    taken = affected_rows(
        session,
        update(Commitment)
        .where(
            Commitment.id == commitment_id,
            Commitment.status == CommitmentStatus.OPEN,
            Commitment.remind_at.is_not(None),
            Commitment.remind_at <= now,
        )
        .values(remind_at=None, reminded_for=Commitment.due_on, show_due_at=lease),
    )
    return session.get(Commitment, commitment_id) if taken == 1 else None


def plan_revision(session: Session, *, plan_id: str) -> int | None:
    return session.scalar(select(ChannelPlan.revision).where(ChannelPlan.id == plan_id))


def plan_shown(session: Session, *, plan_id: str, revision: int) -> None:
    """The plan as of `revision` is shown: owed no more, unless it changed since."""
    session.execute(
        update(ChannelPlan)
        .where(ChannelPlan.id == plan_id, ChannelPlan.revision == revision)
        .values(show_due_at=None)
    )
