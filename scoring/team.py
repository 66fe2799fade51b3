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
from scoring.groups import Gap, GroupProfile, role_groups
from scoring.individual import Answers, check_answers, dimension_scores
from scoring.numbers import mean, median, population_stdev, stage_for
from scoring.profile import Profile, build_profile
from scoring.roles import Role

DISCUSSION_PROMPTS = 3

DETAIL_MINIMUM = 5
"""The fewest people a detail beyond the mean rests on: per-option counts, and the lowest and
highest member score of a dimension (the chart's shaded range). With three respondents the mean
with the lowest and highest leaves exactly one set of three scores, the members' own; the team
minimum (three) is enough only for means, stages and agreement."""


class Agreement(StrEnum):
    ALIGNED = "aligned"
    """Members' scores for the dimension lie within one point of each other (under the first
    version's rules: their stages span at most one stage)."""
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
    agreement: Agreement = Agreement.ALIGNED


@dataclass(frozen=True, slots=True)
class DimensionCoverage:
    """How many members could answer a dimension, and how many said they did not know."""

    dimension_id: str
    answered: int
    """Members who chose an option for at least one of the dimension's questions."""
    unknown: int
    """Members who said "don't know" to at least one of its questions (a finding in itself)."""
    withheld: bool
    """Some answered, but fewer than the run's minimum: its figures are not shown, so that
    "don't know" can never leave one person's answers on display."""


@dataclass(frozen=True, slots=True)
class QuestionSpread:
    question_id: str
    counts: tuple[int, int, int, int]
    """How many members chose the Stage 1, 2, 3 and 4 option (kept by stage, never by where the
    option stood: each person saw the options in an order of their own)."""
    unknown: int = 0
    """Members who answered "don't know"."""

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
    minimum: int = 1
    """The run's minimum: no figure (a dimension, a question's counts) rests on fewer people."""
    coverage: tuple[DimensionCoverage, ...] = ()
    detail_minimum: int = DETAIL_MINIMUM
    """Frozen with the run: counts and members' ranges are shown only where this many answered.
    (A snapshot from before it was kept reads the default, which only hides detail below it.)"""
    membership_change: int = 0
    """How many people joined or left since the channel's previous published team run (the
    size of the difference between the two sets of respondents; 0 when none, or no such run)."""
    groups: tuple[GroupProfile, ...] = ()
    """The role groups the result may be split by (`scoring.groups`): none, or two or more.
    (A snapshot from before roles were asked reads none.)"""
    gaps: tuple[Gap, ...] = ()
    """The widest differences between those groups, widest first (at most two)."""

    @property
    def changed_by_few(self) -> bool:
        """Fewer than the minimum joined or left since the previous run: subtracting the two
        runs' counts (or scores) would give those few people's answers. So this run shows no
        per-option counts, and its trend shows stages only."""
        return 0 < self.membership_change < self.minimum

    @property
    def trend_stages_only(self) -> bool:
        return self.changed_by_few

    def shows_range(self, spread: DimensionSpread) -> bool:
        """Whether the lowest and highest member score of a dimension may be shown."""
        return spread.respondents >= self.detail_minimum

    def coverage_of(self, dimension_id: str) -> DimensionCoverage | None:
        return next((c for c in self.coverage if c.dimension_id == dimension_id), None)

    def shows_question(self, question: QuestionSpread) -> bool:
        """Whether a question's counts may be shown: at least the minimum, and at least the
        detail minimum, chose an option, and the run is not a few people away from the last."""
        if self.changed_by_few:
            return False
        return question.answered >= max(self.minimum, self.detail_minimum)

    def spread(self, dimension_id: str) -> DimensionSpread | None:
        for spread in self.dimensions:
            if spread is not None and spread.dimension_id == dimension_id:
                return spread
        return None

    def question(self, question_id: str) -> QuestionSpread:
        return next(q for q in self.questions if q.question_id == question_id)


def score_team(
    framework: Framework,
    members: Sequence[Answers],
    *,
    minimum: int = 1,
    membership_change: int = 0,
    roles: Sequence[Role | None] | None = None,
) -> TeamProfile:
    """The team's profile from its members' answers.

    A dimension fewer than `minimum` members could answer is withheld like one nobody could
    answer: no score, no spread, and it does not count towards the overall score.
    `membership_change` is how many people joined or left since the channel's previous
    published run (see `TeamProfile.changed_by_few`). `roles`, lined up with `members`, splits
    the result by role where `scoring.groups` allows it; without them there are no groups.
    """
    for answers in members:
        check_answers(framework, answers)
    member_scores = [dimension_scores(framework, answers) for answers in members]
    rules = framework.scoring_rules

    spreads: list[DimensionSpread | None] = []
    coverage: list[DimensionCoverage] = []
    team_scores: dict[str, Fraction | None] = {}
    for dimension in framework.dimensions:
        scores = [s for m in member_scores if (s := m[dimension.id]) is not None]
        ids = [q.id for q in framework.questions_in(dimension.id)]
        unknown = sum(1 for a in members if any(q in a and a[q] is None for q in ids))
        withheld = 0 < len(scores) < minimum
        coverage.append(DimensionCoverage(dimension.id, len(scores), unknown, withheld))
        spread = _spread(dimension.id, scores, rules) if scores and not withheld else None
        spreads.append(spread)
        team_scores[dimension.id] = spread.mean if spread else None

    questions = tuple(
        QuestionSpread(
            question_id=q.id,
            counts=_counts(a[q.id] for a in members if a.get(q.id) is not None),
            unknown=sum(1 for a in members if q.id in a and a[q.id] is None),
        )
        for q in framework.questions
    )
    answered_by_someone = {q.question_id for q in questions if q.answered}
    answered = {
        d.id: sum(1 for q in framework.questions_in(d.id) if q.id in answered_by_someone)
        for d in framework.dimensions
    }
    groups, gaps = (
        role_groups(framework, member_scores, roles, minimum=minimum)
        if roles is not None
        else ((), ())
    )
    return TeamProfile(
        profile=build_profile(
            framework,
            team_scores,
            answered=answered,
            unknown={c.dimension_id: c.unknown for c in coverage},
        ),
        respondents=len(members),
        dimensions=tuple(spreads),
        questions=questions,
        discussion_prompts=_most_divided([q for q in questions if q.answered >= minimum]),
        minimum=minimum,
        coverage=tuple(coverage),
        detail_minimum=DETAIL_MINIMUM,
        membership_change=membership_change,
        groups=groups,
        gaps=gaps,
    )


def _spread(dimension_id: str, scores: list[Fraction], rules: int) -> DimensionSpread:
    stage_counts = _counts(stage_for(s, rules) for s in scores)
    return DimensionSpread(
        dimension_id=dimension_id,
        respondents=len(scores),
        mean=mean(scores),
        median=median(scores),
        minimum=min(scores),
        maximum=max(scores),
        stdev=population_stdev(scores),
        stage_counts=stage_counts,
        agreement=agreement(min(scores), max(scores), stage_counts, rules),
    )


def agreement(
    lowest: Fraction, highest: Fraction, stage_counts: tuple[int, int, int, int], rules: int
) -> Agreement:
    """Aligned when members' scores lie within one point of each other.

    A point, not a stage: 2.0 and 2.9 are one stage and agree; 2.9 and 3.0 are two stages and
    agree too. (Rules 1, the first version's: the stages members sit at span at most one.)
    """
    if rules == 1:
        present = [s for s, count in zip(STAGE_NUMBERS, stage_counts, strict=True) if count]
        return Agreement.ALIGNED if max(present) - min(present) <= 1 else Agreement.SPLIT
    return Agreement.ALIGNED if highest - lowest <= 1 else Agreement.SPLIT


def _counts(stages: Iterable[int | None]) -> tuple[int, int, int, int]:
    chosen = list(stages)
    one, two, three, four = (chosen.count(s) for s in STAGE_NUMBERS)
    return (one, two, three, four)


def _most_divided(questions: list[QuestionSpread]) -> tuple[QuestionSpread, ...]:
    """Questions members answered differently, widest disagreement first; ties keep framework order.

    A question everyone answered alike has nothing to discuss and is never a prompt.
    """
    divided = [q for q in questions if q.span > 0]
    ranked = sorted(divided, key=lambda q: (-q.stdev, -q.span))
    return tuple(ranked[:DISCUSSION_PROMPTS])
