"""What is owed to be shown, found and taken once: a response's or a run's next step
(`show_due_at`), a run's below-minimum notice (`below_minimum_due_at`), a reminder
(`Reminder.show_due_at`), a commitment's reminder to its owner (`Commitment.show_due_at`), a
channel's plan to rewrite (`ChannelPlan.show_due_at`), a skipped slot's notice
(`Schedule.skip_notice_due_at`).

All are handled alike: rows whose column fell due are listed, and a row is taken by moving that
column on in one conditional update, so of several takers exactly one wins.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Update, bindparam, select, update
from sqlalchemy.orm import Session

from storage.database import core
from storage.models import AssessmentRun, ChannelPlan, Commitment, Reminder, Response, Schedule

Owing = TypeVar("Owing", Response, AssessmentRun, Reminder, Commitment, ChannelPlan, Schedule)
STEP = "show_due_at"
"""The column that says a row's step is owed, unless told another."""


def due(
    session: Session, kind: type[Owing], *, now: datetime, limit: int, column: str = STEP
) -> list[tuple[Any, datetime]]:
    """Rows whose `column` was owed by `now`: (id, when it was due), oldest first."""
    owed = getattr(kind, column)
    rows = session.execute(
        select(kind.id, owed.label("due_at"))
        .where(owed.is_not(None), owed <= now)
        .order_by(owed)
        .limit(limit)
    )
    return [(row.id, row.due_at) for row in rows]


def take(
    session: Session,
    kind: type[Owing],
    *,
    row_id: Any,
    due_at: datetime,
    next_due_at: datetime | None,
    column: str = STEP,
) -> Owing | None:
    """Take the owed thing for showing, if nobody else has since it was `due_at`; it is owed
    again from `next_due_at` should this attempt die too (None: nothing is owed any more)."""
    if not renew(
        session, kind, row_id=row_id, due_at=due_at, next_due_at=next_due_at, column=column
    ):
        return None
    return session.get(kind, row_id)


def renew(
    session: Session,
    kind: type[Owing],
    *,
    row_id: Any,
    due_at: datetime,
    next_due_at: datetime | None,
    column: str = STEP,
) -> bool:
    """`take` for a caller that already knows what to show: one conditional UPDATE, no read
    back (each part of a profile is taken this way, and a click's next question when its
    follow-up starts too late to hold the answer's own lease, `flows.owed.PersonStep.held`)."""
    values = {"owed_row": row_id, "owed_at": due_at, "owed_next": next_due_at}
    return core(session, _renewal(kind, column), values).rowcount == 1


@cache
def _renewal(kind: type[Owing], column: str) -> Update:
    """`renew`'s conditional UPDATE, built once per kind and column (every part shown runs it):
    its values are bound parameters, named unlike any column (a schedule has a `next_due_at`)."""
    owed = getattr(kind, column)
    return (
        update(kind)
        .where(kind.id == bindparam("owed_row"), owed == bindparam("owed_at"))
        .values({column: bindparam("owed_next")})
    )


def settle(session: Session, kind: type[Owing], *, row_id: Any, column: str = STEP) -> None:
    """It is shown: owed no more."""
    session.execute(update(kind).where(kind.id == row_id).values({column: None}))


def owe_again(
    session: Session,
    kind: type[Owing],
    *,
    row_id: Any,
    at: datetime,
    held: datetime | None = None,
    column: str = STEP,
) -> None:
    """Showing it failed: owed again from `at`, unless it was shown or dropped meanwhile, or
    (given the lease this caller `held`) someone else has taken it since."""
    owed = getattr(kind, column)
    still = owed.is_not(None) if held is None else owed == held
    session.execute(update(kind).where(kind.id == row_id, still).values({column: at}))


def part_shown(
    session: Session,
    kind: type[Response] | type[AssessmentRun],
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
    core(
        session,
        update(kind).where(kind.id == row_id, kind.profile_parts_shown <= part).values(**values),
    )
