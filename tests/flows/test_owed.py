"""Owed steps: what was due to be shown and was not is handed to the timetable, once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from flows import conversation, reminders, team
from flows.owed import (
    OneMessage,
    Owed,
    OwedBelowMinimum,
    OwedInvitation,
    OwedProfile,
    OwedQuestion,
    OwedReminder,
    OwedReminderRound,
    OwedTeamProfile,
    PersonStep,
    TeamAnnouncement,
    claim_owed,
)
from flows.services import RETRY_SHOWING_AFTER, Services
from flows.steps import Advanced, Ask, Finished, NeedMoreAnswers, TeamProfileReady, TeamProgress
from tests.clock import Clock
from tests.flows.statements import counted_statements
from tests.picks import shown_for

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
        shown=shown_for(ask, 3),
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


def _answered_first(services: Services) -> Ask:
    """The second question, owed: the first was shown and answered by a click."""
    first = _begin(services)
    PersonStep.question(first).shown(services, "1.0")
    second = _answer(services, first).next
    assert isinstance(second, Ask)
    return second


def test_a_clicks_next_question_is_shown_under_its_answers_lease_without_a_statement(
    services: Services, clock: Clock
) -> None:
    second = _answered_first(services)
    clock.advance(seconds=1)  # the follow-up starts after the ack
    with counted_statements(services) as statements:
        assert PersonStep.question(second, held=True).take(services)
    assert statements == []
    assert claim_owed(services) == []  # the lease still stands: the timetable keeps off


def test_a_follow_up_that_starts_late_takes_its_question_like_anyone_else(
    services: Services, clock: Clock
) -> None:
    second = _answered_first(services)
    # A swamped machine: a fifth of the lease gone before the follow-up runs. Nobody else has
    # the question, so taking it again wins (and renews the lease).
    clock.advance(seconds=services.resend_after.total_seconds() / 5)
    late = PersonStep.question(second, held=True)
    with counted_statements(services) as statements:
        assert late.take(services)
    assert any(s.lstrip().upper().startswith("UPDATE") for s in statements)
    assert late.due is not None and second.owed is not None and late.due > second.owed
    # Later still, after the whole lease: the timetable has taken it, so the click's own
    # follow-up must not show it too.
    third = _answer(services, second).next
    assert isinstance(third, Ask)
    clock.advance(seconds=services.resend_after.total_seconds() + 1)
    assert len(claim_owed(services)) == 1
    assert not PersonStep.question(third, held=True).take(services)


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


def _team_run(services: Services, closes_in: timedelta) -> TeamProgress:
    return team.start_team_run(
        services,
        workspace_id=W,
        channel_id="C1",
        started_by="ULEAD",
        closes_in=closes_in,
        min_respondents=None,
        invited=None,
    )


def _announced(services: Services, progress: TeamProgress) -> None:
    TeamAnnouncement(progress, invitation=True).shown(services, "9.0")


def test_a_reminder_owed_late_goes_only_to_who_still_should_get_it(
    services: Services, clock: Clock
) -> None:
    """Written down, then not shown (Slack refused, the worker died): by the time it comes round
    one person opted out, so theirs is dropped; the others' are still owed, once."""
    progress = _team_run(services, timedelta(days=4))
    _announced(services, progress)
    clock.advance(days=2, minutes=1)
    (round_,) = reminders.due_rounds(services)
    assert reminders.due_rounds(services) == []  # claimed once
    written = reminders.owe_round(services, round_, ["UA", "UB", "UA", ""])
    assert [d.user_id for d in written] == ["UA", "UB"]
    assert reminders.owe_round(services, round_, ["UA", "UB"]) == []  # never twice
    reminders.stop_reminding(services, workspace_id=W, user_id="UB")
    clock.advance(minutes=3)  # past the lease: nobody showed them
    owed = claim_owed(services)
    assert [o.reminder.user_id for o in owed if isinstance(o, OwedReminder)] == ["UA"]
    assert claim_owed(services) == []


def test_a_reminder_round_nobody_wrote_down_comes_round_again(
    services: Services, clock: Clock
) -> None:
    """The worker died asking Slack who is in the channel: the round itself is owed."""
    progress = _team_run(services, timedelta(days=4))
    _announced(services, progress)
    clock.advance(days=2, minutes=1)
    (round_,) = reminders.due_rounds(services)
    clock.advance(minutes=3)
    (again,) = claim_owed(services)
    assert isinstance(again, OwedReminderRound) and again.round_.kind == round_.kind
    reminders.owe_round(services, again.round_, ["UA"])
    clock.advance(minutes=3)
    assert [type(o) for o in claim_owed(services)] == [OwedReminder]  # UA's, not the round


def test_the_below_minimum_notice_is_owed_until_shown_and_dropped_once_extended(
    services: Services, clock: Clock
) -> None:
    progress = _team_run(services, timedelta(days=2))
    _announced(services, progress)
    clock.advance(days=2, minutes=1)
    (outcome,) = team.close_due_runs(services)
    assert isinstance(outcome, NeedMoreAnswers) and outcome.deadline is not None
    clock.advance(minutes=3)  # not shown in time
    (owed,) = claim_owed(services)
    assert isinstance(owed, OwedBelowMinimum)
    assert owed.notice.deadline == outcome.deadline and owed.notice.needed == 3
    OneMessage.below_minimum(owed.notice).not_shown(services)  # Slack refused it
    team.extend_team_run(
        services,
        workspace_id=W,
        channel_id="C1",
        user_id="ULEAD",
        is_admin=False,
        by=timedelta(days=3),
    )
    clock.advance(seconds=RETRY_SHOWING_AFTER.total_seconds() + 1)
    assert claim_owed(services) == []  # it has a deadline again: nothing to say now
