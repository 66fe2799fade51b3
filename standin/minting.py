"""Identifiers and time as Slack mints them: `C…`/`U…` ids, `1700000000.000100` timestamps.

Tests compare ids and order messages by `ts`, so every `ts` is unique and strictly increasing even
when two posts land in the same microsecond, and the clock can be moved forward to test expiry
rules (a three-second trigger id, a thirty-minute response URL) without sleeping.
"""

from __future__ import annotations

import secrets
import string
import threading
import time

# Slack ids use upper-case letters and digits.
_ID_ALPHABET = string.ascii_uppercase + string.digits


class Clock:
    """Wall-clock seconds that a test may move forward with `advance`."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Pretend `seconds` have passed: trigger ids and response URLs age accordingly."""
        with self._lock:
            self._offset += seconds


class IdFactory:
    """Mints fresh ids, message timestamps and opaque secrets for one stand-in."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last_micros = 0

    def new(self, prefix: str, length: int = 10) -> str:
        """An id like Slack's: `prefix` and then upper-case letters and digits."""
        return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))

    def ts(self) -> str:
        """A message timestamp `seconds.micros`, unique and increasing within this stand-in."""
        with self._lock:
            micros = max(int(self._clock.now() * 1_000_000), self._last_micros + 1)
            self._last_micros = micros
        seconds, fraction = divmod(micros, 1_000_000)
        return f"{seconds}.{fraction:06d}"

    def trigger_id(self) -> str:
        """Slack's trigger id shape, `digits.digits.hex` (e.g. `12345.98765.abcd2358fdea`)."""
        first = secrets.randbelow(10**13)
        second = secrets.randbelow(10**13)
        return f"{first}.{second}.{secrets.token_hex(16)}"

    def secret(self, length: int = 24) -> str:
        alphabet = string.ascii_letters + string.digits
        return "".join(secrets.choice(alphabet) for _ in range(length))

    def bot_token(self) -> str:
        """`xoxb-<team number>-<bot number>-<secret>`, the shape of a real bot token."""
        return f"xoxb-{secrets.randbelow(10**12)}-{secrets.randbelow(10**13)}-{self.secret()}"

    def app_token(self, app_id: str) -> str:
        """`xapp-1-<app id>-<number>-<hex>`, the shape of a real app-level token."""
        return f"xapp-1-{app_id}-{secrets.randbelow(10**13)}-{secrets.token_hex(32)}"
