"""Whom a report is about, as people know it: the channel and workspace as Slack last named them
(storage/names.py) and the run's opening day. Read from the database, never asked of Slack, so
drawing a report costs no Web API call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.services import Services
from storage import names, runs


@dataclass(frozen=True)
class Subject:
    channel_name: str | None
    """ "cs-team" (shown "#cs-team"); None when Slack never told us."""
    workspace_name: str | None
    opened_at: datetime | None


def subject_of(services: Services, *, workspace_id: str, channel_id: str, run_id: str) -> Subject:
    with services.database.session() as session:
        known = names.names_of(
            session, workspace_id=workspace_id, object_ids=[workspace_id, channel_id]
        )
        run = runs.get_run(session, workspace_id=workspace_id, run_id=run_id)
        return Subject(known.get(channel_id), known.get(workspace_id), run.opened_at)
