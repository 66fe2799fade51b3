"""What every flow needs: the database, the framework, and the time (a clock tests can set)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from scoring import Framework, default_framework
from storage.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    database: Database
    framework: Framework = field(default_factory=default_framework)
    clock: Callable[[], datetime] = utc_now
