"""Real databases for the tests: a SQLite file always, PostgreSQL when a server is given.

PostgreSQL tests read `READINESS_TEST_POSTGRES_URL` (`.ci/run` sets it after making sure the local
server is up). Each test gets its own schema, so test runs never see each other's rows.

`database_url` is both kinds; tests/e2e and tests/hardening narrow it to SQLite in their
conftests, and a module there that wants both again overrides it with `any_database_url`:

    @pytest.fixture
    def database_url(any_database_url: str) -> str:
        return any_database_url

The Slack stand-in's fixtures (`standin`, `bolt`) and the bot under test's (`team`, `clock`,
`bot`, `driver`, ...) are plugins, registered here for every test; so are the test workers and
what must not run beside what (`tests.parallel`), and the hardening suite's summary table.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.database import Database, normalise_url, sqlite_url
from storage.schema import upgrade

pytest_plugins = [
    "standin.pytest_plugin",
    "tests.bot_fixtures",
    "tests.parallel",
    "tests.hardening.summary",
]

# Hypothesis' timing checks off: its 200 ms deadline per example and its "too slow" health check
# fail a property for how busy the machine is (a second test worker, CI's shared CPUs), and no
# test here is about speed (the benchmarks in bench/ are).
settings.register_profile("readiness", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("readiness")

POSTGRES_ENV = "READINESS_TEST_POSTGRES_URL"
POSTGRES_SKIP = (
    f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test); "
    ".ci/run sets it after starting the local server"
)


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh, private schema, dropped afterwards."""
    base = postgres_url()
    if base is None:
        pytest.skip(POSTGRES_SKIP)
    schema = f"test_{uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = normalise_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database of each kind the bot supports, whatever a directory's
    `database_url` is narrowed to."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "readiness.db").render_as_string()
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture
def database_url(any_database_url: str) -> str:
    """The database a test runs on: each kind, unless its directory narrows this."""
    return any_database_url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated database of each supported kind."""
    db = Database(database_url)
    upgrade(db.engine)
    try:
        yield db
    finally:
        db.dispose()


def sqlite_file(db: Database) -> Path | None:
    url = make_url(db.url)
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
