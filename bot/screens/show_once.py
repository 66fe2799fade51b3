"""Every step that matters is shown exactly once: the one protocol for putting an owed step on
screen, whoever shows it (a listener's follow-up right after the ack, or the timetable later).

The step was written down as owed (`show_due_at`) in the transaction that made it due. A step
has one part (a question, an invitation) or several (a profile: its message, its chart, its full
report in the message's thread), and each part is owed until it is known to be shown:

1. *Look first*, when recovering: a worker may have died after Slack accepted a part but before
   the bot recorded it, so the timetable looks for that part on screen (by the metadata every
   owed message carries, or a file's name) and, if it is there, only records it.
2. *Take* it with a conditional update (`flows.owed`): of the bot and the timetable, exactly
   one proceeds; the lease it takes ends `resend_after` from now. A click's next question
   needs no taking: the answer's own transaction wrote its lease (`PersonStep.held`).
3. *Show* the part, with no retry that could outlive the lease (`finishing_by`): after the lease
   the timetable may show it, and a late retry would show it twice.
4. *Record* it as shown, or, if showing failed, as owed again soon (then the timetable retries
   from this part). Then the next part, under a fresh lease.

A screen is anything that can find a step it shows (`Screen`); Slack's is
`bot.screens.slack_screen.SlackScreen`. The obligations (what to take and record) are flows'.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from slack_sdk.errors import SlackApiError

from bot.messages import Message
from bot.outbound.web_client import finishing_by
from bot.screens.slack_screen import SlackScreen, StepKey
from flows.owed import Obligation, lease_seconds
from flows.services import Services

logger = logging.getLogger(__name__)


class Screen(Protocol):
    def find_shown(
        self, channel: str, step: StepKey, *, thread_ts: str | None = None
    ) -> str | None: ...


@dataclass(frozen=True)
class Part:
    """One part of a step: how to show it, and how to recognise it on screen."""

    key: StepKey
    show: Callable[[str | None], str | None]
    """Shows the part, given the first part's message ts; returns its own message's ts (None
    when it is not a message of its own)."""
    in_thread: bool = False
    """Shown in the first part's thread (so looked for there)."""
    extra: bool = False
    """If Slack refuses it outright, it is left out rather than tried again and again; the parts
    before it still stand."""
    prepare: Callable[[], object] | None = None
    """Work to do before the part is taken (drawing a chart): the lease then covers only the
    calls to Slack, so slow work on a busy machine cannot outlast it."""


def show_once(
    services: Services,
    screen: Screen,
    owed: Obligation,
    *,
    channel: str,
    parts: Sequence[Part],
    first_ts: str | None = None,
    look_first: bool = False,
    stop_before: int | None = None,
) -> bool:
    """Show what is left of `owed` in `channel`, part by part, from `owed.part` on (`first_ts`:
    the first part's message, when that was shown before), up to part `stop_before` if given
    (the caller shows the rest later). True when this call saw its parts through; False when
    someone else took it over (then there is nothing more to do here)."""
    look = look_first
    end = owed.parts if stop_before is None else min(owed.parts, stop_before)
    while owed.part < end:
        part = parts[owed.part]
        thread = first_ts if part.in_thread else None
        if look:
            # Only the first part still owed can be on screen unrecorded: the next is shown
            # only after this one is recorded.
            look = False
            already = screen.find_shown(channel, part.key, thread_ts=thread)
            if already is not None:
                first_ts = first_ts or already
                owed.shown(services, already)
                continue
        if part.prepare is not None:
            part.prepare()
        lease_end = time.monotonic() + lease_seconds(services)
        if not owed.take(services):
            logger.info("%s already taken over; not showing it", part.key)
            return False
        try:
            with finishing_by(lease_end):
                ts = part.show(thread if part.in_thread else first_ts)
        except SlackApiError as error:
            if not (part.extra and _refused(error)):
                owed.not_shown(services)
                raise
            logger.warning("Slack refused %s: %s", part.key.step, error.response.get("error"))
            ts = None
        except Exception:
            owed.not_shown(services)
            raise
        first_ts = first_ts or ts
        owed.shown(services, ts)
    return True


def show_message_once(
    services: Services,
    screen: SlackScreen,
    owed: Obligation,
    *,
    channel: str,
    key: StepKey,
    message: Message,
    look_first: bool = False,
) -> bool:
    """`show_once` for a step that is one message, posted in `channel` with `key` (a question,
    a notice, a reminder)."""
    return show_once(
        services,
        screen,
        owed,
        channel=channel,
        parts=[message_part(screen, key, channel, message)],
        look_first=look_first,
    )


def _refused(error: SlackApiError) -> bool:
    """Slack answered and said no (not "later": a rate limit or a server error)."""
    return int(error.response.status_code) < 429


def message_part(
    screen: SlackScreen,
    key: StepKey,
    channel: str,
    message: Message,
    *,
    replacing: str | None = None,
    in_thread: bool = False,
    extra: bool = False,
) -> Part:
    """A part that is one message: posted with `key` as its metadata (in the first part's
    thread, if `in_thread`), or shown in place of the message `replacing`."""

    def show(thread_ts: str | None) -> str:
        if replacing is not None:
            screen.update(channel, replacing, message)
            return replacing
        return screen.post(channel, message, thread_ts, step=key)

    return Part(key, show, in_thread=in_thread, extra=extra)
