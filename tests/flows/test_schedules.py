"""Schedules open their runs once per slot, whatever the number of workers or missed slots."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.messages.mrkdwn import said
from flows import schedules
from flows.commands import ScheduleSet, parse_command
from flows.errors import NotAllowed
from flows.owed import OneMessage, OwedSkipNotice, claim_owed
from flows.services import RETRY_SHOWING_AFTER, Services
from storage.models import AssessmentRun, RunKind, RunStatus, Schedule
from tests.clock import Clock

W, C = "T1", "C1"


def _rule() -> ScheduleSet:
    parsed = parse_command("schedule quarterly closes in 5 days")
    assert isinstance(parsed, ScheduleSet)
    return parsed


def _set(services: Services, user: str = "ULEAD", is_admin: bool = False) -> schedules.ScheduleInfo:
    parsed = _rule()
    return schedules.set_schedule(
        services,
        workspace_id=W,
        channel_id=C,
        user_id=user,
        is_admin=is_admin,
        timezone="Europe/London",
        rule=parsed.rule,
        closes_in=parsed.closes_in,
        min_respondents=None,
    )


def _open_due(services: Services, members: int | None = None) -> list[schedules.ScheduledOutcome]:
    """The timetable's round of schedules, with every channel holding `members` people besides
    the bot (None: Slack could not say)."""
    return schedules.open_due_runs(services, lambda _workspace, _channel: members)


def _team_runs(services: Services) -> int:
    with services.database.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AssessmentRun)
                .where(AssessmentRun.kind == RunKind.TEAM)
            )
            or 0
        )


def test_the_next_slot_is_the_first_monday_of_the_next_quarter(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2026, 11, 23, 12, tzinfo=UTC))
    info = _set(services)
    assert info.next_due_at == datetime(2027, 1, 4, 9, tzinfo=UTC)  # GMT in winter
    assert info.next_in_words == "Monday, January 4, 2027 at 09:00 (Europe/London)"
    assert info.run_length == timedelta(days=5)


def test_slots_missed_while_down_open_one_run_not_one_each(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2026, 11, 23, 12, tzinfo=UTC))
    _set(services)
    clock.set(datetime(2027, 8, 1, 12, tzinfo=UTC))  # January, April and July slots all missed
    opened = _open_due(services)
    assert len(opened) == 1 and isinstance(opened[0], schedules.ScheduledRunOpened)
    assert _open_due(services) == []
    info = schedules.show_schedule(services, workspace_id=W, channel_id=C)
    assert info is not None and info.next_due_at == datetime(2027, 10, 4, 8, tzinfo=UTC)  # BST
    assert _team_runs(services) == 1


def test_many_workers_at_once_open_one_run(services: Services, clock: Clock) -> None:
    clock.set(datetime(2026, 11, 23, 12, tzinfo=UTC))
    _set(services)
    clock.set(datetime(2027, 1, 4, 9, 0, 1, tzinfo=UTC))
    start = threading.Barrier(6)

    def worker(_: int) -> int:
        start.wait()
        return len(_open_due(services))

    with ThreadPoolExecutor(6) as pool:
        assert sum(pool.map(worker, range(6))) == 1
    assert _team_runs(services) == 1


def test_a_slot_that_finds_the_last_run_still_open_is_skipped_and_said(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2026, 11, 23, 12, tzinfo=UTC))
    parsed = parse_command("schedule monthly closes in 27 days")
    assert isinstance(parsed, ScheduleSet)
    schedules.set_schedule(
        services,
        workspace_id=W,
        channel_id=C,
        user_id="ULEAD",
        is_admin=False,
        timezone="UTC",
        rule=parsed.rule,
        closes_in=parsed.closes_in,
        min_respondents=None,
    )
    clock.set(datetime(2026, 12, 7, 10, tzinfo=UTC))
    assert isinstance(_open_due(services)[0], schedules.ScheduledRunOpened)
    with services.database.session() as session:  # nobody closes it; a month goes by
        run = session.scalars(select(AssessmentRun)).one()
        run.closes_at = None
    clock.set(datetime(2027, 1, 4, 10, tzinfo=UTC))
    skipped = _open_due(services)
    assert len(skipped) == 1 and isinstance(skipped[0], schedules.ScheduledRunSkipped)
    assert _team_runs(services) == 1
    # It names the slot after the one just skipped (the first Monday of February, 09:00 GMT).
    assert skipped[0].schedule.next_due_at == datetime(2027, 2, 1, 9, tzinfo=UTC)


def test_a_slot_that_finds_too_few_people_opens_nothing_and_the_next_slot_opens_again(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2026, 11, 23, 12, tzinfo=UTC))
    _set(services)  # the workspace's minimum: 3
    clock.set(datetime(2027, 1, 4, 9, 0, 1, tzinfo=UTC))
    skipped = _open_due(services, members=2)
    assert len(skipped) == 1 and isinstance(skipped[0], schedules.ScheduledRunTooSmall)
    assert (skipped[0].members, skipped[0].schedule.min_respondents) == (2, 3)
    assert skipped[0].schedule.next_due_at == datetime(2027, 4, 5, 8, tzinfo=UTC)  # BST
    assert _team_runs(services) == 0
    assert _open_due(services, members=2) == []  # the slot is spent, not tried again
    clock.set(datetime(2027, 4, 5, 8, 0, 1, tzinfo=UTC))
    opened = _open_due(services, members=3)
    assert len(opened) == 1 and isinstance(opened[0], schedules.ScheduledRunOpened)
    assert opened[0].progress.invited == 3
    assert _team_runs(services) == 1


def _skip_notices(services: Services) -> list[OwedSkipNotice]:
    """The skipped slots' notices the timetable would show now (claimed, as it claims them)."""
    return [owed for owed in claim_owed(services) if isinstance(owed, OwedSkipNotice)]


def test_a_skipped_slots_notice_is_owed_until_shown_once(services: Services, clock: Clock) -> None:
    clock.set(datetime(2026, 11, 23, 12, tzinfo=UTC))
    _set(services)
    clock.set(datetime(2027, 1, 4, 9, 0, 1, tzinfo=UTC))
    (skipped,) = _open_due(services, members=2)
    assert isinstance(skipped, schedules.ScheduledRunTooSmall) and skipped.owed is not None
    assert _skip_notices(services) == []  # in time: the timetable's own attempt shows it
    clock.advance(minutes=3)  # that attempt died, or Slack refused it
    (owed,) = _skip_notices(services)
    assert isinstance(owed.skipped, schedules.ScheduledRunTooSmall)
    assert owed.skipped.members == 2 and owed.skipped.slot == skipped.slot
    assert owed.skipped.schedule.next_due_at == datetime(2027, 4, 5, 8, tzinfo=UTC)
    assert _skip_notices(services) == []  # claimed once
    OneMessage.skip_notice(owed.skipped).shown(services, "5.0")
    clock.advance(minutes=10)
    assert _skip_notices(services) == []


def test_a_still_open_notice_is_dropped_once_that_run_closes_and_a_new_run_settles_any(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2026, 11, 23, 12, tzinfo=UTC))
    _set(services)
    clock.set(datetime(2027, 1, 4, 9, 0, 1, tzinfo=UTC))
    assert isinstance(_open_due(services)[0], schedules.ScheduledRunOpened)
    with services.database.session() as session:  # nobody closes it
        run = session.scalars(select(AssessmentRun)).one()
        run.closes_at = None
    clock.set(datetime(2027, 4, 5, 8, 0, 1, tzinfo=UTC))
    (skipped,) = _open_due(services)
    assert isinstance(skipped, schedules.ScheduledRunSkipped)
    OneMessage.skip_notice(skipped).not_shown(services)  # Slack refused it
    with services.database.session() as session:  # then the lead closed the old run
        session.scalars(select(AssessmentRun)).one().status = RunStatus.CLOSED
    clock.advance(seconds=RETRY_SHOWING_AFTER.total_seconds() + 1)
    assert _skip_notices(services) == []  # "still open" is no longer true: nothing to say
    with services.database.session() as session:
        assert session.scalars(select(Schedule)).one().skip_notice_due_at is None

    clock.set(datetime(2027, 7, 5, 8, 0, 1, tzinfo=UTC))  # too few, never shown...
    assert isinstance(_open_due(services, members=1)[0], schedules.ScheduledRunTooSmall)
    clock.set(datetime(2027, 10, 4, 8, 0, 1, tzinfo=UTC))  # ...and the next slot opens a run
    assert isinstance(_open_due(services, members=5)[0], schedules.ScheduledRunOpened)
    assert _skip_notices(services) == []  # the old notice is moot


def test_a_schedule_stored_with_a_longer_run_still_closes_each_run_before_the_next_slot(
    services: Services, clock: Clock
) -> None:
    """A schedule stored before lengths were checked (here: 45 days, monthly) is cut at open."""
    clock.set(datetime(2026, 11, 23, 12, tzinfo=UTC))
    parsed = parse_command("schedule monthly")
    assert isinstance(parsed, ScheduleSet)
    schedules.set_schedule(
        services,
        workspace_id=W,
        channel_id=C,
        user_id="ULEAD",
        is_admin=False,
        timezone="UTC",
        rule=parsed.rule,
        closes_in=None,
        min_respondents=None,
    )
    with services.database.session() as session:
        session.scalars(select(Schedule)).one().run_hours = 45 * 24
    clock.set(datetime(2027, 1, 4, 9, 1, tzinfo=UTC))
    (opened,) = _open_due(services)
    assert isinstance(opened, schedules.ScheduledRunOpened)
    assert opened.progress.closes_at is not None
    assert opened.progress.closes_at <= datetime(2027, 2, 1, 8, tzinfo=UTC)  # 1 h before


def test_only_the_setter_or_an_admin_changes_a_schedule(services: Services) -> None:
    _set(services)
    with pytest.raises(NotAllowed) as refused:
        _set(services, user="USOMEONE")
    assert "Only <@ULEAD>" in said(refused.value.words)
    _set(services, user="UADMIN", is_admin=True)
