"""Answers written the way a reader thinks of them: per dimension, in question order."""

from __future__ import annotations

from scoring import Framework, default_framework


def answers(framework: Framework | None = None, **stages: list[int]) -> dict[str, int]:
    """`answers(outcomes=[1, 2, 2, 3], renewal=[4, 4])` -> {question id: stage}."""
    framework = framework or default_framework()
    chosen: dict[str, int] = {}
    for dimension_id, picks in stages.items():
        questions = framework.questions_in(dimension_id)
        assert len(picks) <= len(questions), f"{dimension_id} has {len(questions)} questions"
        chosen |= {q.id: s for q, s in zip(questions, picks, strict=False)}
    return chosen


def everywhere(stage: int, framework: Framework | None = None) -> dict[str, int]:
    return {q.id: stage for q in (framework or default_framework()).questions}
