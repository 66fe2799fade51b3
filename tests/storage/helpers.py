from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from storage.models import AssessmentRun, RunKind
from storage.runs import open_run

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def team_run(
    session: Session, *, workspace_id: str = "T1", channel_id: str = "C1", min_respondents: int = 3
) -> AssessmentRun:
    return open_run(
        session,
        workspace_id=workspace_id,
        kind=RunKind.TEAM,
        channel_id=channel_id,
        started_by="ULEAD",
        framework_version="2026.1",
        now=T0,
        closes_at=at(60 * 24 * 5),
        min_respondents=min_respondents,
    )
