"""Schedules and reminders: a due slot is claimed once, a reminder recorded once, even when
several workers try at the same moment."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from storage import owed
from storage.database import Database
from storage.models import Schedule, SkipReason
from storage.reminders import claim_reminder, opt_out, opted_out
from storage.schedules import (
    claim_slot,
    delete_schedule,
    due_schedules,
    get_schedule,
    set_schedule,
)
from tests.storage.helpers import T0, at, team_run

RULE = {"cadence": "quarterly", "day": {"nth": 1, "weekday": 0}, "at": "09:00"}


def _schedule(database: Database) -> str:
    with database.session() as s:
        return set_schedule(
            s,
            workspace_id="T1",
            channel_id="C1",
            created_by="ULEAD",
            rule=RULE,
            timezone="Europe/London",
            run_hours=120,
            min_respondents=3,
            next_due_at=at(60),
            now=T0,
        ).id


def test_a_channel_has_one_schedule_which_can_be_replaced_and_removed(database: Database) -> None:
    first = _schedule(database)
    with database.session() as s:
        again = set_schedule(
            s,
            workspace_id="T1",
            channel_id="C1",
            created_by="UADMIN",
            rule=RULE,
            timezone="America/New_York",
            run_hours=48,
            min_respondents=4,
            next_due_at=at(90),
            now=at(1),
        )
        assert again.id == first
        stored = get_schedule(s, workspace_id="T1", channel_id="C1")
        assert stored is not None and (stored.timezone, stored.run_hours) == (
            "America/New_York",
            48,
        )
        assert stored.rule == RULE
    with database.session() as s:
        assert delete_schedule(s, workspace_id="T1", channel_id="C1")
        assert not delete_schedule(s, workspace_id="T1", channel_id="C1")


def test_a_due_slot_is_claimed_by_exactly_one_of_many_workers(database: Database) -> None:
    schedule_id = _schedule(database)
    with database.session() as s:
        assert due_schedules(s, now=at(59)) == []
        assert [d.id for d in due_schedules(s, now=at(60))] == [schedule_id]
    start = threading.Barrier(8)

    def worker(_: int) -> bool:
        start.wait()
        with database.session() as s:
            return claim_slot(
                s, schedule_id=schedule_id, due_at=at(60), next_due_at=at(60 * 24 * 91), now=at(61)
            )

    with ThreadPoolExecutor(8) as pool:
        won = list(pool.map(worker, range(8)))
    assert won.count(True) == 1
    with database.session() as s:
        assert due_schedules(s, now=at(61)) == []


def test_a_skipped_slots_notice_is_taken_by_exactly_one_of_many_workers(
    database: Database,
) -> None:
    schedule_id = _schedule(database)
    column = "skip_notice_due_at"
    with database.session() as s:
        stored = s.get(Schedule, schedule_id)
        assert stored is not None
        stored.skipped_slot, stored.skipped_because = at(60), SkipReason.TOO_FEW
        stored.skipped_members, stored.skip_notice_due_at = 2, at(62)
    with database.session() as s:
        assert owed.due(s, Schedule, now=at(61), limit=10, column=column) == []
        assert owed.due(s, Schedule, now=at(62), limit=10, column=column) == [(schedule_id, at(62))]
    start = threading.Barrier(8)

    def worker(_: int) -> bool:
        start.wait()
        with database.session() as s:
            taken = owed.take(
                s, Schedule, row_id=schedule_id, due_at=at(62), next_due_at=at(64), column=column
            )
            return taken is not None and taken.skipped_members == 2

    with ThreadPoolExecutor(8) as pool:
        won = list(pool.map(worker, range(8)))
    assert won.count(True) == 1
    with database.session() as s:
        assert owed.due(s, Schedule, now=at(63), limit=10, column=column) == []
        owed.settle(s, Schedule, row_id=schedule_id, column=column)
    with database.session() as s:
        assert owed.due(s, Schedule, now=at(600), limit=10, column=column) == []


def test_each_reminder_is_recorded_once_and_opting_out_sticks(database: Database) -> None:
    with database.session() as s:
        run_id = team_run(s).id
    with database.session() as s:
        assert claim_reminder(s, run_id=run_id, user_id="U1", kind="halfway", now=at(1))
        assert not claim_reminder(s, run_id=run_id, user_id="U1", kind="halfway", now=at(2))
        assert claim_reminder(s, run_id=run_id, user_id="U1", kind="last_day", now=at(3))
        opt_out(s, workspace_id="T1", user_id="U2", now=at(4))
        opt_out(s, workspace_id="T1", user_id="U2", now=at(5))
        assert opted_out(s, workspace_id="T1", user_ids=["U1", "U2"]) == {"U2"}
        assert opted_out(s, workspace_id="T2", user_ids=["U2"]) == set()
