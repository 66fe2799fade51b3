from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import Database, sqlite_url
from storage.errors import SchemaOutOfDate
from storage.schema import current_revision, head_revision, require_current_schema, upgrade


def test_a_new_sqlite_file_is_created_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "readiness.db"
    db = Database(sqlite_url(path))
    upgrade(db.engine)
    assert path.exists()
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
    db.dispose()


def test_start_up_is_refused_on_an_empty_database_with_the_command_to_run(
    database_url: str,
) -> None:
    db = Database(database_url)
    with pytest.raises(SchemaOutOfDate, match="Run `readiness db upgrade`"):
        require_current_schema(db.engine)
    db.dispose()


def test_start_up_is_refused_on_a_database_from_newer_code(database_url: str) -> None:
    db = Database(database_url)
    upgrade(db.engine)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'base0'"))
    with pytest.raises(SchemaOutOfDate, match="newer than this code knows"):
        require_current_schema(db.engine)
    db.dispose()


def test_upgrade_is_idempotent_and_leaves_the_database_current(database_url: str) -> None:
    db = Database(database_url)
    upgrade(db.engine)
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision(db.engine)
    require_current_schema(db.engine)
    db.dispose()


def test_start_up_is_refused_on_a_database_that_is_behind(database_url: str) -> None:
    db = Database(database_url)
    upgrade(db.engine, "0001")
    with pytest.raises(SchemaOutOfDate, match=r"at revision 0001 but this code needs 00\d\d"):
        require_current_schema(db.engine)
    upgrade(db.engine)
    require_current_schema(db.engine)
    db.dispose()
