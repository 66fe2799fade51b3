"""`readiness serve` (or `readiness socket`) as a process the crash checks can SIGKILL and start
again."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from standin import SlackDriver, SlackStandIn
from tests.bot_fixtures import SIGNING_SECRET, socket_driver_for
from tests.e2e.bot_process import bot_process, socket_bot_process

ENV = {"READINESS_RESEND_AFTER_SECONDS": "2", "READINESS_DEADLINE_CHECK_SECONDS": "0.3"}
"""Owed steps are shown after 2 s (not 2 minutes), so recovery is quick to watch."""
SLOWER_LEASE = {**ENV, "READINESS_RESEND_AFTER_SECONDS": "3"}
"""A lease a chart's upload (three Web API calls) outlasts on no busy machine: a single request
slower than the lease can still race the timetable (see docs/hardening.md, keep the lease well
above the Web API timeout), and these tests are about crashes, not that."""


class KillableBot:
    """`readiness serve` on the test's database, started and SIGKILLed at will; with
    `socket_mode`, `readiness socket` (and a driver sending envelopes on its connection)."""

    def __init__(
        self,
        standin: SlackStandIn,
        database_url: str,
        log: Path,
        *,
        env: dict[str, str] | None = None,
        socket_mode: bool = False,
    ) -> None:
        self._standin = standin
        self._database_url = database_url
        self._log = log
        self._env = env or ENV
        self._socket_mode = socket_mode
        self._running = ExitStack()

    def start(self) -> SlackDriver:
        if self._socket_mode:
            self._running.enter_context(
                socket_bot_process(
                    self._standin,
                    database_url=self._database_url,
                    log=self._log,
                    extra_env=self._env,
                )
            )
            # Slack stops waiting for an ack after 3 s: a click sent as the bot is killed is
            # then simply not acknowledged, and the person clicks again.
            return socket_driver_for(self._standin, ack_wait=2.5)
        url, _ = self._running.enter_context(
            bot_process(
                self._standin,
                database_url=self._database_url,
                signing_secret=SIGNING_SECRET,
                log=self._log,
                extra_env=self._env,
            )
        )
        return SlackDriver(self._standin, url, SIGNING_SECRET)

    def kill(self) -> None:
        self._running.close()
