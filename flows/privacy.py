"""Deleting data on request: one person's, or a whole workspace's when it uninstalls the app."""

from __future__ import annotations

from flows.services import Services
from storage.privacy import Forgotten, delete_workspace, forget_person


def forget_me(services: Services, *, workspace_id: str, user_id: str) -> Forgotten:
    """The person's answers and history everywhere in the workspace. Closed team results stay:
    they are aggregates that hold nothing of theirs."""
    with services.database.session() as session:
        return forget_person(session, workspace_id=workspace_id, user_id=user_id)


def forget_workspace(services: Services, *, workspace_id: str) -> int:
    with services.database.session() as session:
        return delete_workspace(session, workspace_id=workspace_id)
