"""The bot's own timetable, run from a background thread in each bot process: deadlines close
team runs, schedules open them, reminders nudge the members who have not finished, steps owed to
people and not shown in time are shown (`flows.owed`), and old delivery records are dropped.

Several workers may all run this. Each step claims its work in the database first (a run row
lock, a schedule's due slot, a reminder round), so every run is closed once, every slot opens
one run and every reminder goes once, whichever worker gets there. No Slack request carries a
token here, so each piece of work is shown with its own workspace's bot (`WorkspaceBots`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.errors import SlackApiError

from bot.messages.schedule import reminder_message, skipped_message
from bot.outbound.installations import WorkspaceBot, WorkspaceBots
from bot.report.links import ReportLinks
from bot.screens import presenter as screens
from bot.screens.presenter import PROFILE_STEP, Presenter, StepKey
from flows import conversation, reminders, schedules
from flows.owed import OwedInvitation, OwedProfile, OwedQuestion, OwedTeamProfile, claim_owed
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

    def screen(self, workspace_id: str) -> tuple[Presenter, WorkspaceBot] | None:
        """How to show things in `workspace_id`; None if the app has left it."""
        bot = self.bots.for_workspace(workspace_id)
        if bot is None:
            return None
        return Presenter(self.services, bot.client, self.links), bot


def close_overdue_runs(timetable: Timetable) -> int:
    """Close what is due now and post the results; returns how many runs were handled."""
    outcomes = close_due_runs(timetable.services)
    for outcome in outcomes:
        try:
            shown = timetable.screen(outcome.progress.workspace_id)
            if shown is not None:
                shown[0].team_outcome(outcome, at_deadline=True)
        except Exception:
            logger.exception("could not post the result of a run closed at its deadline")
    return len(outcomes)


def open_scheduled_runs(timetable: Timetable) -> int:
    """Open the team runs whose slot has come, each with an invitation as `/readiness team`."""
    outcomes = schedules.open_due_runs(timetable.services)
    for outcome in outcomes:
        try:
            if isinstance(outcome, schedules.ScheduledRunSkipped):
                shown = timetable.screen(outcome.open_run.workspace_id)
                if shown is not None:
                    shown[0].post(outcome.channel_id, skipped_message(outcome))
                continue
            shown = timetable.screen(outcome.progress.workspace_id)
            if shown is not None:
                screen, bot = shown
                screen.announce(outcome.progress, bot.bot_user_id)
        except Exception:
            logger.exception("could not announce a scheduled team run (it will be tried again)")
    return len(outcomes)


def send_reminders(timetable: Timetable) -> int:
    """DM this round's reminders; returns how many were sent."""
    sent = 0
    for round_ in reminders.due_rounds(timetable.services):
        try:
            shown = timetable.screen(round_.progress.workspace_id)
            if shown is None:
                continue
            screen, bot = shown
            members = screens.channel_members(
                screen.client, round_.progress.channel_id, bot.bot_user_id
            )
        except SlackApiError as error:
            logger.warning("no reminders for %s: %s", round_.progress.run_id, error)
            continue
        for user_id in reminders.recipients(timetable.services, round_, members):
            try:
                screen.post(screens.dm_channel(screen.client, user_id), reminder_message(round_))
                sent += 1
            except SlackApiError as error:
                logger.warning("could not remind %s: %s", user_id, error.response.get("error"))
    return sent


def show_owed_steps(timetable: Timetable) -> int:
    """Show what is owed and was not shown in time (`flows.owed`); returns how many were."""
    shown_count = 0
    for owed in claim_owed(timetable.services):
        try:
            shown = timetable.screen(owed.workspace_id)
            if shown is None:
                continue
            screen, bot = shown
            match owed:
                case OwedQuestion():
                    key = StepKey(owed.step.response_id, owed.step.question.id)
                    ts = screen.shown_already(owed.channel_id, key)
                    if ts is None:
                        screen.ask(owed.channel_id, owed.step)
                    else:
                        conversation.question_shown(
                            timetable.services,
                            response_id=key.response_id,
                            question_id=key.step,
                            message_ts=ts,
                        )
                case OwedProfile():
                    key = StepKey(owed.step.response_id, PROFILE_STEP)
                    if screen.shown_already(owed.channel_id, key) is None:
                        screen.finished(owed.channel_id, owed.step)
                    else:
                        conversation.profile_shown(timetable.services, response_id=key.response_id)
                case OwedInvitation():
                    screen.announce(owed.progress, bot.bot_user_id)
                case OwedTeamProfile():
                    screen.team_outcome(owed.outcome, at_deadline=False)
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
        show_owed_steps(self._timetable)
        forget_old_deliveries(self._timetable)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.run_once()
            except Exception:
                logger.exception("background jobs failed; trying again in %ss", self._interval)
