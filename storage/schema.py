"""Bringing a database's schema up to date with Alembic, and refusing to run on a stale one."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from storage.errors import SchemaOutOfDate

UPGRADE_COMMAND = "readiness db upgrade"
SLACK_SDK_TABLES = ("slack_installations", "slack_bots", "slack_oauth_states")
"""Defined by slack_sdk's OAuth stores, not by our models: autogenerate must leave them alone."""


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter for comparing the database with our models."""
    return not (type_ == "table" and name in SLACK_SDK_TABLES)


def alembic_config(engine: Engine, *, token_key: str | None = None) -> Config:
    """`token_key` (READINESS_TOKEN_KEY): what migration 0009 seals stored Slack tokens with."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    config.attributes["engine"] = engine
    config.attributes["token_key"] = token_key
    return config


def upgrade(engine: Engine, revision: str = "head", *, token_key: str | None = None) -> None:
    command.upgrade(alembic_config(engine, token_key=token_key), revision)


def downgrade(engine: Engine, revision: str, *, token_key: str | None = None) -> None:
    command.downgrade(alembic_config(engine, token_key=token_key), revision)


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def require_current_schema(engine: Engine) -> None:
    """Stop start-up with the command to run when the database is not at the code's revision."""
    current, head = current_revision(engine), head_revision(engine)
    if current == head:
        return
    where = engine.url.render_as_string(hide_password=True)
    if current is None:
        raise SchemaOutOfDate(
            f"The database at {where} has no tables yet. Run `{UPGRADE_COMMAND}` to create them."
        )
    known = {
        s.revision for s in ScriptDirectory.from_config(alembic_config(engine)).walk_revisions()
    }
    if current not in known:
        raise SchemaOutOfDate(
            f"The database at {where} is at revision {current}, newer than this code knows "
            f"(latest {head}). Upgrade the bot before starting it against this database."
        )
    raise SchemaOutOfDate(
        f"The database at {where} is at revision {current} but this code needs {head}. "
        f"Run `{UPGRADE_COMMAND}` first."
    )
