"""What several hardening checks do: wait for the bot to go quiet or to owe nothing, forge what
a person sees."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from bot import ids
from bot.inbound.payloads import PickValue
from bot.run_modes.answering import option_shown
from standin import Message, SlackStandIn
from storage.database import Database
from storage.models import AssessmentRun, ChannelPlan, Commitment, Reminder, Response


def wait_quiet(standin: SlackStandIn, *, settle: float = 0.2, timeout: float = 10.0) -> None:
    """Until the bot has made no Web API call for `settle` seconds: its follow-ups after an
    ack (posting, updating) run on other threads, so 'nothing happened' needs a moment."""
    deadline = time.monotonic() + timeout
    seen, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        with standin.state.lock:
            now_seen = len(standin.state.calls)
        if now_seen != seen:
            seen, since = now_seen, time.monotonic()
        elif time.monotonic() - since >= settle:
            return
        time.sleep(0.02)
    raise AssertionError(f"the bot was still calling Slack after {timeout} s")


OWED = (
    Response.show_due_at,
    AssessmentRun.show_due_at,
    AssessmentRun.below_minimum_due_at,
    Reminder.show_due_at,
    Commitment.show_due_at,
    ChannelPlan.show_due_at,
)
"""Every column that says a step is owed to someone's screen (storage/owed.py)."""
SOON = timedelta(hours=1)
"""Owed within this is owed now or held by a lease (seconds to minutes); a reminder owed days
from now is not."""


def wait_nothing_owed(database: Database, *, timeout: float = 20.0) -> None:
    """Until the database owes nothing that falls due `SOON`.

    Every post that matters is written down as owed before it is made and cleared once it is
    known to be shown (flows/owed.py), so once nothing is owed no worker will post anything
    again: a check that a step is not shown twice can read the screens then, instead of
    sleeping past the lease."""
    deadline = time.monotonic() + timeout
    while True:
        soon = datetime.now(UTC) + SOON
        with database.session() as session:
            owed = sum(
                session.scalar(select(func.count()).where(column <= soon)) or 0 for column in OWED
            )
        if owed == 0:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{owed} steps were still owed after {timeout} s")
        time.sleep(0.1)


def leases_run_out(database: Database) -> None:
    """Time passes for a worker that died holding steps: every step taken and owed again `SOON`
    (its lease) is owed now, so the next worker shows it at once instead of after the lease.
    Only for a database no living worker is using: it is what the lease running out does."""
    now = datetime.now(UTC)
    with database.session() as session:
        for column in OWED:
            session.execute(
                update(column.class_)
                .where(column > now, column <= now + SOON)
                .values({column.key: now})
            )


def with_pick_value(message: Message, change: Callable[[dict[str, Any]], None]) -> Message:
    """A copy of a question message whose option buttons carry an altered value: what a client
    that edits payloads would send (Slack itself never would). A key `change` sets to None is
    left out."""
    forged = copy.deepcopy(message)
    for block in forged.blocks:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == ids.PICK:
            value = PickValue.decode(accessory["value"]).model_dump(
                by_alias=True, exclude_none=True
            )
            change(value)
            value = {key: item for key, item in value.items() if item is not None}
            accessory["value"] = json.dumps(value, separators=(",", ":"))
    return forged


def option_block(message: Message, stage: int) -> str:
    """The block of the option signalling `stage` on a question message, found by its text."""
    return option_shown(message, stage)[0]
