"""A commitment's reminder, as flows hand it to the timetable: claimed once per commitment and
due date, again after a new date, never once settled or for someone who said stop; and the
owner, or someone who may plan, settles it (on both databases: on SQLite a flow that opened a
second transaction inside its first would wait for itself)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from flows import conversation, plans, reminders, team, workspace_settings
from flows.errors import NotAllowed
from flows.plans import MoveInput
from flows.services import Services
from flows.steps import TeamProfileReady
from flows.workspace_settings import Starters
from storage.database import Database
from storage.models import CommitmentStatus
from storage.schema import upgrade
from tests.clock import Clock
from tests.picks import form_picks

W, C, LEAD, OWNER, OTHER, ADMIN = "T1", "C1", "ULEAD", "UOWNER", "UOTHER", "UADMIN"
MONDAY_15_MARCH = date(2027, 3, 15)
WEDNESDAY_9AM_NEW_YORK = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)


@pytest.fixture
def services(any_database_url: str, clock: Clock) -> Iterator[Services]:
    database = Database(any_database_url)
    upgrade(database.engine)
    yield Services(database=database, clock=clock)
    database.dispose()


def _closed_run(services: Services) -> str:
    run = team.start_team_run(
        services,
        workspace_id=W,
        channel_id=C,
        started_by=LEAD,
        closes_in=None,
        min_respondents=3,
        invited=8,
    )
    for user in ("U1", "U2", "U3"):
        ask = team.join_team_run(
            services, workspace_id=W, user_id=user, run_id=run.run_id, dm_channel_id=f"D{user}"
        )
        picks = form_picks(
            services, workspace_id=W, user_id=user, response_id=ask.response_id, stages=2
        )
        conversation.submit_form(
            services, workspace_id=W, user_id=user, response_id=ask.response_id, answers=picks
        )
    outcome = team.close_team_run(
        services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False
    )
    assert isinstance(outcome, TeamProfileReady)
    return run.run_id


def _plan(services: Services, *moves: tuple[str, str, date]) -> list[plans.CommitmentView]:
    round_ = plans.save_plan(
        services,
        workspace_id=W,
        channel_id=C,
        run_id=_closed_run(services),
        user_id=LEAD,
        is_admin=False,
        lines=[MoveInput(move, None, owner, due) for move, owner, due in moves],
        zone="America/New_York",
    )
    return list(round_.commitments)


def _claimed(services: Services) -> list[str]:
    return [r.commitment.move for r in plans.due_reminders(services)]


def test_one_reminder_per_due_date_and_one_more_after_a_new_date(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))
    made = _plan(services, ("Move", OWNER, MONDAY_15_MARCH))
    clock.set(WEDNESDAY_9AM_NEW_YORK - timedelta(minutes=1))
    assert _claimed(services) == []
    clock.set(WEDNESDAY_9AM_NEW_YORK)
    assert _claimed(services) == ["Move"]
    assert _claimed(services) == []  # claimed once
    plans.new_date(
        services,
        workspace_id=W,
        commitment_id=made[0].id,
        user_id=OWNER,
        is_admin=False,
        due_on=date(2027, 3, 29),
    )
    clock.set(datetime(2027, 3, 24, 12, 59, tzinfo=UTC))
    assert _claimed(services) == []
    clock.set(datetime(2027, 3, 24, 13, 0, tzinfo=UTC))  # 09:00 EDT
    assert _claimed(services) == ["Move"]
    assert _claimed(services) == []


def test_no_reminder_once_settled_or_for_someone_who_said_stop(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))
    made = _plan(
        services,
        ("Done early", OWNER, MONDAY_15_MARCH),
        ("Stopped", OTHER, MONDAY_15_MARCH),
    )
    plans.settle(
        services,
        workspace_id=W,
        commitment_id=made[0].id,
        user_id=OWNER,
        is_admin=False,
        status=CommitmentStatus.DONE,
    )
    reminders.stop_reminding(services, workspace_id=W, user_id=OTHER)
    clock.set(WEDNESDAY_9AM_NEW_YORK)
    assert _claimed(services) == []


def test_only_the_owner_or_someone_who_may_plan_settles_a_commitment(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))
    made = _plan(services, ("Move", OWNER, MONDAY_15_MARCH))
    workspace_settings.save_choices(
        services,
        workspace_id=W,
        user_id=ADMIN,
        is_admin=True,
        min_respondents=3,
        default_run_days=7,
        starters=Starters.ADMINS,
        allowed_starters=[],
    )
    with pytest.raises(NotAllowed):
        plans.settle(
            services,
            workspace_id=W,
            commitment_id=made[0].id,
            user_id=OTHER,
            is_admin=False,
            status=CommitmentStatus.DROPPED,
        )
    with pytest.raises(NotAllowed):
        plans.require_changeable(
            services, workspace_id=W, commitment_id=made[0].id, user_id=OTHER, is_admin=False
        )
    assert plans.commitment(services, workspace_id=W, commitment_id=made[0].id).open
    settled = plans.settle(
        services,
        workspace_id=W,
        commitment_id=made[0].id,
        user_id=ADMIN,
        is_admin=True,
        status=CommitmentStatus.DROPPED,
    )
    assert settled.status is CommitmentStatus.DROPPED
    assert plans.channel_of(services, workspace_id=W, commitment_id=made[0].id) == C
