"""What several hardening checks do: wait for the bot to go quiet, forge what a person sees."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from typing import Any

from bot import ids
from bot.inbound.payloads import PickValue
from bot.run_modes.answering import option_shown
from standin import Message, SlackStandIn


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
