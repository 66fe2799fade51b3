"""The team result from counted integers is the one `Fraction` arithmetic gives, figure by figure.

`score_team` tallies members rather than scoring each one with `Fraction`s (`scoring.tally`). The
reference here is the plain way, member by member: if the two ever differ in one figure (a mean,
a median, a stage count, a float's last bit), the fast way is wrong.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from scoring import (
    AnswerError,
    Framework,
    Role,
    TeamProfile,
    role_groups,
    score_team,
    shipped_framework,
)
from scoring.framework import STAGE_NUMBERS
from scoring.numbers import stage_for
from scoring.profile import build_profile
from scoring.team import (
    DETAIL_MINIMUM,
    DISCUSSION_PROMPTS,
    DimensionCoverage,
    DimensionSpread,
    QuestionSpread,
    agreement,
)

MEMBERS = 10_000


def random_team(
    framework: Framework, count: int, *, seed: int
) -> tuple[list[dict[str, int | None]], list[Role | None]]:
    """Members who lean to a stage, sometimes skip a question or say "don't know", with roles."""
    chooser = random.Random(seed)
    members: list[dict[str, int | None]] = []
    for _ in range(count):
        lean = chooser.randint(1, 4)
        answers: dict[str, int | None] = {}
        for question in framework.questions:
            roll = chooser.random()
            if roll < 0.05:
                continue  # not mentioned at all
            if roll < 0.12:
                answers[question.id] = None
            else:
                answers[question.id] = min(4, max(1, lean + chooser.choice((-2, -1, 0, 0, 1))))
        members.append(answers)
    roles = [chooser.choice([*Role, None]) for _ in range(count)]
    return members, roles


def _reference_mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _reference_stdev(values: list[Fraction]) -> float:
    centre = _reference_mean(values)
    return math.sqrt(sum(((v - centre) ** 2 for v in values), Fraction(0)) / len(values))


def _reference_median(values: list[Fraction]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def reference_team(
    framework: Framework,
    members: list[dict[str, int | None]],
    roles: list[Role | None],
    minimum: int,
) -> TeamProfile:
    """The team profile the slow, obvious way: a `Fraction` per member per dimension."""
    rules = framework.scoring_rules
    member_scores: list[dict[str, Fraction | None]] = []
    for answers in members:
        scores: dict[str, Fraction | None] = {}
        for dimension in framework.dimensions:
            chosen = [
                Fraction(stage)
                for q in framework.questions_in(dimension.id)
                if (stage := answers.get(q.id)) is not None
            ]
            scores[dimension.id] = _reference_mean(chosen) if chosen else None
        member_scores.append(scores)
    spreads: list[DimensionSpread | None] = []
    coverage: list[DimensionCoverage] = []
    team_scores: dict[str, Fraction | None] = {}
    for dimension in framework.dimensions:
        values = [v for m in member_scores if (v := m[dimension.id]) is not None]
        ids = [q.id for q in framework.questions_in(dimension.id)]
        unknown = sum(1 for a in members if any(q in a and a[q] is None for q in ids))
        withheld = 0 < len(values) < minimum
        coverage.append(DimensionCoverage(dimension.id, len(values), unknown, withheld))
        spread = None
        if values and not withheld:
            stages = [stage_for(v, rules) for v in values]
            stage_counts = (stages.count(1), stages.count(2), stages.count(3), stages.count(4))
            spread = DimensionSpread(
                dimension_id=dimension.id,
                respondents=len(values),
                mean=_reference_mean(values),
                median=_reference_median(values),
                minimum=min(values),
                maximum=max(values),
                stdev=_reference_stdev(values),
                stage_counts=stage_counts,
                agreement=agreement(min(values), max(values), stage_counts, rules),
            )
        spreads.append(spread)
        team_scores[dimension.id] = None if spread is None else spread.mean
    questions: list[QuestionSpread] = []
    for q in framework.questions:
        picked = [a[q.id] for a in members if a.get(q.id) is not None]
        one, two, three, four = (picked.count(s) for s in STAGE_NUMBERS)
        questions.append(
            QuestionSpread(
                q.id,
                (one, two, three, four),
                sum(1 for a in members if q.id in a and a[q.id] is None),
            )
        )
    divided: list[tuple[float, int, QuestionSpread]] = []
    for spread_of_question in questions:
        chosen_stages = [
            Fraction(stage)
            for stage, times in zip(STAGE_NUMBERS, spread_of_question.counts, strict=True)
            for _ in range(times)
        ]
        if spread_of_question.answered >= minimum and len(set(chosen_stages)) > 1:
            span = int(max(chosen_stages) - min(chosen_stages))
            divided.append((-_reference_stdev(chosen_stages), -span, spread_of_question))
    divided.sort(key=lambda entry: (entry[0], entry[1]))  # stable: framework order on ties
    groups, gaps = role_groups(framework, member_scores, roles, minimum=minimum)
    return TeamProfile(
        profile=build_profile(
            framework,
            team_scores,
            answered={
                d.id: sum(
                    1
                    for q in framework.questions_in(d.id)
                    if any(x.answered and x.question_id == q.id for x in questions)
                )
                for d in framework.dimensions
            },
            unknown={c.dimension_id: c.unknown for c in coverage},
        ),
        respondents=len(members),
        dimensions=tuple(spreads),
        questions=tuple(questions),
        discussion_prompts=tuple(q for _, _, q in divided[:DISCUSSION_PROMPTS]),
        minimum=minimum,
        coverage=tuple(coverage),
        detail_minimum=DETAIL_MINIMUM,
        groups=groups,
        gaps=gaps,
    )


@pytest.mark.parametrize("version", ["2026.1", "2026.2"])
def test_ten_thousand_members_give_the_figures_fraction_arithmetic_gives(version: str) -> None:
    framework = shipped_framework(version)
    members, roles = random_team(framework, MEMBERS, seed=25)
    team = score_team(framework, members, minimum=3, roles=roles)
    reference = reference_team(framework, members, roles, minimum=3)
    for got, expected in zip(team.dimensions, reference.dimensions, strict=True):
        assert got == expected  # one dimension at a time, so a failure names the figure
    assert team.questions == reference.questions
    assert team.discussion_prompts == reference.discussion_prompts
    assert team.coverage == reference.coverage
    assert team.groups and team.groups == reference.groups
    assert team == reference


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 12])
def test_small_teams_give_the_figures_fraction_arithmetic_gives(size: int) -> None:
    framework = shipped_framework("2026.2")
    for seed in range(40):
        members, roles = random_team(framework, size, seed=seed)
        assert score_team(framework, members, roles=roles) == reference_team(
            framework, members, roles, minimum=1
        )


@pytest.mark.parametrize(
    ("question", "stage", "message"),
    [
        ("no.such.question", 2, "unknown question 'no.such.question'"),
        (None, True, "must be a stage 1-4, got True"),
        (None, 2.0, "must be a stage 1-4, got 2.0"),
        (None, 5, "must be a stage 1-4, got 5"),
        (None, "2", "must be a stage 1-4, got '2'"),
    ],
)
def test_a_wrong_answer_anywhere_in_a_large_team_is_named(
    question: str | None, stage: object, message: str
) -> None:
    """Tallying never lets through what checking each member one by one would refuse."""
    framework = shipped_framework("2026.2")
    members: list[dict[str, object]] = [dict(m) for m in random_team(framework, 500, seed=3)[0]]
    members[321] = {**members[321], (question or framework.questions[0].id): stage}
    with pytest.raises(AnswerError, match=message):
        score_team(framework, members)  # type: ignore[arg-type]
