"""Comments: a person's one optional comment per dimension of their response."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from storage.models import Comment, Response


def comments_of(session: Session, *, response_id: str) -> dict[str, str]:
    """The response's comments, dimension id -> text."""
    rows = session.execute(_COMMENTS_OF, {"response_id": response_id})
    found: dict[str, str] = {}
    for dimension_id, text in rows:
        found[dimension_id] = text
    return found


_COMMENTS_OF = select(Comment.dimension_id, Comment.text).where(
    Comment.response_id == bindparam("response_id")
)
"""Built once: the next question after each dimension's last asks it (to offer a comment)."""


def save_comment(
    session: Session, *, response_id: str, dimension_id: str, text: str, now: datetime
) -> None:
    """Write the comment, or replace the one the response already has on that dimension."""
    row = session.scalar(
        select(Comment).where(
            Comment.response_id == response_id, Comment.dimension_id == dimension_id
        )
    )
    if row is None:
        session.add(
            Comment(
                response_id=response_id,
                dimension_id=dimension_id,
                text=text,
                created_at=now,
                updated_at=now,
            )
        )
    else:
        row.text, row.updated_at = text, now
    session.flush()


def completed_comments(session: Session, *, run_id: str) -> dict[str, list[str]]:
    """The comments of the run's finished members, dimension id -> texts, with nothing that
    says whose: sorted by text, so not even the order follows who wrote or when."""
    rows = session.execute(
        select(Comment.dimension_id, Comment.text)
        .join(Response, Response.id == Comment.response_id)
        .where(Response.run_id == run_id, Response.completed_at.is_not(None))
    )
    found: dict[str, list[str]] = {}
    for dimension_id, text in rows:
        found.setdefault(dimension_id, []).append(text)
    return {dimension_id: sorted(texts) for dimension_id, texts in found.items()}
