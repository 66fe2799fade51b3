"""The plan's rules (`flows.plans`), on a real database, without Slack: who may plan, what a
line needs, how many open moves a plan holds, and when an owner is reminded."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from flows import conversation, plans, team, workspace_settings
from flows.errors import NotAllowed
from flows.plans import MoveInput, PlanProblems
from flows.services import Services
from storage.models import CommitmentStatus
from tests.picks import form_picks

W, C, LEAD = "T1", "C1", "ULEAD"
PEOPLE = ("UA", "UB", "UC")


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
    for user, stage in zip(PEOPLE, (1, 2, 3), strict=True):
        ask = team.join_team_run(
            services, workspace_id=W, user_id=user, run_id=run.run_id, dm_channel_id=f"D{user}"
        )
        picks = form_picks(
            services, workspace_id=W, user_id=user, response_id=ask.response_id, stages=stage
        )
        conversation.submit_form(
            services, workspace_id=W, user_id=user, response_id=ask.response_id, answers=picks
        )
    team.close_team_run(services, workspace_id=W, channel_id=C, user_id=LEAD, is_admin=False)
    return run.run_id


def _line(move: str = "Do it", owner: str | None = "UA", due: date | None = None) -> MoveInput:
    return MoveInput(move=move, dimension_id=None, owner_id=owner, due_on=due or date(2026, 11, 20))


def _save(services: Services, run_id: str, lines: list[MoveInput], user: str = LEAD) -> None:
    plans.save_plan(
        services,
        workspace_id=W,
        channel_id=C,
        run_id=run_id,
        user_id=user,
        is_admin=False,
        lines=lines,
        zone="America/New_York",
        members=[LEAD, *PEOPLE],
    )


def test_the_starter_plans_three_moves_and_a_fourth_is_refused(services: Services) -> None:
    run_id = _closed_run(services)
    _save(services, run_id, [_line("One"), _line("Two"), _line("Three")])
    round_ = plans.current_round(services, workspace_id=W, channel_id=C)
    assert [c.move for c in round_.open] == ["One", "Two", "Three"]
    with pytest.raises(PlanProblems) as refused:
        _save(services, run_id, [_line("Four")])
    assert refused.value.problems == {0: {"move": "A plan holds at most 3 open moves."}}


def test_a_line_without_owner_a_past_date_or_an_owner_outside_is_refused_whole(
    services: Services,
) -> None:
    run_id = _closed_run(services)
    with pytest.raises(PlanProblems) as refused:
        _save(
            services,
            run_id,
            [_line(owner=None), _line(due=date(2026, 11, 1)), _line(owner="UOUT")],
        )
    assert set(refused.value.problems) == {0, 1, 2}
    assert refused.value.problems[1] == {"due_on": "Pick a date after today."}
    assert plans.current_round(services, workspace_id=W, channel_id=C).commitments == ()


def test_someone_not_allowed_cannot_plan_and_an_emptied_line_drops_its_move(
    services: Services,
) -> None:
    run_id = _closed_run(services)
    workspace_settings.save_choices(
        services,
        workspace_id=W,
        user_id="UADMIN",
        is_admin=True,
        min_respondents=3,
        default_run_days=7,
        starters=workspace_settings.Starters.ADMINS,
        allowed_starters=[],
    )
    with pytest.raises(NotAllowed):
        _save(services, run_id, [_line()], user="UA")
    _save(services, run_id, [_line("One"), _line("Two")])
    first = plans.current_round(services, workspace_id=W, channel_id=C).open[0]
    _save(services, run_id, [MoveInput("", None, None, None, commitment_id=first.id)])
    after = plans.current_round(services, workspace_id=W, channel_id=C)
    assert [c.status for c in after.commitments] == [
        CommitmentStatus.DROPPED,
        CommitmentStatus.OPEN,
    ]


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 11, 20), datetime(2026, 11, 17, 9, 0)),  # a Friday: the Tuesday before
        (date(2026, 11, 23), datetime(2026, 11, 18, 9, 0)),  # a Monday: the Wednesday before
    ],
)
def test_an_owner_is_reminded_three_working_days_before_at_nine(
    due: date, expected: datetime
) -> None:
    now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    at = plans.reminder_time(due, "Europe/Berlin", now=now)
    assert at is not None and at.replace(tzinfo=None) == expected
    assert str(at.tzinfo) == "Europe/Berlin"


def test_a_date_inside_the_reminder_window_gets_no_reminder() -> None:
    now = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    assert plans.reminder_time(date(2026, 11, 20), "UTC", now=now) is None
