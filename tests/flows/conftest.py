"""Flows on a migrated SQLite database, with the clock from tests/bot_fixtures.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.services import Services
from storage.database import Database, sqlite_url
from storage.schema import upgrade
from tests.clock import Clock


@pytest.fixture
def services(tmp_path: Path, clock: Clock) -> Iterator[Services]:
    database = Database(sqlite_url(tmp_path / "flows.db"))
    upgrade(database.engine)
    yield Services(database=database, clock=clock)
    database.dispose()
