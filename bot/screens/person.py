"""A person's own steps in their DM: the next question, going back, their profile.

Listeners and the timetable decide *what* happened by calling `flows/`; this only puts it on
screen, each owed step through the show-once protocol, so the same step looks the same whether
it came from a click, the form or the timetable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import links_of, services_of
from bot.messages.conversation import (
    answered_message,
    moved_on_message,
    question_message,
    resume_offer_message,
)
from bot.messages.profile import profile_message
from bot.report.links import LinkKind, ReportLinks
from bot.report.run_result import personal_report
from bot.screens.extras import profile_parts
from bot.screens.home import refresh_after_finishing
from bot.screens.show_once import Part, message_part, show_message_once, show_once
from bot.screens.slack_screen import SlackScreen, StepKey
from bot.screens.team_runs import refresh_invitation
from flows.owed import PersonStep
from flows.services import Services
from flows.steps import Advanced, Ask, Finished, ResumeOffer, WentBack

Queue = Callable[[Callable[[], object]], None]


@dataclass(frozen=True)
class PersonScreen:
    services: Services
    slack: SlackScreen
    links: ReportLinks | None = None
    queue: Queue | None = None
    """Where a follow-up hands on its slower work, behind the steps other people are waiting
    for (`bot.listeners.guard.follow_up_queue`); None: all of it at once, here."""

    @classmethod
    def of(
        cls, context: BoltContext, client: WebClient, *, queue: Queue | None = None
    ) -> PersonScreen:
        return cls(services_of(context), SlackScreen(client), links_of(context), queue)

    def ask(self, channel: str, step: Ask, *, recovering: bool = False, held: bool = False) -> None:
        """Post a question as a new message (unless `recovering` finds it shown already);
        `held`: under the lease the transaction that made it due wrote (`PersonStep.held`)."""
        show_message_once(
            self.services,
            self.slack,
            PersonStep.question(step, held=held),
            channel=channel,
            key=StepKey(step.response_id, step.question.id),
            message=question_message(step),
            look_first=recovering,
        )

    def offer_or_ask(self, channel: str, step: Ask | ResumeOffer) -> None:
        if isinstance(step, ResumeOffer):
            self.slack.post(channel, resume_offer_message(step))
        else:
            self.ask(channel, step)

    def advanced(self, channel: str, message_ts: str, step: Advanced) -> None:
        """Collapse the answered question in place, then show what comes next below it."""
        self.slack.retire_as(channel, message_ts, answered_message(step.answered))
        if isinstance(step.next, Ask):
            self.ask(channel, step.next, held=True)
        else:
            self.finished(channel, step.next)

    def went_back(self, channel: str, step: WentBack) -> None:
        if step.leaving_ts is not None:
            if step.leaving is not None:
                self.slack.retire_as(channel, step.leaving_ts, answered_message(step.leaving))
            else:
                self.slack.delete_spent(channel, step.leaving_ts)
        key = StepKey(step.ask.response_id, step.ask.question.id)
        reopened = message_part(
            self.slack, key, channel, question_message(step.ask), replacing=step.reopen_ts
        )
        show_once(
            self.services,
            self.slack,
            PersonStep.question(step.ask),
            channel=channel,
            parts=[reopened],
        )

    def retire(self, channel: str, ts: str | None, note: str) -> None:
        """Turn an old question message into a short note, so its buttons cannot be used again."""
        if ts is not None:
            self.slack.retire_as(channel, ts, moved_on_message(note))

    def finished(self, channel: str, step: Finished, *, recovering: bool = False) -> None:
        """The person's own profile, chart and full report, privately in their DM."""
        framework = self.services.framework_for(step.profile.framework_version)
        # A printable report is per run: for a team run that is the team's, not this person's,
        # so a member's own profile links to none (their full report is in the thread).
        url = None
        if step.team is None and self.links is not None:
            url = self.links.url_for(
                workspace_id=step.workspace_id, run_id=step.run_id, kind=LinkKind.DM
            )
        report = personal_report(
            framework,
            profile=step.profile,
            previous=step.previous,
            finished_at=step.finished_at,
            to_its_owner=True,
            answers=step.answers,
            role=step.role,
            comments=step.comments,
        )
        message = profile_message(
            framework,
            step.profile,
            step.trend,
            answers=step.answers,
            report_url=url,
            role=step.role,
            comments=step.comments,
            comment=step.comment,
        )
        parts = profile_parts(self.slack, channel, step.response_id, message, report, url)
        owed = PersonStep.profile(step, parts=len(parts))
        if self.queue is not None and not recovering:
            # The message first: it is what the person waits for. Its chart, its thread and App
            # Home take longer and wait their turn, so that when many finish at once (a team's
            # kickoff) nobody's profile or next question waits behind everyone's charts.
            if show_once(
                self.services, self.slack, owed, channel=channel, parts=parts, stop_before=1
            ):
                self.queue(lambda: self._rest_of_profile(channel, step, owed, parts))
            return
        self._rest_of_profile(channel, step, owed, parts, recovering=recovering)

    def _rest_of_profile(
        self,
        channel: str,
        step: Finished,
        owed: PersonStep,
        parts: list[Part],
        *,
        recovering: bool = False,
    ) -> None:
        done = show_once(
            self.services,
            self.slack,
            owed,
            channel=channel,
            parts=parts,
            first_ts=owed.first_ts,
            look_first=recovering,
        )
        framework = self.services.framework_for(step.profile.framework_version)
        if done and step.team is not None:
            refresh_invitation(self.slack, framework, step.team)
        if done:
            refresh_after_finishing(
                self.services,
                self.slack.client,
                workspace_id=step.workspace_id,
                response_id=step.response_id,
            )
