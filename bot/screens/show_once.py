"""Every step that matters is shown exactly once: the one protocol for putting an owed step on
screen, whoever shows it (a listener's follow-up right after the ack, or the timetable later).

The step was written down as owed (`show_due_at`) in the transaction that made it due. Here:

1. *Look first*, when recovering: a worker may have died after Slack accepted the post but
   before the bot recorded it, so the timetable looks for the step on screen (by the message
   metadata every owed post carries) and only records it if found.
2. *Take* it with a conditional update (`flows.owed`): of the bot and the timetable, exactly
   one proceeds; the lease it takes ends `resend_after` from now.
3. *Show* it, with no retry that could outlive the lease (`finishing_by`): after the lease the
   timetable may show it, and a late retry would show it twice.
4. *Record* it as shown, or, if showing failed, as owed again soon (then the timetable retries).

A screen is anything that can post, update and find a step (`Screen`); Slack's is
`bot.screens.slack_screen.SlackScreen`. The obligations (what to take and record) are flows'.
"""

from __future__ import annotations

import logging
import time
from typing import Protocol

from bot.messages import Message
from bot.outbound.web_client import finishing_by
from bot.screens.slack_screen import StepKey
from flows.owed import Obligation
from flows.services import Services

logger = logging.getLogger(__name__)


class Screen(Protocol):
    def post(
        self,
        channel: str,
        message: Message,
        thread_ts: str | None = None,
        *,
        step: StepKey | None = None,
    ) -> str: ...

    def update(self, channel: str, ts: str, message: Message) -> None: ...

    def find_shown(self, channel: str, step: StepKey) -> str | None: ...


def show_once(
    services: Services,
    screen: Screen,
    owed: Obligation,
    *,
    channel: str,
    message: Message,
    key: StepKey | None = None,
    replacing: str | None = None,
    look_first: bool = False,
) -> str | None:
    """Show `message` as the one showing of `owed` in `channel`: posted anew, or in place of
    message `replacing`. Returns the message's ts when this call showed it; None when it was on
    screen already or someone else took it (then there is nothing more to do here)."""
    if look_first and key is not None:
        already = screen.find_shown(channel, key)
        if already is not None:
            owed.shown(services, already)
            return None
    lease_end = time.monotonic() + services.resend_after.total_seconds()
    if not owed.take(services):
        logger.info("%s already taken over; not showing it", owed)
        return None
    try:
        with finishing_by(lease_end):
            if replacing is None:
                ts = screen.post(channel, message, step=key)
            else:
                screen.update(channel, replacing, message)
                ts = replacing
    except Exception:
        owed.not_shown(services)
        raise
    owed.shown(services, ts)
    return ts
