"""Every row of every table in the database, found by what it holds: for tests that must show a
workspace's data, or a token, is nowhere — including in a table added after the test was written.

Tables are listed from the database itself (`inspect(engine).get_table_names()`), so ours,
slack_sdk's and any later one are all read, column by column, as text.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import MetaData, Table, inspect, select

from storage.database import Database


@dataclass(frozen=True)
class Row:
    """One row: its table, and each column's value as text (None stays None)."""

    table: str
    values: tuple[tuple[str, str | None], ...]

    def holds(self, needle: str) -> bool:
        """Whether any column's text contains `needle` (a JSON list of ids included)."""
        return any(value is not None and needle in value for _, value in self.values)

    def text_ids(self) -> set[str]:
        """The values of its `id` and `*_id` columns that are random ids of ours (32 hex
        characters): what a child row refers to its parent by."""
        return {
            value
            for name, value in self.values
            if (name == "id" or name.endswith("_id")) and value and _is_our_id(value)
        }


def every_row(database: Database) -> list[Row]:
    """All rows of all tables the database has, as text."""
    rows: list[Row] = []
    with database.engine.connect() as connection:
        names = inspect(connection).get_table_names()
        metadata = MetaData()
        for name in sorted(names):
            table = Table(name, metadata, autoload_with=connection)
            for found in connection.execute(select(table)).mappings():
                values = tuple(
                    (str(column), None if value is None else str(value))
                    for column, value in sorted(found.items())
                )
                rows.append(Row(table=name, values=values))
    return rows


def table_names(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return sorted(inspect(connection).get_table_names())


def rows_of_workspace(rows: Iterable[Row], team_id: str, tokens: Collection[str] = ()) -> set[Row]:
    """The rows that are the workspace's: any column holds its team id or one of its tokens, or
    the row refers (by one of our ids) to a row that is — an answer to its response, a reminder
    or team result of its run — however many steps away."""
    rows = list(rows)
    found = {r for r in rows if r.holds(team_id) or any(r.holds(t) for t in tokens)}
    while True:
        ids = set().union(*(r.text_ids() for r in found))
        more = {r for r in rows if r not in found and any(r.holds(i) for i in ids)}
        if not more:
            return found
        found |= more


def rows_holding(rows: Iterable[Row], needles: Collection[str]) -> list[Row]:
    return [r for r in rows if any(r.holds(n) for n in needles)]


def _is_our_id(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)
