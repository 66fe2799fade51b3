"""What every flow needs: the database, the framework, the time (a clock tests can set), and how
long the bot has to show someone their next step before the timetable shows it instead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from scoring import Framework, default_framework, shipped_framework
from storage.database import Database

RETRY_SHOWING_AFTER = timedelta(seconds=10)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    database: Database
    framework: Framework = field(default_factory=default_framework)
    clock: Callable[[], datetime] = utc_now
    resend_after: timedelta = timedelta(minutes=2)
    """A question, profile or team announcement not known to be shown this long after it was
    due (Slack down, a worker killed mid-way) is shown by the timetable. An attempt's retries
    stop before this runs out (`bot.outbound.web_client.finishing_by`); a single request can
    still take the client's whole timeout (10 s), so in production keep this well above that."""

    def framework_for(self, version: str) -> Framework:
        """The framework a run was taken with: its own questions and rules, even after a newer
        version ships (an open run keeps its questions; a closed one shows what it showed)."""
        if version == self.framework.version:
            return self.framework
        try:
            return shipped_framework(version)
        except KeyError:
            # A version this install never shipped (a custom framework file since replaced):
            # the current one is the best there is; its questions are matched by id.
            return self.framework

    def due(self) -> datetime:
        """When the step owed now must be on screen by."""
        return self.clock() + self.resend_after

    def retry_at(self) -> datetime:
        """After a failed attempt to show a step: when the timetable tries again (soon, but
        not so soon that it hammers a Slack that is down)."""
        return self.clock() + min(RETRY_SHOWING_AFTER, self.resend_after)
