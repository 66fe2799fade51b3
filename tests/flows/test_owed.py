"""Owed steps: what was due to be shown and was not is handed to the timetable, once."""

from __future__ import annotations

from dataclasses import replace

from flows import conversation, team
from flows.owed import (
    Owed,
    OwedInvitation,
    OwedProfile,
    OwedQuestion,
    OwedTeamProfile,
    PersonStep,
    TeamAnnouncement,
    claim_owed,
)
from flows.services import RETRY_SHOWING_AFTER, Services
from flows.steps import Advanced, Ask, Finished, TeamProfileReady
from tests.clock import Clock

W, U = "T1", "U1"


def _begin(services: Services, user: str = U) -> Ask:
    step = conversation.begin_individual(services, workspace_id=W, user_id=user, channel_id="D1")
    assert isinstance(step, Ask)
    return step


def _answer(services: Services, ask: Ask, user: str = U) -> Advanced:
    step = conversation.answer(
        services,
        workspace_id=W,
        user_id=user,
        response_id=ask.response_id,
        question_id=ask.question.id,
        stage=3,
        message_ts="1.0",
    )
    assert isinstance(step, Advanced)
    return step


def _questions(owed: list[Owed]) -> list[OwedQuestion]:
    """The owed questions, without the claim each carries (it changes with every claim)."""
    return [
        replace(o, step=replace(o.step, owed=None)) for o in owed if isinstance(o, OwedQuestion)
    ]


def _show_all(services: Services, owed: PersonStep | TeamAnnouncement) -> None:
    """Every part left of `owed` shown, as the show-once protocol records them."""
    while owed.part < owed.parts:
        owed.shown(services, f"{owed.part}.0")


def test_a_question_not_shown_in_time_is_owed_once(services: Services, clock: Clock) -> None:
    first = _begin(services)
    PersonStep.question(first).shown(services, "1.0")
    second = _answer(services, first).next
    assert isinstance(second, Ask)
    assert claim_owed(services) == []  # not due yet: the bot is showing it right now
    clock.advance(seconds=services.resend_after.total_seconds() + 1)
    owed = claim_owed(services)
    assert _questions(owed) == [OwedQuestion(W, "D1", replace(second, owed=None))]
    assert claim_owed(services) == []  # claimed: nobody else shows it meanwhile
    # The bot's own attempt, late, finds the timetable has taken it over.
    assert not PersonStep.question(second).take(services)
    clock.advance(seconds=services.resend_after.total_seconds() + 1)
    again = claim_owed(services)
    assert _questions(again) == _questions(owed)  # that attempt died too
    PersonStep.question(second).shown(services, "2")
    clock.advance(seconds=services.resend_after.total_seconds() + 1)
    assert claim_owed(services) == []


def test_a_failed_attempt_is_retried_soon_and_a_profile_can_be_owed(
    services: Services, clock: Clock
) -> None:
    ask = _begin(services)
    step: Advanced | None = None
    for _ in services.framework.questions:
        step = _answer(services, ask)
        if isinstance(step.next, Ask):
            ask = step.next
    assert step is not None and isinstance(step.next, Finished)
    PersonStep.profile(step.next).not_shown(services)
    clock.advance(seconds=RETRY_SHOWING_AFTER.total_seconds() + 1)
    owed = claim_owed(services)
    assert len(owed) == 1 and isinstance(owed[0], OwedProfile)
    assert owed[0].step.profile == step.next.profile
    profile = PersonStep.profile(step.next)
    profile.shown(services, "3.0")  # the message: its chart and full report are still owed
    clock.advance(hours=1)
    (left,) = claim_owed(services)
    assert isinstance(left, OwedProfile)
    assert (left.step.parts_shown, left.step.profile_ts) == (1, "3.0")
    _show_all(services, PersonStep.profile(left.step))
    clock.advance(hours=1)
    assert claim_owed(services) == []


def test_a_restarted_assessment_owes_nothing_from_the_old_one(
    services: Services, clock: Clock
) -> None:
    old = _begin(services)
    _answer(services, old)
    fresh = conversation.restart_individual(services, workspace_id=W, user_id=U, channel_id="D1")
    clock.advance(hours=1)
    owed = claim_owed(services)
    assert [o.step.response_id for o in owed if isinstance(o, OwedQuestion)] == [fresh.response_id]


def test_team_announcements_are_owed_until_posted(services: Services, clock: Clock) -> None:
    progress = team.start_team_run(
        services,
        workspace_id=W,
        channel_id="C1",
        started_by=U,
        closes_in=None,
        min_respondents=3,
        invited=5,
    )
    clock.advance(hours=1)
    assert [type(o) for o in claim_owed(services)] == [OwedInvitation]
    TeamAnnouncement(progress, invitation=True).shown(services, "9.0")
    for member in ("UA", "UB", "UC"):
        ask = team.join_team_run(
            services, workspace_id=W, user_id=member, run_id=progress.run_id, dm_channel_id="D"
        )
        for _ in services.framework.questions:
            step = _answer(services, ask, member)
            if isinstance(step.next, Ask):
                ask = step.next
        assert isinstance(step.next, Finished)
        _show_all(services, PersonStep.profile(step.next))
    outcome = team.close_team_run(
        services, workspace_id=W, channel_id="C1", user_id=U, is_admin=False
    )
    assert isinstance(outcome, TeamProfileReady)
    clock.advance(hours=1)
    owed = claim_owed(services)
    assert [type(o) for o in owed] == [OwedTeamProfile]
    assert isinstance(owed[0], OwedTeamProfile) and owed[0].outcome.team == outcome.team
    _show_all(services, TeamAnnouncement.team_profile(outcome))
    clock.advance(hours=1)
    assert claim_owed(services) == []
