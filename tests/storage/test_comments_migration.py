"""Migration 0012: a table of comments, added beside the responses (nothing copied), and
dropped again on the way down with every answer kept. On SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import delete, select

from storage.comments import comments_of, save_comment
from storage.database import Database
from storage.models import Comment, Response
from storage.responses import answers_of
from storage.schema import downgrade, upgrade
from tests.storage.helpers import at
from tests.storage.migration_data import (
    ANSWER,
    RESPONSE_ID,
    answer_row,
    insert_run_and_response,
    tables,
)


def test_upgrade_adds_comments_beside_existing_answers_and_downgrade_drops_them(
    database_url: str,
) -> None:
    database = Database(database_url)
    upgrade(database.engine, "0011")
    with database.engine.begin() as connection:
        insert_run_and_response(connection)
        connection.execute(sa.insert(ANSWER).values(answer_row("renewal.motion", 3)))

    upgrade(database.engine)
    with database.session() as s:
        assert answers_of(s, response_id="r-before") == {"renewal.motion": 3}
        assert comments_of(s, response_id="r-before") == {}
        save_comment(s, response_id="r-before", dimension_id="renewal", text="a", now=at(1))
        save_comment(s, response_id="r-before", dimension_id="renewal", text="b", now=at(2))
    with database.session() as s:
        assert comments_of(s, response_id="r-before") == {"renewal": "b"}  # one per dimension
        # A response's comments go with it (ON DELETE CASCADE).
        s.execute(delete(Response).where(Response.id == "r-before"))
    with database.session() as s:
        assert s.scalars(select(Comment)).all() == []

    downgrade(database.engine, "0011")
    assert "comment" not in tables(database)
    upgrade(database.engine)
    assert "comment" in tables(database)
    database.dispose()


def test_downgrade_keeps_the_answers(database_url: str) -> None:
    """Dropping the table touches nothing else: on SQLite no table is copied and dropped."""
    database = Database(database_url)
    upgrade(database.engine, "0011")
    with database.engine.begin() as connection:
        insert_run_and_response(connection)
        connection.execute(sa.insert(ANSWER).values(answer_row("renewal.motion", 2)))
    upgrade(database.engine)
    with database.session() as s:
        save_comment(s, response_id=RESPONSE_ID, dimension_id="renewal", text="slow", now=at(1))
    downgrade(database.engine, "0011")
    with database.session() as s:
        assert answers_of(s, response_id=RESPONSE_ID) == {"renewal.motion": 2}
    database.dispose()
