"""A team run in its channel: the invitation and its counter, the team profile at close, and a
scheduled slot that opened none."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.context import links_of, services_of
from bot.messages import Message
from bot.messages.profile import team_profile_message
from bot.messages.schedule import skip_notice_message
from bot.messages.team import (
    cancelled_message,
    extended_message,
    invitation_message,
    need_more_message,
)
from bot.outbound import lookups
from bot.outbound.lookups import channel_member_count
from bot.report.links import LinkKind, ReportLinks
from bot.report.run_result import team_report
from bot.report.subject import subject_of
from bot.screens.extras import profile_parts
from bot.screens.home import refresh_respondents
from bot.screens.plans import PlanScreen
from bot.screens.show_once import show_message_once, show_once
from bot.screens.slack_screen import SlackScreen, StepKey
from flows.owed import OneMessage, TeamAnnouncement
from flows.schedules import ScheduledRunSkipped, ScheduledRunTooSmall
from flows.services import Services
from flows.steps import NeedMoreAnswers, TeamProfileReady, TeamProgress
from scoring import Framework
from storage import names

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TeamScreen:
    services: Services
    slack: SlackScreen
    links: ReportLinks | None = None

    @classmethod
    def of(cls, context: BoltContext, client: WebClient) -> TeamScreen:
        return cls(services_of(context), SlackScreen(client), links_of(context))

    def announce(
        self, progress: TeamProgress, bot_user_id: str | None, *, recovering: bool = False
    ) -> None:
        """Post a team run's invitation, with how many it is for, and remember it (unless
        `recovering` finds it posted already)."""
        if progress.invited is None:
            invited = channel_member_count(self.slack.client, progress.channel_id, bot_user_id)
            progress = replace(progress, invited=invited)
        learn_names(
            self.services,
            self.slack.client,
            workspace_id=progress.workspace_id,
            channel_id=progress.channel_id,
        )
        show_message_once(
            self.services,
            self.slack,
            TeamAnnouncement(progress, invitation=True),
            channel=progress.channel_id,
            key=StepKey(progress.run_id, "invitation"),
            message=invitation_message(self.services.framework, progress),
            look_first=recovering,
        )

    def below_minimum(self, outcome: NeedMoreAnswers, *, recovering: bool = False) -> None:
        """Say in the channel how many answers are missing when a deadline passed: the notice
        is owed (the run stays open without a deadline, so nothing else would say it) and shown
        once. A person's early `/readiness close` is answered to them alone, never here."""
        if outcome.deadline is None:
            raise ValueError(f"run {outcome.progress.run_id}: only a deadline posts this notice")
        show_message_once(
            self.services,
            self.slack,
            OneMessage.below_minimum(outcome),
            channel=outcome.progress.channel_id,
            key=StepKey(
                outcome.progress.run_id, f"below-minimum-{int(outcome.deadline.timestamp())}"
            ),
            message=need_more_message(outcome),
            look_first=recovering,
        )

    def skipped_slot(
        self, skipped: ScheduledRunSkipped | ScheduledRunTooSmall, *, recovering: bool = False
    ) -> None:
        """Say in the channel that a scheduled slot opened no run, and why: owed (the team would
        otherwise wait for a run that does not come) and shown once."""
        show_message_once(
            self.services,
            self.slack,
            OneMessage.skip_notice(skipped),
            channel=skipped.channel_id,
            key=StepKey(skipped.schedule_id, f"skipped-{int(skipped.slot.timestamp())}"),
            message=skip_notice_message(skipped),
            look_first=recovering,
        )

    def team_outcome(
        self, outcome: TeamProfileReady | NeedMoreAnswers, *, recovering: bool = False
    ) -> None:
        """Post a closed run's team profile to its channel, or say how many answers are missing."""
        if isinstance(outcome, NeedMoreAnswers):
            self.below_minimum(outcome, recovering=recovering)
            return
        framework = self.services.framework_for(outcome.team.profile.framework_version)
        progress = outcome.progress
        url = None
        if self.links is not None:
            url = self.links.url_for(
                workspace_id=progress.workspace_id, run_id=progress.run_id, kind=LinkKind.CHANNEL
            )
        learn_names(
            self.services,
            self.slack.client,
            workspace_id=progress.workspace_id,
            channel_id=progress.channel_id,
        )
        subject = subject_of(
            self.services,
            workspace_id=progress.workspace_id,
            channel_id=progress.channel_id,
            run_id=progress.run_id,
        )
        report = team_report(
            framework,
            team=outcome.team,
            previous=outcome.previous,
            closed_at=outcome.closed_at,
            comments=outcome.comments,
            review=outcome.review,
            opened_at=subject.opened_at,
            channel_name=subject.channel_name,
            workspace_name=subject.workspace_name,
        )
        message = team_profile_message(framework, outcome, report_url=url)
        parts = profile_parts(self.slack, outcome.channel_id, progress.run_id, message, report, url)
        done = show_once(
            self.services,
            self.slack,
            TeamAnnouncement.team_profile(outcome, parts=len(parts)),
            channel=outcome.channel_id,
            parts=parts,
            first_ts=outcome.profile_ts,
            look_first=recovering,
        )
        if done:
            refresh_invitation(
                self.slack,
                framework,
                progress,
                open_=False,
                note="The team profile is posted below, with the details in its thread.",
            )
            self._show_plan(progress)
            refresh_respondents(
                self.services,
                self.slack.client,
                workspace_id=progress.workspace_id,
                run_id=progress.run_id,
            )

    def extended(self, progress: TeamProgress, by_user: str) -> Message:
        """Say in the channel that `by_user` gave the run more time, and show the new deadline
        on the invitation; the announcement, to repeat to them privately when they clicked."""
        announced = extended_message(progress, by_user)
        self.slack.post(progress.channel_id, announced)
        refresh_invitation(self.slack, self.services.framework, progress)
        return announced

    def cancelled(self, progress: TeamProgress, by_user: str) -> Message:
        """Say in the channel that `by_user` cancelled the run, and close its invitation."""
        announced = cancelled_message(progress, by_user)
        self.slack.post(progress.channel_id, announced)
        refresh_invitation(
            self.slack, self.services.framework, progress, open_=False, note="Cancelled."
        )
        return announced

    def _show_plan(self, progress: TeamProgress) -> None:
        """A channel with a plan shows the new profile in it at once (the close made the plan
        owed a rewrite; if this fails, the timetable shows it later)."""
        try:
            PlanScreen(self.services, self.slack, self.links).show_now(
                workspace_id=progress.workspace_id, channel_id=progress.channel_id
            )
        except Exception:
            logger.exception("could not rewrite the plan of %s (it stays owed)", progress.run_id)


def learn_names(
    services: Services, client: WebClient, *, workspace_id: str, channel_id: str
) -> None:
    """Keep the channel's and workspace's names as Slack gives them now (one call each), so
    reports name their subject as people know it. Done when a run starts and when its profile is
    posted (its report link made): a rename shows in the next report. A failed call keeps the
    old name, and never stops what the call was for."""
    found: dict[str, str] = {}
    try:
        if channel := lookups.channel_name(client, channel_id):
            found[channel_id] = channel
        if workspace := lookups.workspace_name(client):
            found[workspace_id] = workspace
    except Exception:
        logger.exception("could not learn the names of %s/%s", workspace_id, channel_id)
    if not found:
        return
    with services.database.session() as session:
        for object_id, name in found.items():
            names.remember(
                session,
                workspace_id=workspace_id,
                object_id=object_id,
                name=name,
                now=services.clock(),
            )


def refresh_invitation(
    slack: SlackScreen,
    framework: Framework,
    progress: TeamProgress,
    *,
    open_: bool = True,
    note: str = "",
) -> None:
    """Update the invitation's counter. Best effort: the answers are saved whatever happens."""
    if progress.message_ts is None:
        return
    try:
        slack.update(
            progress.channel_id,
            progress.message_ts,
            invitation_message(framework, progress, open_=open_, note=note),
        )
    except SlackApiError as error:
        logger.warning("could not update invitation %s: %s", progress.run_id, error)
