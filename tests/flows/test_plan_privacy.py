"""A channel's commitments and what is owed about them, kept and deleted as people expect:
forget me takes a person's name off the team's commitments (which stay); uninstalling deletes
every commitment and plan of the workspace; each owed rewrite and reminder is claimed once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flows import plans, privacy, team
from flows.owed import OwedCommitmentReminder, OwedPlan, claim_owed
from flows.services import Services
from flows.steps import TeamProfileReady
from storage.models import ChannelPlan, Commitment
from tests.clock import Clock
from tests.flows.test_team import LEAD, C, W, _finish, _start

OWNER = "UANA"


def _published(services: Services) -> str:
    run_id = _start(services).run_id
    for user in ("UANA", "UBO", "UCY"):
        _finish(services, run_id, user, 2)
    outcome = team.close_team_run(
        services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False
    )
    assert isinstance(outcome, TeamProfileReady)
    return run_id


def _plan(services: Services, run_id: str, due_on: date) -> plans.PlanRound:
    round_ = plans.current_round(services, workspace_id=W, channel_id=C)
    first = round_.proposals[0]
    return plans.save_plan(
        services,
        workspace_id=W,
        channel_id=C,
        run_id=run_id,
        user_id=LEAD,
        is_admin=False,
        lines=[plans.MoveInput(first.text, first.dimension_id, OWNER, due_on)],
        zone="America/New_York",
    )


def _rows(services: Services, kind: type[Commitment] | type[ChannelPlan]) -> list[object]:
    with services.database.session() as session:
        return list(session.query(kind).all())


def test_forget_me_takes_the_owner_off_a_commitment_that_stays(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 15, 0, tzinfo=UTC))
    run_id = _published(services)
    _plan(services, run_id, date(2027, 3, 26))
    claim_owed(services)  # nothing owed yet: the rewrite is due in a while
    privacy.forget_me(services, workspace_id=W, user_id=OWNER)

    round_ = plans.current_round(services, workspace_id=W, channel_id=C)
    assert [c.owner_id for c in round_.commitments] == [None]
    assert round_.commitments[0].open
    clock.advance(minutes=5)
    owed = [o for o in claim_owed(services) if isinstance(o, OwedPlan)]
    assert len(owed) == 1  # the channel's plan is shown again, without their name
    assert owed[0].page.round_.commitments[0].owner_id is None


def test_uninstalling_deletes_every_commitment_and_plan(services: Services, clock: Clock) -> None:
    clock.set(datetime(2027, 3, 1, 15, 0, tzinfo=UTC))
    _plan(services, _published(services), date(2027, 3, 26))
    assert _rows(services, Commitment) and _rows(services, ChannelPlan)
    privacy.forget_workspace(services, workspace_id=W)
    assert _rows(services, Commitment) == [] and _rows(services, ChannelPlan) == []


def test_an_owed_rewrite_and_a_reminder_are_each_claimed_once(
    services: Services, clock: Clock
) -> None:
    clock.set(datetime(2027, 3, 1, 15, 0, tzinfo=UTC))  # a Monday
    _plan(services, _published(services), date(2027, 3, 26))  # a Friday
    clock.set(datetime(2027, 3, 23, 12, 59, tzinfo=UTC))  # 08:59 in New York, Tuesday
    assert plans.due_reminders(services) == []
    clock.set(datetime(2027, 3, 23, 13, 0, tzinfo=UTC))
    first = plans.due_reminders(services)
    assert [r.commitment.owner_id for r in first] == [OWNER]
    assert plans.due_reminders(services) == []  # one per due date, whoever asks

    owed = claim_owed(services)
    assert sum(isinstance(o, OwedPlan) for o in owed) == 1
    assert not any(isinstance(o, OwedCommitmentReminder) for o in owed)  # its lease holds
    assert not any(isinstance(o, OwedPlan) for o in claim_owed(services))  # taken above
    clock.advance(minutes=3)  # neither was recorded as shown: both come round again, once
    again = claim_owed(services)
    assert sum(isinstance(o, OwedPlan) for o in again) == 1
    assert sum(isinstance(o, OwedCommitmentReminder) for o in again) == 1
    clock.advance(days=30)
    assert plans.due_reminders(services) == []
