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
from tests.storage.helpers import T0, at
from tests.storage.test_option_order_migration import ANSWER, RESPONSE, RUN


def _tables(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def test_upgrade_adds_comments_beside_existing_answers_and_downgrade_drops_them(
    database_url: str,
) -> None:
    database = Database(database_url)
    upgrade(database.engine, "0011")
    with database.engine.begin() as connection:
        connection.execute(
            sa.insert(RUN).values(
                id="run-before",
                workspace_id="T1",
                kind="team",
                started_by="ULEAD",
                status="open",
                opened_at=T0,
                min_respondents=3,
                framework_version="2026.1",
            )
        )
        connection.execute(
            sa.insert(RESPONSE).values(
                id="r-before", run_id="run-before", workspace_id="T1", user_id="U1", started_at=T0
            )
        )
        connection.execute(
            sa.insert(ANSWER).values(
                response_id="r-before",
                question_id="renewal.motion",
                stage=3,
                answered_at=T0,
                revision=1,
            )
        )

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
    assert "comment" not in _tables(database)
    upgrade(database.engine)
    assert "comment" in _tables(database)
    database.dispose()


def test_downgrade_keeps_the_answers(database_url: str) -> None:
    """Dropping the table touches nothing else: on SQLite no table is copied and dropped."""
    database = Database(database_url)
    upgrade(database.engine, "0011")
    with database.engine.begin() as connection:
        connection.execute(
            sa.insert(RUN).values(
                id="run-1",
                workspace_id="T1",
                kind="team",
                started_by="ULEAD",
                status="open",
                opened_at=T0,
                min_respondents=3,
                framework_version="2026.1",
            )
        )
        connection.execute(
            sa.insert(RESPONSE).values(
                id="r-1", run_id="run-1", workspace_id="T1", user_id="U1", started_at=T0
            )
        )
        connection.execute(
            sa.insert(ANSWER).values(
                response_id="r-1", question_id="renewal.motion", stage=2, answered_at=T0, revision=1
            )
        )
    upgrade(database.engine)
    with database.session() as s:
        save_comment(s, response_id="r-1", dimension_id="renewal", text="slow", now=at(1))
    downgrade(database.engine, "0011")
    with database.session() as s:
        assert answers_of(s, response_id="r-1") == {"renewal.motion": 2}
    database.dispose()
