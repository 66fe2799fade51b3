"""Fixtures shared by the tests of the bot's processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.database import Database, sqlite_url
from storage.schema import upgrade


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    """A migrated SQLite file for a `readiness` process started by the test."""
    path = tmp_path / "readiness.db"
    database = Database(sqlite_url(path))
    upgrade(database.engine)
    database.dispose()
    return path
