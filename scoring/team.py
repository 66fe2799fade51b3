"""Aggregating a team's individual answers into one team profile, and finding where it disagrees.

Every member weighs the same: a member's dimension score counts once, however many of that
dimension's questions they answered. Nothing here depends on the order of the members, so the
same answers always give the same team result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from operator import itemgetter, methodcaller
from typing import cast

from scoring.framework import STAGE_NUMBERS, Framework
from scoring.groups import Gap, GroupProfile, RoleAnswers, groups_from_counts, role_sizes
from scoring.individual import Answers, check_answers
from scoring.profile import Profile, build_profile
from scoring.roles import Role
from scoring.tally import ScoreTally, scale_for, stage_stdev

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
    def stdev(self) -> float:
        return stage_stdev(self.counts)

    @property
    def span(self) -> int:
        chosen = [s for s, c in zip(STAGE_NUMBERS, self.counts, strict=True) if c]
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

    The members are tallied, not scored one by one: each dimension's answers are counted by the
    distinct combinations members gave (a few hundred at most, however large the team), and every
    figure comes from those counts in exact integer arithmetic (`scoring.tally`).
    """
    if roles is not None and len(roles) != len(members):
        raise ValueError(f"{len(roles)} roles for {len(members)} members")
    answer_sheet = _AnswerSheet.of(framework, members)
    # Roles by identity (each `Role` is one object): hashing an enum member runs Python code.
    role_ids = None if roles is None else list(map(id, roles))
    by_role: list[RoleAnswers] = []
    rules = framework.scoring_rules
    scale = scale_for(
        max((len(framework.questions_in(d.id)) for d in framework.dimensions), default=1)
    )

    spreads: list[DimensionSpread | None] = []
    coverage: list[DimensionCoverage] = []
    team_scores: dict[str, Fraction | None] = {}
    counts: dict[str, list[int]] = {q.id: [0, 0, 0, 0] for q in framework.questions}
    unknowns: dict[str, int] = dict.fromkeys(counts, 0)
    for dimension in framework.dimensions:
        ids = [q.id for q in framework.questions_in(dimension.id)]
        scaled: list[tuple[int, int]] = []
        unknown = 0
        if role_ids is None:
            combinations = answer_sheet.combinations(ids)
        else:  # counted once, with the roles; the team's counts are their sums
            with_roles = answer_sheet.combinations(ids, role_ids)
            by_role.append(_by_role(with_roles, scale))
            combinations = Counter[tuple[_Cell, ...]]()
            for (_, *given), times in with_roles.items():
                combinations[tuple(given)] += times
        for combination, times in combinations.items():
            chosen = [stage for stage in combination if isinstance(stage, int)]
            if chosen:
                scaled.append((sum(chosen) * (scale // len(chosen)), times))
            if None in combination:
                unknown += times
            for question_id, stage in zip(ids, combination, strict=True):
                if stage is None:
                    unknowns[question_id] += times
                elif isinstance(stage, int):
                    counts[question_id][stage - 1] += times
        tally = ScoreTally.of(scaled, scale)
        answered_it = tally.respondents
        withheld = 0 < answered_it < minimum
        coverage.append(DimensionCoverage(dimension.id, answered_it, unknown, withheld))
        spread = _spread(dimension.id, tally, rules) if answered_it and not withheld else None
        spreads.append(spread)
        team_scores[dimension.id] = spread.mean if spread else None

    questions = tuple(
        QuestionSpread(
            question_id=q.id,
            counts=(counts[q.id][0], counts[q.id][1], counts[q.id][2], counts[q.id][3]),
            unknown=unknowns[q.id],
        )
        for q in framework.questions
    )
    answered_by_someone = {q.question_id for q in questions if q.answered}
    answered = {
        d.id: sum(1 for q in framework.questions_in(d.id) if q.id in answered_by_someone)
        for d in framework.dimensions
    }
    groups, gaps = (
        groups_from_counts(framework, role_sizes(roles), len(roles), by_role, minimum=minimum)
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


class _Missing:
    """A question a member's answers do not mention (unlike None, "don't know")."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()
_Cell = int | _Missing | None
"""One member's answer to one question, as the answer sheet keeps it."""
_STAGE_TYPES = frozenset({int, type(None), _Missing})
_STAGE_VALUES = frozenset({1, 2, 3, 4, None, MISSING})


@dataclass(frozen=True, slots=True)
class _AnswerSheet:
    """Every member's answers as one column per question (MISSING where not mentioned), checked.

    Built with C-level loops (`itemgetter`, `zip`, `Counter`): at 10,000 members a Python
    statement per answer would cost more than all the arithmetic.
    """

    columns: dict[str, tuple[_Cell, ...]]

    @classmethod
    def of(cls, framework: Framework, members: Sequence[Answers]) -> _AnswerSheet:
        columns: dict[str, tuple[_Cell, ...]] = {}
        mentioned = 0
        for question in framework.questions:
            try:  # one column at a time: no tuple per member for the collector to walk
                column: tuple[_Cell, ...] = tuple(map(itemgetter(question.id), members))
                mentioned += len(column)
            except KeyError:  # some member left the question out
                column = tuple(map(methodcaller("get", question.id, MISSING), members))
                mentioned += len(column) - column.count(MISSING)
            columns[question.id] = column
        valid = (
            sum(map(len, members)) == mentioned  # no question the framework does not have
            and all(set(map(type, c)) <= _STAGE_TYPES for c in columns.values())
            and all(set(c) <= _STAGE_VALUES for c in columns.values())
        )
        if not valid:  # the answer that is wrong, named as one member's check names it
            for answers in members:
                check_answers(framework, answers)
        return cls(columns)

    def combinations(
        self, ids: Sequence[str], role_ids: Sequence[int] | None = None
    ) -> Counter[tuple[_Cell, ...]]:
        """How many members gave each combination of answers to these questions (led by the
        member's role's id, when `role_ids` are given)."""
        columns = [self.columns[i] for i in ids]
        if role_ids is None:
            return Counter(zip(*columns, strict=True))
        return Counter(zip(role_ids, *columns, strict=True))


_ROLE_OF_ID: dict[int, Role | None] = {id(role): role for role in Role}


def _by_role(with_roles: Counter[tuple[_Cell, ...]], scale: int) -> RoleAnswers:
    """One dimension's count and mean per role, from the combinations each role gave."""
    totals: dict[Role | None, list[int]] = {}
    for (role_id, *combination), times in with_roles.items():
        chosen = [stage for stage in combination if isinstance(stage, int)]
        if chosen:
            entry = totals.setdefault(_ROLE_OF_ID.get(cast(int, role_id)), [0, 0])
            entry[0] += times
            entry[1] += times * sum(chosen) * (scale // len(chosen))
    return {
        role: (count, Fraction(total, count * scale)) for role, (count, total) in totals.items()
    }


def _spread(dimension_id: str, tally: ScoreTally, rules: int) -> DimensionSpread:
    stage_counts = tally.stage_counts(rules)
    lowest, highest = tally.minimum, tally.maximum
    return DimensionSpread(
        dimension_id=dimension_id,
        respondents=tally.respondents,
        mean=tally.mean,
        median=tally.median,
        minimum=lowest,
        maximum=highest,
        stdev=tally.stdev,
        stage_counts=stage_counts,
        agreement=agreement(lowest, highest, stage_counts, rules),
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


def _most_divided(questions: list[QuestionSpread]) -> tuple[QuestionSpread, ...]:
    """Questions members answered differently, widest disagreement first; ties keep framework order.

    A question everyone answered alike has nothing to discuss and is never a prompt.
    """
    divided = [q for q in questions if q.span > 0]
    ranked = sorted(divided, key=lambda q: (-q.stdev, -q.span))
    return tuple(ranked[:DISCUSSION_PROMPTS])
