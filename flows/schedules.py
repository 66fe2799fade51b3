"""Quarterly (or monthly) team runs that open on their own, in the scheduler's timezone.

A schedule keeps only its next due instant; whichever worker first claims a due slot opens the
run in the same transaction, so each slot opens one run however many workers are running, and a
bot that was down for several slots opens one run when it comes back, not one per missed slot.

A channel has one open team run at a time, so a scheduled run must close before the next slot:
otherwise that slot is skipped. So is a slot that finds the channel with fewer people than the
schedule's minimum: such a run could never show a profile, and, left open, would hold the slots
after it too. Whatever set its length (`closes in` typed with the schedule, the workspace's default
deadline, a schedule stored before that was checked), the run is opened to close at the latest
`BEFORE_NEXT_SLOT` ahead of the following slot.

A skipped slot owes its channel a notice saying so, written down with the claimed slot and shown
once (`flows.owed`): a run the team expected would otherwise fail to come without a word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from flows import workspace_settings
from flows.errors import NotAllowed, UserFacingError
from flows.progress import team_progress
from flows.recurrence import LONGEST_RUN, Recurrence, describe_next, next_occurrence
from flows.sentences import Person, words
from flows.services import Services
from flows.steps import TeamProgress
from storage import runs, schedules
from storage.errors import ChannelHasOpenRun
from storage.models import RunKind, Schedule, SkipReason

FALLBACK_TIMEZONE = "UTC"
BEFORE_NEXT_SLOT = timedelta(hours=1)
"""A scheduled run closes at least this long before the following slot, so the deadline check
(every minute or so, in every worker) has closed it by the time that slot opens the next run."""


@dataclass(frozen=True)
class ScheduleInfo:
    channel_id: str
    created_by: str
    rule: Recurrence
    timezone: str
    next_due_at: datetime
    run_length: timedelta
    min_respondents: int
    shortened_from: timedelta | None = None
    """The workspace's default deadline, when it is longer than the cadence allows and each run
    stays open `run_length` instead (only when the schedule was just set)."""

    @property
    def next_in_words(self) -> str:
        return describe_next(self.next_due_at, ZoneInfo(self.timezone))

    def missing_people(self, members: int) -> int:
        """How many more people than `members` a run of this schedule needs to show a team
        profile; 0 when they are enough."""
        return max(0, self.min_respondents - members)


@dataclass(frozen=True)
class ScheduledRunOpened:
    progress: TeamProgress
    schedule: ScheduleInfo


@dataclass(frozen=True)
class SkippedSlot:
    """A slot that opened no run, and the notice it owes the channel: `schedule` says when the
    next slot is (the one after `slot`, the slot just skipped); `owed`, the notice's lease."""

    schedule_id: str
    workspace_id: str
    channel_id: str
    slot: datetime
    schedule: ScheduleInfo
    owed: datetime | None


@dataclass(frozen=True)
class ScheduledRunSkipped(SkippedSlot):
    """The slot came while the channel's previous team run, `open_run`, was still open."""

    open_run: TeamProgress


@dataclass(frozen=True)
class ScheduledRunTooSmall(SkippedSlot):
    """The slot came when the channel had fewer people than the schedule's minimum: `members`
    besides the bot."""

    members: int


ScheduledOutcome = ScheduledRunOpened | ScheduledRunSkipped | ScheduledRunTooSmall

Audience = Callable[[str, str], int | None]
"""How many people a team run in a workspace's channel is for (workspace id, channel id), as
the channel's members say now; None when that cannot be told."""


def zone(name: str | None) -> ZoneInfo:
    """The person's Slack timezone, or UTC when Slack gave none we know."""
    try:
        return ZoneInfo(name or FALLBACK_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(FALLBACK_TIMEZONE)


def set_schedule(
    services: Services,
    *,
    workspace_id: str,
    channel_id: str,
    user_id: str,
    is_admin: bool,
    timezone: str | None,
    rule: Recurrence,
    closes_in: timedelta | None,
    min_respondents: int | None,
) -> ScheduleInfo:
    chosen = workspace_settings.require_starter(
        services, workspace_id=workspace_id, user_id=user_id, is_admin=is_admin, what="schedules"
    )
    minimum = workspace_settings.minimum_for(chosen, min_respondents)
    longest = LONGEST_RUN[rule.cadence]
    # A typed `closes in` is refused beyond `longest` by the parser; the default is only shortened.
    wanted = closes_in or chosen.default_deadline
    run_length = min(wanted, longest)
    tz = zone(timezone)
    now = services.clock()
    with services.database.session() as session:
        existing = schedules.get_schedule(session, workspace_id=workspace_id, channel_id=channel_id)
        if existing is not None:
            _require_owner_or_admin(existing, user_id, is_admin, "change")
        stored = schedules.set_schedule(
            session,
            workspace_id=workspace_id,
            channel_id=channel_id,
            created_by=user_id,
            rule=rule.to_dict(),
            timezone=tz.key,
            run_hours=int(run_length.total_seconds() // 3600),
            min_respondents=minimum,
            next_due_at=next_occurrence(rule, after=now, tz=tz),
            now=now,
        )
        info = _info(stored)
        return replace(info, shortened_from=wanted) if wanted > run_length else info


def show_schedule(services: Services, *, workspace_id: str, channel_id: str) -> ScheduleInfo | None:
    with services.database.session() as session:
        stored = schedules.get_schedule(session, workspace_id=workspace_id, channel_id=channel_id)
        return None if stored is None else _info(stored)


def remove_schedule(
    services: Services, *, workspace_id: str, channel_id: str, user_id: str, is_admin: bool
) -> ScheduleInfo:
    with services.database.session() as session:
        stored = schedules.get_schedule(session, workspace_id=workspace_id, channel_id=channel_id)
        if stored is None:
            raise UserFacingError("This channel has no schedule to turn off.")
        _require_owner_or_admin(stored, user_id, is_admin, "turn off")
        info = _info(stored)
        schedules.delete_schedule(session, workspace_id=workspace_id, channel_id=channel_id)
        return info


def open_due_runs(services: Services, audience: Audience) -> list[ScheduledOutcome]:
    """Open a team run for every schedule whose slot has come; each slot once, across workers.

    Each channel's `audience` is asked before the slot is claimed, outside any transaction (it
    asks Slack); a count it cannot give opens the run as before."""
    now = services.clock()
    with services.database.session() as session:
        due = [
            (s.id, s.next_due_at, s.workspace_id, s.channel_id)
            for s in schedules.due_schedules(session, now=now)
        ]
    outcomes: list[ScheduledOutcome] = []
    for schedule_id, due_at, workspace_id, channel_id in due:
        members = audience(workspace_id, channel_id)
        with services.database.session() as session:
            stored = session.get(Schedule, schedule_id)
            if stored is None or stored.next_due_at != due_at:
                continue  # removed, changed or claimed by another worker meanwhile
            info = _info(stored)
            following = next_occurrence(info.rule, after=now, tz=ZoneInfo(info.timezone))
            if not schedules.claim_slot(
                session, schedule_id=schedule_id, due_at=due_at, next_due_at=following, now=now
            ):
                continue
            info = replace(info, next_due_at=following)
            if members is not None and info.missing_people(members):
                owed = _owe_skip_notice(services, stored, due_at, SkipReason.TOO_FEW, members)
                outcomes.append(
                    ScheduledRunTooSmall(
                        stored.id, workspace_id, channel_id, due_at, info, owed, members=members
                    )
                )
                continue
            outcomes.append(
                _open_scheduled_run(services, session, stored, info, due_at, now, members)
            )
    return outcomes


def owed_skip_notice(
    session: Session, stored: Schedule, owed: datetime
) -> ScheduledRunSkipped | ScheduledRunTooSmall | None:
    """The notice `stored`'s skipped slot still owes its channel, as the database says now;
    None when it is no longer true to say (the run that was still open has closed since)."""
    slot, reason = stored.skipped_slot, stored.skipped_because
    if slot is None or reason is None:
        return None
    info = _info(stored)
    where = (stored.id, stored.workspace_id, stored.channel_id, slot, info, owed)
    if reason is SkipReason.TOO_FEW:
        return ScheduledRunTooSmall(*where, members=stored.skipped_members or 0)
    still_open = runs.open_team_run_in_channel(
        session, workspace_id=stored.workspace_id, channel_id=stored.channel_id
    )
    if still_open is None:
        return None
    return ScheduledRunSkipped(*where, open_run=team_progress(session, still_open))


def _owe_skip_notice(
    services: Services, stored: Schedule, slot: datetime, reason: SkipReason, members: int | None
) -> datetime:
    """Write down, with the claimed slot, that the channel is owed the notice of its skipping;
    the notice's lease is returned. It replaces one still owed for an earlier slot."""
    stored.skipped_slot = slot
    stored.skipped_because = reason
    stored.skipped_members = members
    stored.skip_notice_due_at = owed = services.due()
    return owed


def _open_scheduled_run(
    services: Services,
    session: Session,
    stored: Schedule,
    info: ScheduleInfo,
    slot: datetime,
    now: datetime,
    members: int | None,
) -> ScheduledRunOpened | ScheduledRunSkipped:
    try:
        with session.begin_nested():
            run = runs.open_run(
                session,
                workspace_id=stored.workspace_id,
                kind=RunKind.TEAM,
                started_by=stored.created_by,
                framework_version=services.framework.version,
                now=now,
                channel_id=stored.channel_id,
                closes_at=min(now + info.run_length, info.next_due_at - BEFORE_NEXT_SLOT),
                min_respondents=info.min_respondents,
            )
    except ChannelHasOpenRun as taken:
        existing = runs.get_run(session, workspace_id=stored.workspace_id, run_id=taken.run_id)
        owed = _owe_skip_notice(services, stored, slot, SkipReason.STILL_OPEN, members)
        return ScheduledRunSkipped(
            stored.id,
            stored.workspace_id,
            stored.channel_id,
            slot,
            info,
            owed,
            open_run=team_progress(session, existing),
        )
    stored.skip_notice_due_at = None  # a run opens: an earlier slot's notice is moot
    run.invited = members
    run.show_due_at = services.due()  # the invitation
    return ScheduledRunOpened(progress=team_progress(session, run), schedule=info)


def _info(stored: Schedule) -> ScheduleInfo:
    rule = Recurrence.from_dict(stored.rule)
    return ScheduleInfo(
        channel_id=stored.channel_id,
        created_by=stored.created_by,
        rule=rule,
        timezone=stored.timezone,
        next_due_at=stored.next_due_at,
        # A schedule stored before lengths were capped may hold more; its runs are cut anyway.
        run_length=min(timedelta(hours=stored.run_hours), LONGEST_RUN[rule.cadence]),
        min_respondents=stored.min_respondents,
    )


def _require_owner_or_admin(stored: Schedule, user_id: str, is_admin: bool, verb: str) -> None:
    if user_id != stored.created_by and not is_admin:
        raise NotAllowed(
            words(
                "Only ",
                Person(stored.created_by),
                f", who set this channel's schedule, or a workspace admin can {verb} it.",
            ),
            log_detail=f"{user_id} may not {verb} the schedule of {stored.channel_id}",
        )
