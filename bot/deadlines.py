"""Closing team runs when their deadline passes, from a background thread in each bot process.

Several workers may all run this; `close_due_runs` locks each run while closing it, so every run
is closed (and its profile posted) once.
"""

from __future__ import annotations

import logging
import threading

from bot.presenter import Presenter
from flows.team import close_due_runs

logger = logging.getLogger(__name__)


def close_overdue_runs(screen: Presenter) -> int:
    """Close what is due now and post the results; returns how many runs were handled."""
    outcomes = close_due_runs(screen.services)
    for outcome in outcomes:
        try:
            screen.team_outcome(outcome, at_deadline=True)
        except Exception:
            logger.exception("could not post the result of a run closed at its deadline")
    return len(outcomes)


class DeadlineWatcher:
    def __init__(self, screen: Presenter, *, interval: float) -> None:
        self._screen = screen
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="deadlines", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                close_overdue_runs(self._screen)
            except Exception:
                logger.exception("deadline check failed; trying again in %ss", self._interval)
