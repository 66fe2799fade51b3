"""Many respondents answering at once, every answer delivered twice: each stored exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from scoring import default_framework
from storage.database import Database
from storage.models import Answer
from storage.responses import AnswerOutcome, join_run, record_answer
from storage.runs import get_run
from storage.schema import upgrade
from tests.storage.helpers import T0, at, team_run

RESPONDENTS = 200
QUESTIONS = [q.id for q in default_framework().questions]


def test_200_respondents_answering_twice_store_exactly_3000_answers(database_url: str) -> None:
    database = Database(database_url, pool_size=20, max_overflow=0, pool_timeout=120)
    upgrade(database.engine)
    with database.session() as s:
        run_id = team_run(s, min_respondents=3).id
    start = threading.Barrier(RESPONDENTS)

    def respondent(number: int) -> Counter[AnswerOutcome]:
        user = f"U{number:04d}"
        start.wait()
        with database.session() as s:
            response_id = join_run(
                s, run=get_run(s, workspace_id="T1", run_id=run_id), user_id=user, now=T0
            ).id
        outcomes: Counter[AnswerOutcome] = Counter()
        for index, question in enumerate(QUESTIONS):
            stage = (number + index) % 4 + 1
            for _ in range(2):  # every answer is sent twice
                with database.session() as s:
                    outcomes[
                        record_answer(
                            s,
                            workspace_id="T1",
                            response_id=response_id,
                            question_id=question,
                            stage=stage,
                            now=at(index),
                        )
                    ] += 1
        return outcomes

    try:
        with ThreadPoolExecutor(max_workers=RESPONDENTS) as pool:
            results = list(pool.map(respondent, range(RESPONDENTS)))
        total = sum(results, Counter())
        assert total == {AnswerOutcome.NEW: 3000, AnswerOutcome.REPEATED: 3000}
        with database.session() as s:
            assert s.scalar(select(func.count()).select_from(Answer)) == 3000
            assert s.scalar(select(func.max(Answer.revision))) == 1
            per_response = s.execute(
                select(Answer.response_id, func.count()).group_by(Answer.response_id)
            ).all()
        assert len(per_response) == RESPONDENTS
        assert {count for _, count in per_response} == {len(QUESTIONS)}
    finally:
        database.dispose()
