"""Rows written the way an older schema held them, for migration tests: a team run, one response
and its answers, inserted through bare tables (the models describe only the newest schema)."""

from __future__ import annotations

import sqlalchemy as sa

from storage.database import Database
from storage.models import UtcDateTime
from tests.storage.helpers import T0

RUN = sa.table(
    "assessment_run",
    sa.column("id", sa.String),
    sa.column("workspace_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("started_by", sa.String),
    sa.column("status", sa.String),
    sa.column("opened_at", UtcDateTime()),
    sa.column("min_respondents", sa.Integer),
    sa.column("framework_version", sa.String),
)
RESPONSE = sa.table(
    "response",
    sa.column("id", sa.String),
    sa.column("run_id", sa.String),
    sa.column("workspace_id", sa.String),
    sa.column("user_id", sa.String),
    sa.column("started_at", UtcDateTime()),
)
ANSWER = sa.table(
    "answer",
    sa.column("response_id", sa.String),
    sa.column("question_id", sa.String),
    sa.column("stage", sa.Integer),
    sa.column("answered_at", UtcDateTime()),
    sa.column("revision", sa.Integer),
)
RUN_ID = "run-before"
RESPONSE_ID = "r-before"


def answer_row(question_id: str, stage: int | None) -> dict[str, object]:
    return {
        "response_id": RESPONSE_ID,
        "question_id": question_id,
        "stage": stage,
        "answered_at": T0,
        "revision": 1,
    }


def insert_run_and_response(connection: sa.Connection) -> None:
    """An open team run in workspace T1 and U1's response to it, as any schema so far held them."""
    connection.execute(
        sa.insert(RUN).values(
            id=RUN_ID,
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
            id=RESPONSE_ID, run_id=RUN_ID, workspace_id="T1", user_id="U1", started_at=T0
        )
    )


def tables(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def columns(database: Database, table: str) -> set[str]:
    with database.engine.connect() as connection:
        return {c["name"] for c in sa.inspect(connection).get_columns(table)}
