"""Nudging members who have not finished a team run: half way through, and a day before close.

At most two reminders per person per run, never to someone who finished, never to someone who
asked us to stop, never twice. A round is claimed once in the database before anything is sent,
so with several workers each round happens once; it stays owed until the people it is for are
written down (`owe_round`), and each person's reminder stays owed until their DM shows it
(`flows.owed.OneMessage`), so a refused DM or a dead worker loses no one's reminder: the
timetable shows what is still owed (`flows.owed.claim_owed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.progress import team_progress
from flows.services import Services
from flows.steps import TeamProgress
from storage import owed as owing
from storage import reminders
from storage.models import AssessmentRun, Reminder, Response, RunKind, RunStatus

LAST_DAY = timedelta(days=1)


class ReminderKind(StrEnum):
    HALFWAY = "halfway"
    LAST_DAY = "last_day"


@dataclass(frozen=True)
class ReminderRound:
    kind: ReminderKind
    progress: TeamProgress


@dataclass(frozen=True)
class ReminderDue:
    """One person's reminder of a round, written down and owed until their DM shows it."""

    reminder_id: int
    user_id: str
    round_: ReminderRound
    owed: datetime | None


def due_rounds(services: Services) -> list[ReminderRound]:
    """Reminder rounds that have come for open team runs, each claimed by this caller only (and
    owed until `owe_round`, should this caller fail to ask Slack who they are for)."""
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
                session,
                run_id=run.id,
                user_id=reminders.ROUND,
                kind=kind.value,
                now=now,
                owed_until=services.due(),
            ):
                claimed.append(ReminderRound(kind=kind, progress=team_progress(session, run)))
    return claimed


def owe_round(
    services: Services, round_: ReminderRound, members: Iterable[str]
) -> list[ReminderDue]:
    """Write down this round's reminder to each channel member it should reach (unfinished, not
    opted out, not yet written down), each owed until shown; the round itself is then done."""
    run_id = round_.progress.run_id
    with services.database.session() as session:
        finished = set(
            session.scalars(
                select(Response.user_id).where(
                    Response.run_id == run_id, Response.completed_at.is_not(None)
                )
            )
        )
        candidates = [m for m in dict.fromkeys(members) if m and m not in finished]
        stopped = reminders.opted_out(
            session, workspace_id=round_.progress.workspace_id, user_ids=candidates
        )
        allowed = [user for user in candidates if user not in stopped]
        owed_until = services.due()
        written = reminders.owe_round(
            session,
            run_id=run_id,
            kind=round_.kind.value,
            user_ids=allowed,
            now=services.clock(),
            owed_until=owed_until,
        )
    return [ReminderDue(rid, user, round_, owed_until) for rid, user in written]


def round_not_ready(services: Services, round_: ReminderRound) -> None:
    """Slack could not say who the round is for: it is owed again soon."""
    with services.database.session() as session:
        marker = session.scalar(
            select(Reminder.id).where(
                Reminder.run_id == round_.progress.run_id,
                Reminder.user_id == reminders.ROUND,
                Reminder.kind == round_.kind.value,
            )
        )
        if marker is not None:
            owing.owe_again(session, Reminder, row_id=marker, at=services.retry_at())


def still_to_remind(session: Session, progress: TeamProgress, user_id: str) -> bool:
    """Not finished, and has not asked us to stop (a reminder owed for a while is checked
    again before it is shown)."""
    finished = session.scalar(
        select(Response.id).where(
            Response.run_id == progress.run_id,
            Response.user_id == user_id,
            Response.completed_at.is_not(None),
        )
    )
    if finished is not None:
        return False
    return not reminders.opted_out(session, workspace_id=progress.workspace_id, user_ids=[user_id])


def stop_reminding(services: Services, *, workspace_id: str, user_id: str) -> None:
    with services.database.session() as session:
        reminders.opt_out(session, workspace_id=workspace_id, user_id=user_id, now=services.clock())
