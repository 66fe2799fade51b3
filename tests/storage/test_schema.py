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
    assert current_revision(db.engine) == head_revision()
    require_current_schema(db.engine)
    db.dispose()


def test_the_start_up_check_knows_the_revisions_alembic_knows() -> None:
    """The check reads the migration files itself (importing Alembic would slow start-up); it
    must find the same revisions, and the same latest one, as Alembic does."""
    from alembic.script import ScriptDirectory

    from storage.schema import alembic_config, known_revisions

    script = ScriptDirectory.from_config(alembic_config(Database("sqlite://").engine))
    assert known_revisions() == {s.revision: s.down_revision for s in script.walk_revisions()}
    assert head_revision() == script.get_current_head()


def test_start_up_is_refused_on_a_database_that_is_behind(database_url: str) -> None:
    db = Database(database_url)
    upgrade(db.engine, "0001")
    with pytest.raises(SchemaOutOfDate, match=r"at revision 0001 but this code needs 00\d\d"):
        require_current_schema(db.engine)
    upgrade(db.engine)
    require_current_schema(db.engine)
    db.dispose()


def test_oauth_tables_are_exactly_what_slack_sdks_stores_expect(database_url: str) -> None:
    """The migrations write slack_sdk's store tables out by hand (token columns widened for
    sealed tokens, as our stores declare them); a slack_sdk upgrade that adds a column must be
    caught here, not by an install failing in production."""
    import logging

    from sqlalchemy import inspect

    from bot.outbound.install_stores import OnceOnlyStateStore, SealedInstallationStore
    from storage.token_cipher import TokenCipher

    db = Database(database_url)
    upgrade(db.engine)
    installations = SealedInstallationStore(
        client_id="1.2",
        engine=db.engine,
        cipher=TokenCipher.from_setting(TokenCipher.new_key()),
        logger=logging.getLogger("test"),
    )
    states = OnceOnlyStateStore(expiration_seconds=60, engine=db.engine)
    inspector = inspect(db.engine)
    for table in (installations.installations, installations.bots, states.oauth_states):
        columns = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(columns) == {c.name for c in table.columns}, table.name
        for column in table.columns:
            assert columns[column.name]["nullable"] == column.nullable, (table.name, column.name)
            length = getattr(column.type, "length", None)
            assert getattr(columns[column.name]["type"], "length", None) == length
    # And the stores work on it: an OAuth state is issued and consumed once.
    state = states.issue()
    assert states.consume(state) and not states.consume(state)
    db.dispose()


def test_the_migrations_build_exactly_the_models(database_url: str) -> None:
    """A model changed without a migration (or the reverse) shows up here as a difference."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.models import Base
    from storage.schema import include_name

    db = Database(database_url)
    upgrade(db.engine)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, Base.metadata) == []
    db.dispose()


def test_a_connection_that_died_while_idle_is_replaced_unnoticed(
    postgres_schema_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restarted server or a proxy's idle timeout leaves dead connections in the pool; the
    next transaction must not fail because of one."""
    from sqlalchemy import create_engine

    import storage.database

    db = Database(postgres_schema_url)
    with db.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    admin = create_engine(postgres_schema_url)
    with admin.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    monkeypatch.setattr(storage.database, "IDLE_BEFORE_PING", 0.0)
    with db.session() as session:
        assert session.execute(text("SELECT pg_backend_pid()")).scalar() != pid
    db.dispose()
