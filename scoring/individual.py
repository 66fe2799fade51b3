"""Scoring one person's answers."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from scoring.framework import Framework
from scoring.numbers import mean
from scoring.profile import Profile, build_profile

Answers = Mapping[str, int | None]
"""Question id -> the stage of the option the person chose, or None for "don't know / not my
area" (an honest answer that counts as not answered: it never moves a score)."""


class AnswerError(ValueError):
    """An answer names a question the framework does not have, or a stage outside 1-4."""


def check_answers(framework: Framework, answers: Answers) -> None:
    known = {q.id for q in framework.questions}
    for question_id, stage in answers.items():
        if question_id not in known:
            raise AnswerError(f"unknown question {question_id!r}")
        if stage is None:
            continue
        if isinstance(stage, bool) or not isinstance(stage, int) or not 1 <= stage <= 4:
            raise AnswerError(f"answer to {question_id!r} must be a stage 1-4, got {stage!r}")


def dimension_scores(framework: Framework, answers: Answers) -> dict[str, Fraction | None]:
    """Each dimension's mean chosen stage; dimensions without a chosen option map to None."""
    check_answers(framework, answers)
    scores: dict[str, Fraction | None] = {}
    for dimension in framework.dimensions:
        chosen = [
            stage
            for q in framework.questions_in(dimension.id)
            if (stage := answers.get(q.id)) is not None
        ]
        scores[dimension.id] = mean(chosen) if chosen else None
    return scores


def answered_counts(framework: Framework, answers: Answers) -> dict[str, int]:
    """Questions answered with one of the four options, per dimension."""
    return {
        d.id: sum(1 for q in framework.questions_in(d.id) if answers.get(q.id) is not None)
        for d in framework.dimensions
    }


def unknown_counts(framework: Framework, answers: Answers) -> dict[str, int]:
    """Questions answered "don't know", per dimension."""
    return {
        d.id: sum(
            1 for q in framework.questions_in(d.id) if q.id in answers and answers[q.id] is None
        )
        for d in framework.dimensions
    }


def score_individual(framework: Framework, answers: Answers) -> Profile:
    return build_profile(
        framework,
        dimension_scores(framework, answers),
        answered=answered_counts(framework, answers),
        unknown=unknown_counts(framework, answers),
    )
