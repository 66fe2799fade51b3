"""What is owed to be shown (`show_due_at` on a response or a run), found and taken once.

Both kinds are handled alike: rows whose step fell due are listed, and a row is taken by moving
its `show_due_at` on in one conditional update, so of several takers exactly one wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.database import affected_rows
from storage.models import AssessmentRun, Response

Owing = TypeVar("Owing", Response, AssessmentRun)


def due(
    session: Session, kind: type[Owing], *, now: datetime, limit: int
) -> list[tuple[str, datetime]]:
    """Rows whose step was owed by `now`: (id, when it was due), oldest first."""
    rows = session.execute(
        select(kind.id, kind.show_due_at)
        .where(kind.show_due_at.is_not(None), kind.show_due_at <= now)
        .order_by(kind.show_due_at)
        .limit(limit)
    )
    return [(row.id, row.show_due_at) for row in rows]


def take(
    session: Session,
    kind: type[Owing],
    *,
    row_id: str,
    due_at: datetime,
    next_due_at: datetime | None,
) -> Owing | None:
    """Take the owed step for showing, if nobody else has since it was `due_at`; it is owed
    again from `next_due_at` should this attempt die too (None: nothing is owed any more)."""
    taken = affected_rows(
        session,
        update(kind)
        .where(kind.id == row_id, kind.show_due_at == due_at)
        .values(show_due_at=next_due_at),
    )
    return session.get(kind, row_id) if taken == 1 else None


def part_shown(
    session: Session,
    kind: type[Owing],
    *,
    row_id: str,
    part: int,
    message_ts: str | None,
    last: bool,
) -> None:
    """Part `part` of a profile is shown (the first part, the message, is `message_ts`): the
    next is still owed under the lease already held, unless this was the last."""
    values: dict[str, object] = {"profile_parts_shown": part + 1}
    if part == 0:
        values["profile_ts"] = message_ts
    if last:
        values["show_due_at"] = None
    session.execute(
        update(kind).where(kind.id == row_id, kind.profile_parts_shown <= part).values(**values)
    )
