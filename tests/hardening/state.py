"""What the bot knows, as one digest: if a refused request changed it, the digest changes."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select, text

from storage.database import Database
from storage.models import Base

IGNORED = {"slack_delivery"}
"""Delivery records change with every signed request, refused or not: that is their job."""


def digest(database: Database) -> str:
    """A hash of every row of every table the bot keeps (delivery records aside)."""
    hasher = hashlib.sha256()
    with database.engine.connect() as connection:
        for table in sorted(Base.metadata.sorted_tables, key=lambda t: t.name):
            if table.name in IGNORED:
                continue
            rows = connection.execute(select(table)).all()
            for row in sorted(repr(tuple(r)) for r in rows):
                hasher.update(row.encode())
            hasher.update(table.name.encode())
        for name in ("slack_bots", "slack_installations"):
            rows = connection.execute(text(f"SELECT * FROM {name}")).all()
            hasher.update(repr(sorted(map(repr, rows))).encode())
    return hasher.hexdigest()


def table_counts(database: Database) -> dict[str, int]:
    """Rows per table (delivery records aside), to say which one a refused request changed."""
    with database.engine.connect() as connection:
        return {
            t.name: int(connection.execute(select(func.count()).select_from(t)).scalar() or 0)
            for t in Base.metadata.sorted_tables
            if t.name not in IGNORED
        }


def count(database: Database, sql: str) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def answers_of(database: Database, user: str) -> int:
    """How many answers `user` has stored, across their responses."""
    return count(
        database,
        "SELECT count(*) FROM answer a JOIN response r ON r.id = a.response_id "
        f"WHERE r.user_id = '{user}'",
    )
