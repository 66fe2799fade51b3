"""Aggregating a team's individual answers into one team profile, and finding where it disagrees.

Every member weighs the same: a member's dimension score counts once, however many of that
dimension's questions they answered. Nothing here depends on the order of the members, so the
same answers always give the same team result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from scoring.framework import STAGE_NUMBERS, Framework
from scoring.individual import Answers, check_answers, dimension_scores
from scoring.numbers import mean, median, population_stdev, stage_for
from scoring.profile import Profile, build_profile

DISCUSSION_PROMPTS = 3


class Agreement(StrEnum):
    ALIGNED = "aligned"
    """Members' stages for the dimension span at most one stage."""
    SPLIT = "split"


@dataclass(frozen=True, slots=True)
class DimensionSpread:
    dimension_id: str
    respondents: int
    """Members who answered at least one of the dimension's questions."""
    mean: Fraction
    median: Fraction
    minimum: Fraction
    maximum: Fraction
    stdev: float
    stage_counts: tuple[int, int, int, int]
    """How many members sit at Stage 1, 2, 3 and 4 in this dimension."""

    @property
    def agreement(self) -> Agreement:
        present = [
            stage for stage, count in zip(STAGE_NUMBERS, self.stage_counts, strict=True) if count
        ]
        return Agreement.ALIGNED if max(present) - min(present) <= 1 else Agreement.SPLIT


@dataclass(frozen=True, slots=True)
class QuestionSpread:
    question_id: str
    counts: tuple[int, int, int, int]
    """How many members chose the Stage 1, 2, 3 and 4 option."""

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def chosen(self) -> list[int]:
        return [s for s, c in zip(STAGE_NUMBERS, self.counts, strict=True) for _ in range(c)]

    @property
    def stdev(self) -> float:
        return population_stdev([Fraction(s) for s in self.chosen]) if self.answered else 0.0

    @property
    def span(self) -> int:
        chosen = self.chosen
        return max(chosen) - min(chosen) if chosen else 0


@dataclass(frozen=True, slots=True)
class TeamProfile:
    profile: Profile
    """The team's maturity profile: each dimension scored by the members' mean."""
    respondents: int
    dimensions: tuple[DimensionSpread | None, ...]
    """In framework order; None where no member assessed the dimension."""
    questions: tuple[QuestionSpread, ...]
    discussion_prompts: tuple[QuestionSpread, ...]
    """The questions the team disagrees on most, most divided first."""

    def spread(self, dimension_id: str) -> DimensionSpread | None:
        for spread in self.dimensions:
            if spread is not None and spread.dimension_id == dimension_id:
                return spread
        return None

    def question(self, question_id: str) -> QuestionSpread:
        return next(q for q in self.questions if q.question_id == question_id)


def score_team(framework: Framework, members: Sequence[Answers]) -> TeamProfile:
    for answers in members:
        check_answers(framework, answers)
    member_scores = [dimension_scores(framework, answers) for answers in members]

    spreads: list[DimensionSpread | None] = []
    team_scores: dict[str, Fraction | None] = {}
    for dimension in framework.dimensions:
        scores = [s for m in member_scores if (s := m[dimension.id]) is not None]
        spread = _spread(dimension.id, scores) if scores else None
        spreads.append(spread)
        team_scores[dimension.id] = spread.mean if spread else None

    questions = tuple(
        QuestionSpread(
            question_id=q.id,
            counts=_counts(answers[q.id] for answers in members if q.id in answers),
        )
        for q in framework.questions
    )
    answered_by_someone = {q.question_id for q in questions if q.answered}
    answered = {
        d.id: sum(1 for q in framework.questions_in(d.id) if q.id in answered_by_someone)
        for d in framework.dimensions
    }
    return TeamProfile(
        profile=build_profile(framework, team_scores, answered=answered),
        respondents=len(members),
        dimensions=tuple(spreads),
        questions=questions,
        discussion_prompts=_most_divided(questions),
    )


def _spread(dimension_id: str, scores: list[Fraction]) -> DimensionSpread:
    return DimensionSpread(
        dimension_id=dimension_id,
        respondents=len(scores),
        mean=mean(scores),
        median=median(scores),
        minimum=min(scores),
        maximum=max(scores),
        stdev=population_stdev(scores),
        stage_counts=_counts(stage_for(s) for s in scores),
    )


def _counts(stages: Iterable[int]) -> tuple[int, int, int, int]:
    chosen = list(stages)
    one, two, three, four = (chosen.count(s) for s in STAGE_NUMBERS)
    return (one, two, three, four)


def _most_divided(questions: tuple[QuestionSpread, ...]) -> tuple[QuestionSpread, ...]:
    """Questions members answered differently, widest disagreement first; ties keep framework order.

    A question everyone answered alike has nothing to discuss and is never a prompt.
    """
    divided = [q for q in questions if q.span > 0]
    ranked = sorted(divided, key=lambda q: (-q.stdev, -q.span))
    return tuple(ranked[:DISCUSSION_PROMPTS])
