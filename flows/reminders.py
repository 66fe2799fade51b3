"""Nudging members who have not finished a team run: half way through, and a day before close.

At most two reminders per person per run, never to someone who finished, never to someone who
asked us to stop. A round is claimed once in the database before anything is sent, so with
several workers each round happens once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import select

from flows.progress import team_progress
from flows.services import Services
from flows.steps import TeamProgress
from storage import reminders
from storage.models import AssessmentRun, Response, RunKind, RunStatus

ROUND_MARKER = ""
"""The user id under which a whole round is claimed."""
LAST_DAY = timedelta(days=1)


class ReminderKind(StrEnum):
    HALFWAY = "halfway"
    LAST_DAY = "last_day"


@dataclass(frozen=True)
class ReminderRound:
    kind: ReminderKind
    progress: TeamProgress


def due_rounds(services: Services) -> list[ReminderRound]:
    """Reminder rounds that have come for open team runs, each claimed by this caller only."""
    now = services.clock()
    claimed: list[ReminderRound] = []
    with services.database.session() as session:
        open_runs = session.scalars(
            select(AssessmentRun).where(
                AssessmentRun.kind == RunKind.TEAM,
                AssessmentRun.status == RunStatus.OPEN,
                AssessmentRun.closes_at.is_not(None),
                AssessmentRun.closes_at > now,
            )
        ).all()
        for run in open_runs:
            assert run.closes_at is not None
            length = run.closes_at - run.opened_at
            kind: ReminderKind | None = None
            if now >= run.closes_at - LAST_DAY and length > 2 * LAST_DAY:
                kind = ReminderKind.LAST_DAY
            elif now >= run.opened_at + length / 2:
                kind = ReminderKind.HALFWAY
            if kind is None:
                continue
            if reminders.claim_reminder(
                session, run_id=run.id, user_id=ROUND_MARKER, kind=kind.value, now=now
            ):
                claimed.append(ReminderRound(kind=kind, progress=team_progress(session, run)))
    return claimed


def recipients(services: Services, round_: ReminderRound, members: Iterable[str]) -> list[str]:
    """The channel members this round should reach: unfinished, not opted out, not yet sent."""
    run_id = round_.progress.run_id
    workspace_id = round_.progress.workspace_id
    now = services.clock()
    with services.database.session() as session:
        finished = set(
            session.scalars(
                select(Response.user_id).where(
                    Response.run_id == run_id, Response.completed_at.is_not(None)
                )
            )
        )
        candidates = [m for m in dict.fromkeys(members) if m and m not in finished]
        stopped = reminders.opted_out(session, workspace_id=workspace_id, user_ids=candidates)
        return [
            user
            for user in candidates
            if user not in stopped
            and reminders.claim_reminder(
                session, run_id=run_id, user_id=user, kind=round_.kind.value, now=now
            )
        ]


def stop_reminding(services: Services, *, workspace_id: str, user_id: str) -> None:
    with services.database.session() as session:
        reminders.opt_out(session, workspace_id=workspace_id, user_id=user_id, now=services.clock())
