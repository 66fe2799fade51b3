"""Roles: the one a response was given as, and the one a person chose last (offered again)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring import Role, role_of
from storage.models import RememberedRole, Response


def remembered_role(session: Session, *, workspace_id: str, user_id: str) -> Role | None:
    row = session.get(RememberedRole, (workspace_id, user_id))
    return None if row is None else role_of(row.role)


def remember_role(
    session: Session, *, workspace_id: str, user_id: str, role: Role, now: datetime
) -> None:
    row = session.get(RememberedRole, (workspace_id, user_id))
    if row is None:
        session.add(
            RememberedRole(workspace_id=workspace_id, user_id=user_id, role=role, updated_at=now)
        )
    else:
        row.role, row.updated_at = role, now


def completed_roles(session: Session, *, run_id: str) -> list[Role | None]:
    """The role of each finished member (None: not given), in the order of
    `storage.responses.completed_answers`: the two lists line up, member by member."""
    rows = session.scalars(
        select(Response.role)
        .where(Response.run_id == run_id, Response.completed_at.is_not(None))
        .where(Response.answers.any())
        .order_by(Response.id)
    )
    return [role_of(role) for role in rows]
