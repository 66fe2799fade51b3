"""Migration 0011: a response may carry the role it was given as, and a person's role is
remembered. Up with data from before, down again, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from scoring import Role
from storage.database import Database
from storage.models import Response
from storage.responses import answers_of, join_run
from storage.roles import remember_role, remembered_role
from storage.runs import get_run
from storage.schema import downgrade, upgrade
from tests.storage.helpers import T0, at
from tests.storage.test_option_order_migration import ANSWER, RESPONSE, RUN


def _columns(database: Database, table: str) -> set[str]:
    with database.engine.connect() as connection:
        return {c["name"] for c in sa.inspect(connection).get_columns(table)}


def _tables(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def test_upgrade_keeps_responses_without_a_role_and_downgrade_drops_the_roles(
    database_url: str,
) -> None:
    database = Database(database_url)
    upgrade(database.engine, "0010")
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
        before = s.get(Response, "r-before")
        assert before is not None and before.role is None  # not asked then
        remember_role(s, workspace_id="T1", user_id="U2", role=Role.CSM, now=at(1))
        s.flush()
        run = get_run(s, workspace_id="T1", run_id="run-before")
        fresh = join_run(s, run=run, user_id="U2", now=at(2))
        assert fresh.role == "csm"  # starts as the role chosen last
    with database.session() as s:
        assert remembered_role(s, workspace_id="T1", user_id="U2") is Role.CSM

    downgrade(database.engine, "0010")
    assert "role" not in _columns(database, "response")
    assert "remembered_role" not in _tables(database)
    with database.session() as s:  # the answers stay: the response was not copied and dropped
        assert answers_of(s, response_id="r-before") == {"renewal.motion": 3}

    upgrade(database.engine)  # and up again, with nothing remembered
    with database.session() as s:
        assert remembered_role(s, workspace_id="T1", user_id="U2") is None
        assert answers_of(s, response_id="r-before") == {"renewal.motion": 3}
    database.dispose()
