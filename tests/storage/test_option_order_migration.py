"""Migration 0010: a response keeps the seed of its option order, and an answer may be "don't
know" (a NULL stage). Up with data from before, down again, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from storage.database import Database
from storage.models import Response
from storage.responses import answers_of, join_run, record_answer
from storage.runs import get_run
from storage.schema import downgrade, upgrade
from tests.storage.helpers import at
from tests.storage.migration_data import ANSWER, answer_row, insert_run_and_response


def _stages(database: Database) -> dict[str, int | None]:
    with database.engine.connect() as connection:
        rows = connection.execute(sa.select(ANSWER.c.question_id, ANSWER.c.stage))
        return {row.question_id: row.stage for row in rows}


def test_upgrade_keeps_answers_seeds_old_responses_by_id_and_downgrade_drops_dont_knows(
    database_url: str,
) -> None:
    database = Database(database_url)
    upgrade(database.engine, "0009")
    with database.engine.begin() as connection:
        insert_run_and_response(connection)
        connection.execute(sa.insert(ANSWER).values(answer_row("renewal.motion", 3)))
        with pytest.raises(IntegrityError), connection.begin_nested():  # a stage is required
            connection.execute(sa.insert(ANSWER).values(answer_row("health.measures", None)))

    upgrade(database.engine)
    with database.session() as s:
        before = s.get(Response, "r-before")
        assert before is not None and before.option_seed is None
        assert before.seed == "r-before"  # a response from before uses its id
        record_answer(
            s,
            workspace_id="T1",
            response_id="r-before",
            question_id="health.measures",
            stage=None,
            now=at(1),
        )
        fresh = join_run(
            s, run=get_run(s, workspace_id="T1", run_id="run-before"), user_id="U2", now=at(2)
        )
        s.flush()
        assert fresh.option_seed is not None and len(fresh.option_seed) == 16
        assert fresh.seed == fresh.option_seed
    with database.session() as s:
        assert answers_of(s, response_id="r-before") == {
            "renewal.motion": 3,
            "health.measures": None,
        }
    for stage in (0, 5):  # the stage stays one of the four, when there is one
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(sa.insert(ANSWER).values(answer_row("renewal.price_basis", stage)))

    downgrade(database.engine, "0009")
    assert _stages(database) == {"renewal.motion": 3}  # "don't know" has no place there
    with database.engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("response")}
    assert "option_seed" not in columns
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(sa.insert(ANSWER).values(answer_row("health.measures", None)))

    upgrade(database.engine)  # and up again
    assert _stages(database) == {"renewal.motion": 3}
    database.dispose()
