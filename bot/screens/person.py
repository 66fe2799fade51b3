"""A person's own steps in their DM: the next question, going back, their profile.

Listeners and the timetable decide *what* happened by calling `flows/`; this only puts it on
screen, each owed step through the show-once protocol, so the same step looks the same whether
it came from a click, the form or the timetable.
"""

from __future__ import annotations

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
from bot.screens.show_once import message_part, show_once
from bot.screens.slack_screen import SlackScreen, StepKey
from bot.screens.team_runs import refresh_invitation
from flows.owed import PersonStep
from flows.services import Services
from flows.steps import Advanced, Ask, Finished, ResumeOffer, WentBack


@dataclass(frozen=True)
class PersonScreen:
    services: Services
    slack: SlackScreen
    links: ReportLinks | None = None

    @classmethod
    def of(cls, context: BoltContext, client: WebClient) -> PersonScreen:
        return cls(services_of(context), SlackScreen(client), links_of(context))

    def ask(
        self, channel: str, step: Ask, *, recovering: bool = False, held: bool = False
    ) -> None:
        """Post a question as a new message (unless `recovering` finds it shown already);
        `held`: under the lease the transaction that made it due wrote (`PersonStep.held`)."""
        key = StepKey(step.response_id, step.question.id)
        show_once(
            self.services,
            self.slack,
            PersonStep.question(step, held=held),
            channel=channel,
            parts=[message_part(self.slack, key, channel, question_message(step))],
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
        done = show_once(
            self.services,
            self.slack,
            PersonStep.profile(step, parts=len(parts)),
            channel=channel,
            parts=parts,
            first_ts=step.profile_ts,
            look_first=recovering,
        )
        if done and step.team is not None:
            refresh_invitation(self.slack, framework, step.team)
        if done:
            refresh_after_finishing(
                self.services,
                self.slack.client,
                workspace_id=step.workspace_id,
                response_id=step.response_id,
            )
