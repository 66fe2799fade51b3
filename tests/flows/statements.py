"""Counting the SQL a flow runs: how tests hold a flow to the statements it is meant to cost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from flows.services import Services


@contextmanager
def counted_statements(services: Services) -> Iterator[list[str]]:
    """Every statement sent to the database inside the block, transaction control included."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = services.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
