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
from tests.storage.helpers import at
from tests.storage.migration_data import (
    ANSWER,
    answer_row,
    columns,
    insert_run_and_response,
    tables,
)


def test_upgrade_keeps_responses_without_a_role_and_downgrade_drops_the_roles(
    database_url: str,
) -> None:
    database = Database(database_url)
    upgrade(database.engine, "0010")
    with database.engine.begin() as connection:
        insert_run_and_response(connection)
        connection.execute(sa.insert(ANSWER).values(answer_row("renewal.motion", 3)))

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
    assert "role" not in columns(database, "response")
    assert "remembered_role" not in tables(database)
    with database.session() as s:  # the answers stay: the response was not copied and dropped
        assert answers_of(s, response_id="r-before") == {"renewal.motion": 3}

    upgrade(database.engine)  # and up again, with nothing remembered
    with database.session() as s:
        assert remembered_role(s, workspace_id="T1", user_id="U2") is None
        assert answers_of(s, response_id="r-before") == {"renewal.motion": 3}
    database.dispose()
