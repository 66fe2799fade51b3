"""Showing the conversation's steps in Slack: which Web API calls turn a step into what people see.

Listeners decide *what* happened by calling `flows/`; the presenter only puts it on screen, so the
same step (say, a finished member) looks the same whether it came from a click, the form or the
deadline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.context import links_of, services_of
from bot.messages import Message
from bot.messages.conversation import (
    answered_message,
    moved_on_message,
    question_message,
    resume_offer_message,
)
from bot.messages.full_report import full_report_message
from bot.messages.profile import profile_message, team_profile_message
from bot.messages.team import invitation_message, need_more_message
from bot.outbound.web_client import finishing_by
from bot.report.chart import alt_text, radar_png
from bot.report.links import ReportLinks
from bot.report.model import ReportData
from flows import conversation, owed, team
from flows.services import Services
from flows.steps import (
    Advanced,
    Ask,
    Finished,
    NeedMoreAnswers,
    ResumeOffer,
    TeamProfileReady,
    TeamProgress,
    WentBack,
)

logger = logging.getLogger(__name__)

CHART_FILENAME = "outcome-readiness-profile.png"
STEP_EVENT = "readiness_step"
"""Message metadata event type marking which person's step a DM message shows."""
PROFILE_STEP = "profile"
RECENT_MESSAGES = 20


@dataclass(frozen=True)
class StepKey:
    """Which step of whose response a message shows: carried as the message's metadata, so a
    step can be found on screen again (ids only, never answers)."""

    response_id: str
    step: str
    """A question id, or "profile"."""

    def metadata(self) -> dict[str, Any]:
        return {
            "event_type": STEP_EVENT,
            "event_payload": {"response": self.response_id, "step": self.step},
        }

    @classmethod
    def of(cls, metadata: object) -> StepKey | None:
        if not isinstance(metadata, dict) or metadata.get("event_type") != STEP_EVENT:
            return None
        payload = metadata.get("event_payload") or {}
        response, step = payload.get("response"), payload.get("step")
        if isinstance(response, str) and isinstance(step, str):
            return cls(response, step)
        return None


def dm_channel(client: WebClient, user_id: str) -> str:
    opened = client.conversations_open(users=user_id)
    channel_id: str = opened["channel"]["id"]
    return channel_id


def channel_members(client: WebClient, channel_id: str, bot_user_id: str | None) -> list[str]:
    """The channel's members other than this bot: the people a team run is for."""
    members: list[str] = []
    for page in client.conversations_members(channel=channel_id, limit=200):
        members += [m for m in page["members"] if m != bot_user_id]
    return members


def channel_member_count(client: WebClient, channel_id: str, bot_user_id: str | None) -> int | None:
    """Channel members other than this bot, to show "3 of 12 responded"; None if unknown."""
    try:
        return len(channel_members(client, channel_id, bot_user_id))
    except SlackApiError as error:
        logger.info("cannot count members of %s: %s", channel_id, error.response.get("error"))
        return None


def is_workspace_admin(client: WebClient, user_id: str) -> bool:
    return _is_admin(client.users_info(user=user_id)["user"])


def user_timezone(client: WebClient, user_id: str) -> tuple[str | None, bool]:
    """(IANA timezone, is workspace admin) from one users.info call."""
    user = client.users_info(user=user_id)["user"]
    return user.get("tz"), _is_admin(user)


def _is_admin(user: dict[str, Any]) -> bool:
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


@dataclass(frozen=True)
class Presenter:
    services: Services
    client: WebClient
    links: ReportLinks | None = None

    @classmethod
    def of(cls, context: BoltContext, client: WebClient) -> Presenter:
        return cls(services_of(context), client, links_of(context))

    def post(
        self,
        channel: str,
        message: Message,
        thread_ts: str | None = None,
        *,
        step: StepKey | None = None,
    ) -> str:
        sent = self.client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            thread_ts=thread_ts,
            metadata=step.metadata() if step else None,
        )
        ts: str = sent["ts"]
        return ts

    def shown_already(self, channel: str, step: StepKey) -> str | None:
        """The message in the DM that already shows `step`, if any: the timetable looks before
        posting an owed step, since a worker can die after posting it but before noting so."""
        found = self.client.conversations_history(
            channel=channel, limit=RECENT_MESSAGES, include_all_metadata=True
        )
        for message in found.get("messages") or []:
            if StepKey.of(message.get("metadata")) == step:
                ts: str = message["ts"]
                return ts
        return None

    def update(self, channel: str, ts: str, message: Message) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)

    def ask(self, channel: str, step: Ask) -> None:
        """Post a question as a new message and remember which message shows it; unless the
        timetable has taken it over meanwhile (this attempt waited too long)."""
        lease_end = self._lease_end()
        if not owed.take_step(self.services, response_id=step.response_id, owed=step.owed):
            logger.info("question for %s already taken over; not posting", step.response_id)
            return
        with self._owing(step.response_id, lease_end):
            ts = self.post(
                channel, question_message(step), step=StepKey(step.response_id, step.question.id)
            )
        conversation.question_shown(
            self.services, response_id=step.response_id, question_id=step.question.id, message_ts=ts
        )

    def offer_or_ask(self, channel: str, step: Ask | ResumeOffer) -> None:
        if isinstance(step, ResumeOffer):
            self.post(channel, resume_offer_message(step))
        else:
            self.ask(channel, step)

    def advanced(self, channel: str, message_ts: str, step: Advanced) -> None:
        """Collapse the answered question in place, then show what comes next below it."""
        self.retire_as(channel, message_ts, answered_message(step.answered))
        if isinstance(step.next, Ask):
            self.ask(channel, step.next)
        else:
            self.finished(channel, step.next)

    def went_back(self, channel: str, step: WentBack) -> None:
        if step.leaving_ts is not None:
            if step.leaving is not None:
                self.retire_as(channel, step.leaving_ts, answered_message(step.leaving))
            else:
                self._delete_spent(channel, step.leaving_ts)
        if step.reopen_ts is None:
            self.ask(channel, step.ask)
            return
        with self._owing(step.ask.response_id):
            self.update(channel, step.reopen_ts, question_message(step.ask))
        conversation.question_shown(
            self.services,
            response_id=step.ask.response_id,
            question_id=step.ask.question.id,
            message_ts=step.reopen_ts,
        )

    def retire(self, channel: str, ts: str | None, note: str) -> None:
        """Turn an old question message into a short note, so its buttons cannot be used again."""
        if ts is not None:
            self.retire_as(channel, ts, moved_on_message(note))

    def retire_as(self, channel: str, ts: str, message: Message) -> None:
        """Replace a message whose buttons are spent. Best effort: what comes next matters more,
        and a click on a spent button is answered in words anyway."""
        try:
            self.update(channel, ts, message)
        except SlackApiError as error:
            logger.info("could not update spent message %s: %s", ts, error.response.get("error"))

    def _delete_spent(self, channel: str, ts: str) -> None:
        """Remove a message whose buttons are spent; best effort, like `retire_as`."""
        try:
            self.client.chat_delete(channel=channel, ts=ts)
        except SlackApiError as error:
            logger.info("could not delete spent message %s: %s", ts, error.response.get("error"))

    def _lease_end(self) -> float:
        """When the lease on a step about to be taken runs out (`time.monotonic()`): read before
        taking it, so never later than the lease the database holds."""
        return time.monotonic() + self.services.resend_after.total_seconds()

    @contextmanager
    def _owing(self, response_id: str, lease_end: float | None = None) -> Iterator[None]:
        """Showing a person's step, with no retry past the lease: if it fails, the timetable
        tries again soon."""
        try:
            with finishing_by(lease_end):
                yield
        except Exception:
            conversation.step_not_shown(self.services, response_id=response_id)
            raise

    @contextmanager
    def _announcing(self, progress: TeamProgress, lease_end: float) -> Iterator[None]:
        """Posting a team run's announcement, with no retry past the lease: if it fails, the
        timetable tries again soon."""
        try:
            with finishing_by(lease_end):
                yield
        except Exception:
            team.announcement_not_shown(
                self.services, workspace_id=progress.workspace_id, run_id=progress.run_id
            )
            raise

    def finished(self, channel: str, step: Finished) -> None:
        """The person's own profile, chart and full report, privately in their DM."""
        framework = self.services.framework
        # A printable report is per run: for a team run that is the team's, not this person's,
        # so a member's own profile links to none (their full report is in the thread).
        url = None if step.team is not None else self._report_url(step.workspace_id, step.run_id)
        report = ReportData(
            framework=framework,
            title="Your Outcome Readiness profile",
            subtitle=f"Finished {step.finished_at:%d %b %Y}",
            generated_at=step.finished_at,
            profile=step.profile,
            team=None,
            previous=step.previous,
        )
        message = profile_message(framework, step.profile, step.trend, report_url=url)
        lease_end = self._lease_end()
        if not owed.take_step(self.services, response_id=step.response_id, owed=step.owed):
            logger.info("profile for %s already taken over; not posting", step.response_id)
            return
        with self._owing(step.response_id, lease_end):
            ts = self.post(channel, message, step=StepKey(step.response_id, PROFILE_STEP))
        conversation.profile_shown(self.services, response_id=step.response_id)
        self._extras(channel, ts, report, url)
        if step.team is not None:
            self.refresh_invitation(step.team)

    def team_outcome(
        self, outcome: TeamProfileReady | NeedMoreAnswers, *, at_deadline: bool
    ) -> None:
        """Post a closed run's team profile to its channel, or say how many answers are missing."""
        if isinstance(outcome, NeedMoreAnswers):
            self.post(
                outcome.progress.channel_id, need_more_message(outcome, at_deadline=at_deadline)
            )
            return
        framework = self.services.framework
        progress = outcome.progress
        url = self._report_url(progress.workspace_id, progress.run_id)
        closed = self.services.clock()
        report = ReportData(
            framework=framework,
            title="Team Outcome Readiness profile",
            subtitle=f"{outcome.respondents} respondents · closed {closed:%d %b %Y}",
            generated_at=closed,
            profile=outcome.team.profile,
            team=outcome.team,
            previous=outcome.previous,
        )
        message = team_profile_message(framework, outcome, report_url=url)
        lease_end = self._lease_end()
        if not owed.take_announcement(self.services, progress=progress):
            logger.info("team profile of %s already taken over; not posting", progress.run_id)
            return
        with self._announcing(progress, lease_end):
            ts = self.post(outcome.channel_id, message)
        team.team_profile_shown(
            self.services, workspace_id=progress.workspace_id, run_id=progress.run_id
        )
        self._extras(outcome.channel_id, ts, report, url)
        self.refresh_invitation(
            progress, open_=False, note="Closed — the team profile is posted below."
        )

    def announce(self, progress: TeamProgress, bot_user_id: str | None) -> None:
        """Post a team run's invitation, with how many it is for, and remember it."""
        invited = progress.invited
        if invited is None:
            invited = channel_member_count(self.client, progress.channel_id, bot_user_id)
            progress = replace(progress, invited=invited)
        lease_end = self._lease_end()
        if not owed.take_announcement(self.services, progress=progress):
            logger.info("invitation of %s already taken over; not posting", progress.run_id)
            return
        with self._announcing(progress, lease_end):
            ts = self.post(
                progress.channel_id, invitation_message(self.services.framework, progress)
            )
        team.attach_invitation(
            self.services,
            workspace_id=progress.workspace_id,
            run_id=progress.run_id,
            message_ts=ts,
            invited=invited,
        )

    def _extras(self, channel: str, ts: str, report: ReportData, url: str | None) -> None:
        """After a profile: its chart, then the full report in the profile's thread. Extras:
        if Slack refuses them, the profile still stands (and is not posted again)."""
        try:
            self.client.files_upload_v2(
                channel=channel,
                file=radar_png(report),
                filename=CHART_FILENAME,
                title=f"{report.title} — radar chart",
                alt_txt=alt_text(report),
            )
        except SlackApiError as error:
            logger.warning("could not upload the chart: %s", error.response.get("error"))
        full = full_report_message(report.framework, report.profile, report.team, report_url=url)
        try:
            self.post(channel, full, thread_ts=ts)
        except SlackApiError as error:
            logger.warning("could not post the full report: %s", error.response.get("error"))

    def _report_url(self, workspace_id: str, run_id: str) -> str | None:
        if self.links is None:
            return None
        return self.links.url_for(workspace_id=workspace_id, run_id=run_id)

    def refresh_invitation(
        self, progress: TeamProgress, *, open_: bool = True, note: str = ""
    ) -> None:
        """Update the invitation's counter. Best effort: the answers are saved whatever happens."""
        if progress.message_ts is None:
            return
        try:
            self.update(
                progress.channel_id,
                progress.message_ts,
                invitation_message(self.services.framework, progress, open_=open_, note=note),
            )
        except SlackApiError as error:
            logger.warning("could not update invitation %s: %s", progress.run_id, error)
