"""Steps owed to people: shown later by the timetable when showing them at once did not happen.

Every step that ends with something on someone's screen — a person's next question or their
profile, a team run's invitation, its team profile or the notice that too few finished by its
deadline, each reminder, the notice that a scheduled slot opened no run — is first written down
as owed (its `show_due_at`, or for a notice its own column), in the same transaction that made
it due. Showing it clears that. If
Slack was down, or the worker died between saving an answer and posting the next question, the
step is still owed once `show_due_at` passes, and the timetable shows it then, from what the
database says now. A claim moves `show_due_at` on first, so of several workers exactly one shows
it, and if that one dies too the step comes round again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, Generic, Protocol

from sqlalchemy.orm import Session

from flows import plans, schedules
from flows.comments import comments_from_snapshot
from flows.conversation import ask_current, finished_step
from flows.progress import team_progress
from flows.reminders import ReminderDue, ReminderKind, ReminderRound, still_to_remind
from flows.services import Services
from flows.snapshots import team_from_snapshot
from flows.steps import Ask, Finished, NeedMoreAnswers, TeamProfileReady, TeamProgress
from flows.team import team_profile_ready
from storage import owed as owing
from storage import plans as stored_plans
from storage import reminders, responses, runs
from storage.models import (
    AssessmentRun,
    ChannelPlan,
    Commitment,
    Reminder,
    Response,
    RunKind,
    RunStatus,
    Schedule,
)

BATCH = 100
"""At most this many owed steps per timetable round; the rest wait for the next."""


@dataclass(frozen=True)
class OwedQuestion:
    workspace_id: str
    channel_id: str
    step: Ask


@dataclass(frozen=True)
class OwedProfile:
    workspace_id: str
    channel_id: str
    step: Finished


@dataclass(frozen=True)
class OwedInvitation:
    progress: TeamProgress

    @property
    def workspace_id(self) -> str:
        return self.progress.workspace_id


@dataclass(frozen=True)
class OwedTeamProfile:
    outcome: TeamProfileReady

    @property
    def workspace_id(self) -> str:
        return self.outcome.progress.workspace_id


@dataclass(frozen=True)
class OwedBelowMinimum:
    """The notice that a run's deadline passed with too few finished."""

    notice: NeedMoreAnswers

    @property
    def workspace_id(self) -> str:
        return self.notice.progress.workspace_id


@dataclass(frozen=True)
class OwedSkipNotice:
    """The notice that a scheduled slot opened no run."""

    skipped: schedules.ScheduledRunSkipped | schedules.ScheduledRunTooSmall

    @property
    def workspace_id(self) -> str:
        return self.skipped.workspace_id


@dataclass(frozen=True)
class OwedReminderRound:
    """A reminder round whose people are not written down yet (Slack could not say who is in
    the channel, or the worker died asking)."""

    round_: ReminderRound

    @property
    def workspace_id(self) -> str:
        return self.round_.progress.workspace_id


@dataclass(frozen=True)
class OwedReminder:
    reminder: ReminderDue

    @property
    def workspace_id(self) -> str:
        return self.reminder.round_.progress.workspace_id


@dataclass(frozen=True)
class OwedCommitmentReminder:
    """An owner's reminder of a commitment's due date, not shown in time."""

    reminder: plans.CommitmentReminder

    @property
    def workspace_id(self) -> str:
        return self.reminder.workspace_id


@dataclass(frozen=True)
class OwedPlan:
    """A channel's plan (its canvas, or its message) owed a rewrite."""

    page: plans.PlanPage

    @property
    def workspace_id(self) -> str:
        return self.page.round_.workspace_id


Owed = (
    OwedQuestion
    | OwedProfile
    | OwedInvitation
    | OwedTeamProfile
    | OwedBelowMinimum
    | OwedSkipNotice
    | OwedReminderRound
    | OwedReminder
    | OwedCommitmentReminder
    | OwedPlan
)

BELOW_MINIMUM = "below_minimum_due_at"
"""The run's column that owes its below-minimum notice."""
SKIP_NOTICE = "skip_notice_due_at"
"""The schedule's column that owes the notice of a skipped slot."""


LEASE_SHARE_HELD = 0.9
"""A click's follow-up shows the question its answer made due under the lease that answer's own
transaction wrote, if at least this share of it is left: it starts milliseconds after the ack
unless the machine is swamped, and then it takes the question again like anyone else."""


def lease_seconds(services: Services) -> float:
    """How long whoever shows a part may keep at it: what every lease has left when showing
    starts, whether just taken or held from the answer's transaction (`PersonStep.held`)."""
    return services.resend_after.total_seconds() * LEASE_SHARE_HELD


PROFILE_PARTS = 3
"""A profile is shown in at least three parts, each owed until known to be shown: the message,
its chart, and its full report in the message's thread (which the screen may split into several
messages, each a part: `PersonStep.profile(..., parts=)`)."""


class Obligation(Protocol):
    """One owed thing about to be shown, part by part. The show-once protocol
    (`bot.screens.show_once`) takes it, shows its next part, then records that part as shown
    (or that showing failed and it is owed again), until no part is left."""

    @property
    def part(self) -> int:
        """The next part to show (0 for the first, or only, one)."""
        ...

    @property
    def parts(self) -> int:
        """How many parts it has."""
        ...

    def take(self, services: Services) -> bool:
        """Take it for showing now, with a lease of `resend_after`; False if someone else did
        (the timetable, after this attempt waited too long), or it was shown meanwhile."""
        ...

    def shown(self, services: Services, message_ts: str | None) -> None:
        """Its next part is on screen (in message `message_ts`, when it is a message): owed no
        more once it was the last."""
        ...

    def not_shown(self, services: Services) -> None:
        """Showing it failed (Slack refused or was down): the timetable tries again soon rather
        than after the full `resend_after`."""
        ...


@dataclass
class PersonStep:
    """A person's next question (`question_id`), or their profile (None), owed in their DM.

    Holds the lease it took (`due`), so that the parts of a profile are taken one after another
    by the same attempt."""

    response_id: str
    due: datetime | None
    question_id: str | None
    part: int = 0
    profile_parts: int = PROFILE_PARTS
    first_ts: str | None = None
    """A profile's message, once shown: the later parts go in its thread."""
    held: bool = False
    """The lease in `due` was written by the transaction that made this step due, and nobody
    else knows of it: a click's own answer (`flows.steps.Advanced`). Taking it again would cost
    a transaction for nothing while most of it is left."""

    @classmethod
    def question(cls, step: Ask, *, held: bool = False) -> PersonStep:
        return cls(step.response_id, step.owed, step.question.id, held=held)

    @classmethod
    def profile(cls, step: Finished, *, parts: int = PROFILE_PARTS) -> PersonStep:
        """The profile, in `parts` parts (how many the screen shows it in)."""
        return cls(step.response_id, step.owed, None, step.parts_shown, parts, step.profile_ts)

    @property
    def parts(self) -> int:
        return 1 if self.question_id is not None else self.profile_parts

    def take(self, services: Services) -> bool:
        if self.held:
            self.held = False  # once: a part shown under it is recorded, the lease is spent
            left = None if self.due is None else self.due - services.clock()
            if left is not None and left >= services.resend_after * LEASE_SHARE_HELD:
                return True
        taken, self.due = _take(services, Response, row_id=self.response_id, owed=self.due)
        return taken

    def shown(self, services: Services, message_ts: str | None) -> None:
        with services.database.session() as session:
            if self.question_id is not None and message_ts is not None:
                # Remembered so that a later resume can retire the message.
                responses.remember_message(
                    session,
                    response_id=self.response_id,
                    question_id=self.question_id,
                    message_ts=message_ts,
                )
            elif self.question_id is None:
                if self.part == 0:
                    self.first_ts = message_ts
                owing.part_shown(
                    session,
                    Response,
                    row_id=self.response_id,
                    part=self.part,
                    message_ts=message_ts,
                    last=self.part + 1 >= self.parts,
                )
        self.part += 1

    def not_shown(self, services: Services) -> None:
        with services.database.session() as session:
            responses.owe_again(session, response_id=self.response_id, at=services.retry_at())


@dataclass
class TeamAnnouncement:
    """A team run's invitation, or its team profile (in parts, as a person's), owed in the
    run's channel."""

    progress: TeamProgress
    invitation: bool
    part: int = 0
    profile_parts: int = PROFILE_PARTS
    due: datetime | None = field(init=False)
    """The lease held, as `PersonStep.due`; at first what the run owed when it was read."""

    def __post_init__(self) -> None:
        self.due = self.progress.owed

    @classmethod
    def team_profile(
        cls, outcome: TeamProfileReady, *, parts: int = PROFILE_PARTS
    ) -> TeamAnnouncement:
        """The team profile, in `parts` parts (how many the screen shows it in)."""
        return cls(
            outcome.progress, invitation=False, part=outcome.parts_shown, profile_parts=parts
        )

    @property
    def parts(self) -> int:
        return 1 if self.invitation else self.profile_parts

    def take(self, services: Services) -> bool:
        taken, self.due = _take(services, AssessmentRun, row_id=self.progress.run_id, owed=self.due)
        return taken

    def shown(self, services: Services, message_ts: str | None) -> None:
        with services.database.session() as session:
            if self.invitation:
                run = self._run(session)
                run.show_due_at = None
                # Remembered to update its counter; and, if known by now, how many were asked.
                run.message_ts = message_ts
                if self.progress.invited is not None:
                    run.invited = self.progress.invited
            else:
                owing.part_shown(
                    session,
                    AssessmentRun,
                    row_id=self.progress.run_id,
                    part=self.part,
                    message_ts=message_ts,
                    last=self.part + 1 >= self.parts,
                )
        self.part += 1

    def not_shown(self, services: Services) -> None:
        with services.database.session() as session:
            run = self._run(session)
            if run.show_due_at is not None:
                run.show_due_at = services.retry_at()

    def _run(self, session: Session) -> AssessmentRun:
        return runs.get_run(
            session, workspace_id=self.progress.workspace_id, run_id=self.progress.run_id
        )


@dataclass
class OneMessage(Generic[owing.Owing]):
    """Something owed as a single message on one column of one row (a notice in a channel, a
    reminder in a DM): taken by moving that column on, settled by clearing it, owed again soon
    if showing it failed. Built by what it is: `below_minimum`, `skip_notice`, `reminder`,
    `commitment_reminder`."""

    kind: type[owing.Owing]
    row_id: str | int
    due: datetime | None
    """The lease held, as `PersonStep.due`; at first what the row owed when it was read."""
    column: str = owing.STEP
    part: int = 0
    parts: int = 1

    @staticmethod
    def below_minimum(notice: NeedMoreAnswers) -> OneMessage[AssessmentRun]:
        """A run's notice that its deadline passed with too few finished, in its channel."""
        return OneMessage(AssessmentRun, notice.progress.run_id, notice.owed, BELOW_MINIMUM)

    @staticmethod
    def skip_notice(skipped: schedules.SkippedSlot) -> OneMessage[Schedule]:
        """The notice that a scheduled slot opened no run, in the schedule's channel."""
        return OneMessage(Schedule, skipped.schedule_id, skipped.owed, SKIP_NOTICE)

    @staticmethod
    def reminder(reminder: ReminderDue) -> OneMessage[Reminder]:
        """One person's reminder of a team run, in their DM."""
        return OneMessage(Reminder, reminder.reminder_id, reminder.owed)

    @staticmethod
    def commitment_reminder(reminder: plans.CommitmentReminder) -> OneMessage[Commitment]:
        """An owner's reminder of a commitment's due date, in their DM."""
        return OneMessage(Commitment, reminder.commitment.id, reminder.owed)

    def take(self, services: Services) -> bool:
        taken, self.due = _take(
            services, self.kind, row_id=self.row_id, owed=self.due, column=self.column
        )
        return taken

    def shown(self, services: Services, message_ts: str | None) -> None:
        with services.database.session() as session:
            owing.settle(session, self.kind, row_id=self.row_id, column=self.column)
        self.part += 1

    def not_shown(self, services: Services) -> None:
        with services.database.session() as session:
            owing.owe_again(
                session,
                self.kind,
                row_id=self.row_id,
                at=services.retry_at(),
                held=self.due,
                column=self.column,
            )


@dataclass
class PlanShowing:
    """A channel's plan, rewritten in its canvas (or its message) from what the database says
    now. A rewrite replaces the whole content, so showing it twice shows the same thing; it is
    still taken once, so that two workers never both create the channel's canvas. It is settled
    only if the plan did not change after it was taken (`ChannelPlan.revision`): a change made
    while it was being shown is owed a rewrite of its own."""

    page: plans.PlanPage
    part: int = 0
    parts: int = 1
    revision: int | None = None

    def __post_init__(self) -> None:
        self.due = self.page.owed

    def take(self, services: Services) -> bool:
        taken, self.due = _take(services, ChannelPlan, row_id=self.page.plan_id, owed=self.due)
        if taken:
            with services.database.session() as session:
                self.revision = stored_plans.plan_revision(session, plan_id=self.page.plan_id)
        return taken

    def shown(self, services: Services, message_ts: str | None) -> None:
        if self.revision is not None:
            with services.database.session() as session:
                stored_plans.plan_shown(session, plan_id=self.page.plan_id, revision=self.revision)
        self.part += 1

    def not_shown(self, services: Services) -> None:
        with services.database.session() as session:
            owing.owe_again(
                session,
                ChannelPlan,
                row_id=self.page.plan_id,
                at=services.retry_at(),
                held=self.due,
            )


def claim_owed(services: Services) -> list[Owed]:
    """The steps owed by now, each claimed by this caller: show them, or they come round again.

    Each is claimed in a transaction of its own, so one that cannot be shown holds up no other.
    Each kind's reader says, from the row it took, what to show, or None when nothing is worth
    showing any more (cancelled, closed, finished, opted out...): that row then owes nothing."""
    now = services.clock()
    with services.database.session() as session:
        people = owing.due(session, Response, now=now, limit=BATCH)
        announcements = owing.due(session, AssessmentRun, now=now, limit=BATCH)
        notices = owing.due(session, AssessmentRun, now=now, limit=BATCH, column=BELOW_MINIMUM)
        skips = owing.due(session, Schedule, now=now, limit=BATCH, column=SKIP_NOTICE)
        nudges = owing.due(session, Reminder, now=now, limit=BATCH)
        follow_ups = owing.due(session, Commitment, now=now, limit=BATCH)
        rewrites = owing.due(session, ChannelPlan, now=now, limit=BATCH)
    return [
        *_claim_each(services, Response, people, partial(_person_step, services)),
        *_claim_each(services, AssessmentRun, announcements, _announcement),
        *_claim_each(services, AssessmentRun, notices, _below_minimum, column=BELOW_MINIMUM),
        *_claim_each(services, Schedule, skips, _skip_notice, column=SKIP_NOTICE),
        *_claim_each(services, Reminder, nudges, partial(_reminder, now=now)),
        *_claim_each(services, Commitment, follow_ups, _commitment_reminder),
        *_claim_each(services, ChannelPlan, rewrites, partial(_plan, services)),
    ]


def _claim_each(
    services: Services,
    kind: type[owing.Owing],
    due: list[tuple[Any, datetime]],
    read: Callable[[Session, owing.Owing, datetime], Owed | None],
    *,
    column: str = owing.STEP,
) -> list[Owed]:
    """Take each `due` row of `kind` under a new lease and `read` what it owes (given the lease);
    a row taken with nothing left to show is settled."""
    claimed: list[Owed] = []
    for row_id, due_at in due:
        lease = services.due()
        with services.database.session() as session:
            row = owing.take(
                session, kind, row_id=row_id, due_at=due_at, next_due_at=lease, column=column
            )
            if row is None:
                continue  # someone else took it, or it was shown meanwhile
            found = read(session, row, lease)
            if found is None:
                setattr(row, column, None)
            else:
                claimed.append(found)
    return claimed


def _person_step(
    services: Services, session: Session, response: Response, _lease: datetime
) -> OwedQuestion | OwedProfile | None:
    """Still worth showing: the run is not cancelled, and (for a question) still open."""
    run = response.run
    if response.channel_id is None or run.status is RunStatus.CANCELLED:
        return None
    answers = responses.answers_of(session, response_id=response.id)
    if response.completed_at is not None:
        step = finished_step(
            services, session, response, answers, finished_at=response.completed_at
        )
        return OwedProfile(run.workspace_id, response.channel_id, step)
    if run.status is not RunStatus.OPEN:
        return None
    ask = ask_current(services, response, answers)
    return OwedQuestion(run.workspace_id, response.channel_id, ask)


def _announcement(
    session: Session, run: AssessmentRun, _lease: datetime
) -> OwedInvitation | OwedTeamProfile | None:
    """Still worth posting: the invitation of an open team run, or a closed one's profile."""
    if run.kind is not RunKind.TEAM:
        return None
    if run.status is RunStatus.OPEN and run.message_ts is None:
        return OwedInvitation(team_progress(session, run))
    stored = runs.team_result(session, workspace_id=run.workspace_id, run_id=run.id)
    if run.status is RunStatus.CLOSED and stored is not None:
        return OwedTeamProfile(
            team_profile_ready(
                session,
                run,
                team_from_snapshot(stored.snapshot),
                comments_from_snapshot(stored.snapshot),
            )
        )
    return None


def _below_minimum(
    session: Session, run: AssessmentRun, lease: datetime
) -> OwedBelowMinimum | None:
    """Still worth saying: the run is open, and nobody has given it a deadline again."""
    if run.status is not RunStatus.OPEN or run.closes_at is not None:
        return None
    progress = team_progress(session, run)
    return OwedBelowMinimum(NeedMoreAnswers(progress, deadline=run.below_minimum_at, owed=lease))


def _skip_notice(session: Session, schedule: Schedule, lease: datetime) -> OwedSkipNotice | None:
    """Still true to say (`flows.schedules.owed_skip_notice`)."""
    skipped = schedules.owed_skip_notice(session, schedule, lease)
    return None if skipped is None else OwedSkipNotice(skipped)


def _commitment_reminder(
    session: Session, row: Commitment, lease: datetime
) -> OwedCommitmentReminder | None:
    """Still worth sending: not settled, and the owner has not asked us to stop."""
    reminder = plans.owed_reminder(session, row, lease)
    return None if reminder is None else OwedCommitmentReminder(reminder)


def _plan(
    services: Services, session: Session, plan: ChannelPlan, _lease: datetime
) -> OwedPlan | None:
    """Still worth rewriting: the channel's team runs are not gone."""
    page = plans.owed_page(services, session, plan)
    return None if page is None else OwedPlan(page)


def _reminder(
    session: Session, reminder: Reminder, lease: datetime, *, now: datetime
) -> OwedReminderRound | OwedReminder | None:
    """Still worth sending: the run is open with its deadline ahead, and (for one person) they
    have not finished or asked us to stop since it was written down."""
    run = session.get(AssessmentRun, reminder.run_id)
    if run is None or run.status is not RunStatus.OPEN:
        return None
    if run.closes_at is None or run.closes_at <= now:
        return None
    round_ = ReminderRound(ReminderKind(reminder.kind), team_progress(session, run))
    if reminder.user_id == reminders.ROUND:
        return OwedReminderRound(round_)
    if not still_to_remind(session, round_.progress, reminder.user_id):
        return None
    return OwedReminder(ReminderDue(reminder.id, reminder.user_id, round_, lease))


def _take(
    services: Services,
    kind: type[owing.Owing],
    *,
    row_id: str | int,
    owed: datetime | None,
    column: str = owing.STEP,
) -> tuple[bool, datetime | None]:
    """Nothing owed (None) is anyone's to show; something owed is taken by one caller only,
    who holds it until the lease returned (then it is owed again, should this attempt die)."""
    if owed is None:
        return True, None
    lease = services.due()
    with services.database.session() as session:
        taken = owing.renew(
            session, kind, row_id=row_id, due_at=owed, next_due_at=lease, column=column
        )
        return (True, lease) if taken else (False, owed)
