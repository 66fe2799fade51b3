"""The hardening suite: the real bot over HTTP (duplicates and crashes in Socket Mode too) against
the Slack stand-in, trying to lose, double, leak or forge. Each check runs small by default (CI)
and large under `-m soak`; the figures are printed as one table at the end of the run
(`tests.hardening.summary`). The fixtures are in tests/bot_fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.database import sqlite_url


@pytest.fixture(params=["sqlite"])
def database_url(tmp_path: Path) -> str:
    """Like the end-to-end tests, SQLite only; a module that wants both databases overrides
    this with `any_database_url`."""
    return sqlite_url(tmp_path / "bot.db").render_as_string()


@pytest.fixture(autouse=True)
def only_declared_web_api_methods(only_declared_web_api_methods: None) -> None:
    """Every hardening test checks the bot's Web API calls (tests/bot_fixtures.py)."""
