"""The bot's own timetable, run from a background thread in each bot process: deadlines close
team runs, schedules open them, reminders nudge the members who have not finished, steps owed to
people and not shown in time are shown (`flows.owed`), and old delivery records are dropped.

Several workers may all run this. Each step claims its work in the database first (a run row
lock, a schedule's due slot, a reminder round), so every run is closed once, every slot opens
one run and every reminder goes once, whichever worker gets there. What must reach someone (a
team profile, the notice that too few finished by the deadline, each reminder, the notice that
a slot opened no run) is written down as owed in the same transaction, so if Slack refuses it or
this worker dies, a later round shows it (`show_owed_steps`); one that fails never stops the
rest of its batch. No Slack request carries a token here, so each piece of work is shown with
its own workspace's bot (`WorkspaceBots`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from slack_sdk.errors import SlackApiError

from bot.outbound.installations import WorkspaceBot, WorkspaceBots
from bot.outbound.lookups import channel_members, team_run_audience
from bot.report.links import ReportLinks
from bot.screens.commitments import CommitmentScreen
from bot.screens.person import PersonScreen
from bot.screens.plans import PlanScreen
from bot.screens.reminders import ReminderScreen
from bot.screens.slack_screen import SlackScreen
from bot.screens.team_runs import TeamScreen
from flows import plans, reminders, schedules
from flows.errors import UserFacingError
from flows.owed import (
    OwedBelowMinimum,
    OwedCommitmentReminder,
    OwedInvitation,
    OwedPlan,
    OwedProfile,
    OwedQuestion,
    OwedReminder,
    OwedReminderRound,
    OwedSkipNotice,
    OwedTeamProfile,
    claim_owed,
)
from flows.services import Services
from flows.team import close_due_runs
from storage.deliveries import forget_deliveries

logger = logging.getLogger(__name__)

DELIVERY_MEMORY = timedelta(minutes=15)
"""How long a delivery is remembered: past bolt's five-minute window and Slack's last retry."""


@dataclass(frozen=True)
class Timetable:
    services: Services
    bots: WorkspaceBots
    links: ReportLinks | None = None

    def screens(self, workspace_id: str) -> Screens | None:
        """How to show things in `workspace_id`; None if the app has left it."""
        bot = self.bots.for_workspace(workspace_id)
        if bot is None:
            return None
        slack = SlackScreen(bot.client)
        return Screens(
            bot,
            slack,
            PersonScreen(self.services, slack, self.links),
            TeamScreen(self.services, slack, self.links),
            ReminderScreen(self.services, slack),
            CommitmentScreen(self.services, slack),
            PlanScreen(self.services, slack, self.links),
        )


@dataclass(frozen=True)
class Screens:
    """One workspace's bot, and its screens."""

    bot: WorkspaceBot
    slack: SlackScreen
    person: PersonScreen
    team: TeamScreen
    reminders: ReminderScreen
    commitments: CommitmentScreen
    plans: PlanScreen


def close_overdue_runs(timetable: Timetable) -> int:
    """Close what is due now and post the results; returns how many runs were handled."""
    outcomes = close_due_runs(timetable.services)
    for outcome in outcomes:
        try:
            screens = timetable.screens(outcome.progress.workspace_id)
            if screens is not None:
                screens.team.team_outcome(outcome)
        except Exception:
            logger.exception("could not post the result of a run closed at its deadline")
    return len(outcomes)


def open_scheduled_runs(timetable: Timetable) -> int:
    """Open the team runs whose slot has come, each with an invitation as `/readiness team`; a
    slot that finds the previous run still open, or too few people in the channel, is said in
    the channel instead (owed until shown, as the invitation is)."""
    outcomes = schedules.open_due_runs(timetable.services, partial(_audience, timetable))
    for outcome in outcomes:
        try:
            if isinstance(outcome, schedules.SkippedSlot):
                screens = timetable.screens(outcome.workspace_id)
                if screens is not None:
                    screens.team.skipped_slot(outcome)
                continue
            screens = timetable.screens(outcome.progress.workspace_id)
            if screens is not None:
                screens.team.announce(outcome.progress, screens.bot.bot_user_id)
        except Exception:
            logger.exception("could not announce a scheduled team run (it will be tried again)")
    return len(outcomes)


def _audience(timetable: Timetable, workspace_id: str, channel_id: str) -> int | None:
    """How many people a scheduled run in the channel is for, as `/readiness team` counts them;
    None when Slack cannot say (the run then opens, as it did before counting). Slack's errors
    arrive as `team_run_audience` turns them: None, or a channel the bot cannot post in."""
    bot = timetable.bots.for_workspace(workspace_id)
    if bot is None:
        return None
    try:
        return team_run_audience(bot.client, channel_id, bot.bot_user_id)
    except (UserFacingError, OSError) as error:
        logger.info("cannot count the people of %s for its scheduled run: %s", channel_id, error)
        return None


def send_reminders(timetable: Timetable) -> int:
    """DM this round's reminders; returns how many were shown."""
    sent = 0
    for round_ in reminders.due_rounds(timetable.services):
        try:
            screens = timetable.screens(round_.progress.workspace_id)
            if screens is not None:
                sent += remind(timetable, screens, round_)
        except Exception:
            logger.exception("could not send a reminder round (it will be tried again)")
    return sent


def remind(timetable: Timetable, screens: Screens, round_: reminders.ReminderRound) -> int:
    """Write down whom the round is for, then DM each of them: one refused DM leaves the others
    going (and is itself owed again). Returns how many were shown."""
    services = timetable.services
    try:
        members = channel_members(
            screens.bot.client, round_.progress.channel_id, screens.bot.bot_user_id
        )
    except SlackApiError as error:
        logger.warning("no reminders for %s yet: %s", round_.progress.run_id, error)
        reminders.round_not_ready(services, round_)
        return 0
    sent = 0
    for due in reminders.owe_round(services, round_, members):
        try:
            sent += screens.reminders.remind(due)
        except SlackApiError as error:
            logger.warning(
                "could not remind %s (owed again): %s", due.user_id, error.response.get("error")
            )
        except Exception:
            logger.exception("could not remind %s (it will be tried again)", due.user_id)
    return sent


def send_commitment_reminders(timetable: Timetable) -> int:
    """DM each owner whose commitment is due in three working days; returns how many were shown.
    Each is claimed first (one per commitment and due date), and one refused DM leaves the
    others going (it is owed again, and shown by `show_owed_steps`)."""
    sent = 0
    for reminder in plans.due_reminders(timetable.services):
        try:
            screens = timetable.screens(reminder.workspace_id)
            if screens is not None:
                sent += screens.commitments.remind(reminder)
        except SlackApiError as error:
            logger.warning(
                "could not remind the owner of %s (owed again): %s",
                reminder.commitment.id,
                error.response.get("error"),
            )
        except Exception:
            logger.exception("could not send a commitment's reminder (it will be tried again)")
    return sent


def show_owed_steps(timetable: Timetable) -> int:
    """Show what is owed and was not shown in time (`flows.owed`); returns how many were."""
    shown_count = 0
    for owed in claim_owed(timetable.services):
        try:
            screens = timetable.screens(owed.workspace_id)
            if screens is None:
                continue
            match owed:
                case OwedQuestion():
                    screens.person.ask(owed.channel_id, owed.step, recovering=True)
                case OwedProfile():
                    screens.person.finished(owed.channel_id, owed.step, recovering=True)
                case OwedInvitation():
                    screens.team.announce(owed.progress, screens.bot.bot_user_id, recovering=True)
                case OwedTeamProfile():
                    screens.team.team_outcome(owed.outcome, recovering=True)
                case OwedBelowMinimum():
                    screens.team.below_minimum(owed.notice, recovering=True)
                case OwedSkipNotice():
                    screens.team.skipped_slot(owed.skipped, recovering=True)
                case OwedReminderRound():
                    remind(timetable, screens, owed.round_)
                case OwedReminder():
                    screens.reminders.remind(owed.reminder, recovering=True)
                case OwedCommitmentReminder():
                    screens.commitments.remind(owed.reminder, recovering=True)
                case OwedPlan():
                    screens.plans.show(owed.page, recovering=True)
            shown_count += 1
            logger.info("showed an owed %s in %s", type(owed).__name__, owed.workspace_id)
        except Exception:
            logger.exception("could not show an owed step (it will be tried again)")
    return shown_count


def forget_old_deliveries(timetable: Timetable) -> int:
    """Delivery records past any replay window: bolt refuses requests older than five minutes."""
    with timetable.services.database.session() as session:
        return forget_deliveries(session, before=timetable.services.clock() - DELIVERY_MEMORY)


class BackgroundJobs:
    def __init__(self, timetable: Timetable, *, interval: float) -> None:
        self._timetable = timetable
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="timetable", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def run_once(self) -> None:
        close_overdue_runs(self._timetable)
        open_scheduled_runs(self._timetable)
        send_reminders(self._timetable)
        send_commitment_reminders(self._timetable)
        show_owed_steps(self._timetable)
        forget_old_deliveries(self._timetable)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.run_once()
            except Exception:
                logger.exception("background jobs failed; trying again in %ss", self._interval)
