"""The real bot over real HTTP (or Socket Mode: `any_driver`), in front of the Slack stand-in, on
a real database: the fixtures are in tests/bot_fixtures.py. Here every test runs on SQLite only
and checks that the bot calls only the Web API methods it declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.database import sqlite_url


@pytest.fixture(params=["sqlite"])
def database_url(tmp_path: Path) -> str:
    """End-to-end tests run on the embedded default; PostgreSQL is covered by storage tests.
    A module that wants both overrides this with `any_database_url`."""
    return sqlite_url(tmp_path / "bot.db").render_as_string()


@pytest.fixture(autouse=True)
def only_declared_web_api_methods(only_declared_web_api_methods: None) -> None:
    """Every end-to-end test checks the bot's Web API calls (tests/bot_fixtures.py)."""
