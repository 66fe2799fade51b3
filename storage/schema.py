"""Bringing a database's schema up to date with Alembic, and refusing to run on a stale one.

The start-up check (`require_current_schema`) reads the revision with one plain query and knows
the code's revisions from the migration files' own `revision`/`down_revision` lines: importing
Alembic (and Mako and Pygments with it) would cost `readiness serve` a quarter of its start-up.
Alembic itself is imported only to migrate.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from storage.errors import SchemaOutOfDate

if TYPE_CHECKING:
    from alembic.config import Config

UPGRADE_COMMAND = "readiness db upgrade"
VERSION_TABLE = "alembic_version"
"""Where Alembic records the revision a database is at (its default name, which we keep)."""
SLACK_SDK_TABLES = ("slack_installations", "slack_bots", "slack_oauth_states")
"""Defined by slack_sdk's OAuth stores, not by our models: autogenerate must leave them alone."""
_REVISION_LINE = re.compile(
    r"""^(?P<name>revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:"(?P<id>[^"]*)"|None)\s*$""",
    re.MULTILINE,
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter for comparing the database with our models."""
    return not (type_ == "table" and name in SLACK_SDK_TABLES)


def alembic_config(engine: Engine, *, token_key: str | None = None) -> Config:
    """`token_key` (READINESS_TOKEN_KEY): what migration 0009 seals stored Slack tokens with."""
    # imported when first needed: keeps start-up short
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    config.attributes["engine"] = engine
    config.attributes["token_key"] = token_key
    return config


def upgrade(engine: Engine, revision: str = "head", *, token_key: str | None = None) -> None:
    # imported when first needed: keeps start-up short
    from alembic import command

    command.upgrade(alembic_config(engine, token_key=token_key), revision)


def downgrade(engine: Engine, revision: str, *, token_key: str | None = None) -> None:
    # imported when first needed: keeps start-up short
    from alembic import command

    command.downgrade(alembic_config(engine, token_key=token_key), revision)


@cache
def known_revisions() -> dict[str, str | None]:
    """Each revision this code ships, with the one it follows (None for the first)."""
    revisions: dict[str, str | None] = {}
    versions = resources.files("storage") / "migrations" / "versions"
    for script in versions.iterdir():
        if not script.name.endswith(".py") or script.name.startswith("_"):
            continue
        found = {m["name"]: m["id"] for m in _REVISION_LINE.finditer(script.read_text("utf-8"))}
        if "revision" not in found or "down_revision" not in found:
            raise RuntimeError(f"migration {script.name} does not say its revision and parent")
        revisions[found["revision"]] = found["down_revision"]
    return revisions


def head_revision() -> str:
    """The latest revision this code ships: the one no other revision follows."""
    revisions = known_revisions()
    heads = set(revisions) - set(revisions.values())
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must form one line; they end in {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None when it has no tables yet."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
        found = list(rows)
    if len(found) > 1:
        where = engine.url.render_as_string(hide_password=True)
        raise SchemaOutOfDate(
            f"The database at {where} records several revisions ({', '.join(found)}); "
            "this code migrates along one line. Check its alembic_version table."
        )
    return found[0] if found else None


def require_current_schema(engine: Engine) -> None:
    """Stop start-up with the command to run when the database is not at the code's revision."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    where = engine.url.render_as_string(hide_password=True)
    if current is None:
        raise SchemaOutOfDate(
            f"The database at {where} has no tables yet. Run `{UPGRADE_COMMAND}` to create them."
        )
    if current not in known_revisions():
        raise SchemaOutOfDate(
            f"The database at {where} is at revision {current}, newer than this code knows "
            f"(latest {head}). Upgrade the bot before starting it against this database."
        )
    raise SchemaOutOfDate(
        f"The database at {where} is at revision {current} but this code needs {head}. "
        f"Run `{UPGRADE_COMMAND}` first."
    )
