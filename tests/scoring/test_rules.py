"""Scoring rules 2, table by table, as a reader of a profile meets them: the stage a score has
reached, the anchor's cap and the line that names it, where to start and why, "don't know",
agreement within one point, and a team dimension too few could answer.

Each table runs the real scoring on a framework with rules 2 (the 2026.1 questions, so these
tests do not hang on the wording of the next version); the first version's rules appear where a
row shows what changed.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from bot.report.wording import coverage_text, dimension_stage_text, headline, start_reason
from scoring import (
    Agreement,
    Answers,
    Framework,
    Profile,
    score_individual,
    score_team,
    shipped_framework,
)
from scoring.profile import build_profile
from tests.scoring.builders import answers, rules_2_framework

RULES_2 = rules_2_framework()
RULES_1 = shipped_framework("2026.1")
OUTCOMES = "Outcome Definition & Success Planning"


def _profile_with(framework: Framework, **scores: Fraction) -> Profile:
    """A profile from dimension scores directly: how a score between answers (2.99, a team's
    mean) reads."""
    every = {d.id: scores.get(d.id, Fraction(3)) for d in framework.dimensions}
    answered = {d.id: len(framework.questions_in(d.id)) for d in framework.dimensions}
    return build_profile(framework, every, answered=answered)


@pytest.mark.parametrize(
    ("score", "stage", "reads"),
    [
        (Fraction(1), 1, "Stage 1 · Make it Work"),
        (Fraction(7, 4), 1, "Stage 1 · Make it Work, nearly Stage 2"),
        (Fraction(2), 2, "Stage 2 · Make it Stick"),
        (Fraction(5, 2), 2, "Stage 2 · Make it Stick"),
        (Fraction(251, 100), 2, "Stage 2 · Make it Stick"),
        (Fraction(11, 4), 2, "Stage 2 · Make it Stick, nearly Stage 3"),
        (Fraction(299, 100), 2, "Stage 2 · Make it Stick, nearly Stage 3"),
        (Fraction(3), 3, "Stage 3 · Make it Matter"),
        (Fraction(15, 4), 3, "Stage 3 · Make it Matter, nearly Stage 4"),
        (Fraction(4), 4, "Stage 4 · Make it Ours"),
    ],
)
def test_a_dimension_reaches_a_stage_when_its_score_is_at_least_it(
    score: Fraction, stage: int, reads: str
) -> None:
    profile = _profile_with(RULES_2, health=score)
    result = profile.dimension("health")
    assert result.stage == stage
    assert dimension_stage_text(RULES_2, result) == reads


@pytest.mark.parametrize(
    ("score", "rules_1_stage", "rules_2_stage"),
    [
        (Fraction(5, 2), 2, 2),
        (Fraction(251, 100), 3, 2),  # the first version rounded 2.51 up
        (Fraction(299, 100), 3, 2),
        (Fraction(7, 2), 3, 3),
    ],
)
def test_the_first_versions_runs_keep_their_rounding(
    score: Fraction, rules_1_stage: int, rules_2_stage: int
) -> None:
    assert _profile_with(RULES_1, health=score).dimension("health").stage == rules_1_stage
    assert _profile_with(RULES_2, health=score).dimension("health").stage == rules_2_stage


def _everywhere_but(stage: int, **dimensions: list[int]) -> dict[str, int]:
    chosen = {q.id: stage for q in RULES_2.questions}
    return chosen | answers(RULES_2, **dimensions)


@pytest.mark.parametrize(
    ("chosen", "stage", "uncapped", "header"),
    [
        (
            # The example: the score alone is 3.5, Outcome Definition is at Stage 1.
            _everywhere_but(4, outcomes=[1, 1, 1, 1]),
            2,
            3,
            f"Stage 2 · Make it Stick — held one stage above {OUTCOMES} (Stage 1); the score "
            "alone (3.5 / 4) would be Stage 3",
        ),
        (
            _everywhere_but(4, outcomes=[1, 1, 2, 2]),  # the anchor at 1.5, overall 3.58
            2,
            3,
            f"Stage 2 · Make it Stick — held one stage above {OUTCOMES} (Stage 1); the score "
            "alone (3.6 / 4) would be Stage 3",
        ),
        (
            _everywhere_but(4, outcomes=[2, 2, 2, 2]),  # anchor Stage 2 allows Stage 3: no cap
            3,
            3,
            "Stage 3 · Make it Matter (3.7 / 4)",
        ),
        (
            _everywhere_but(4, outcomes=[3, 3, 3, 3]),  # 3.83
            3,
            3,
            "Stage 3 · Make it Matter, nearly Stage 4 (3.8 / 4)",
        ),
        (_everywhere_but(3), 3, 3, "Stage 3 · Make it Matter (3.0 / 4)"),
        (_everywhere_but(4), 4, 4, "Stage 4 · Make it Ours (4.0 / 4)"),
    ],
)
def test_the_anchor_caps_the_overall_stage_and_the_header_says_so_in_one_line(
    chosen: Answers, stage: int, uncapped: int, header: str
) -> None:
    profile = score_individual(RULES_2, chosen)
    assert (profile.stage, profile.uncapped_stage) == (stage, uncapped)
    assert profile.capped_by_anchor is (stage < uncapped)
    assert headline(RULES_2, profile) == header


@pytest.mark.parametrize(
    ("framework", "chosen", "start", "why"),
    [
        (
            # Outcome Definition at 1.5, Expansion at 1.0: the anchor, not the lowest.
            RULES_2,
            _everywhere_but(3, outcomes=[1, 2, 1, 2], expansion=[1, 1]),
            "outcomes",
            "it is below Stage 3, and every other move builds on documented outcomes",
        ),
        (
            RULES_2,
            _everywhere_but(3, outcomes=[3, 3, 2, 3], expansion=[1, 1]),  # 2.75: still below 3
            "outcomes",
            "it is below Stage 3, and every other move builds on documented outcomes",
        ),
        (
            RULES_2,
            _everywhere_but(3, outcomes=[3, 3, 3, 3], expansion=[1, 1]),
            "expansion",
            "the lowest score",
        ),
        (
            RULES_2,
            _everywhere_but(4, outcomes=[3, 3, 3, 3]),  # the anchor is the lowest, at Stage 3
            "outcomes",
            "the lowest score",
        ),
        (
            # The first version's rule, kept for its runs: simply the lowest.
            RULES_1,
            _everywhere_but(3, outcomes=[1, 2, 1, 2], expansion=[1, 1]),
            "expansion",
            "the lowest score",
        ),
    ],
)
def test_the_place_to_start_is_outcome_definition_while_it_is_below_stage_3(
    framework: Framework, chosen: Answers, start: str, why: str
) -> None:
    profile = score_individual(framework, chosen)
    assert profile.place_to_start is not None
    assert profile.place_to_start.dimension_id == start
    assert start_reason(framework, profile) == why


@pytest.mark.parametrize(
    ("health", "score", "answered", "unknown"),
    [
        ([4, None], Fraction(4), 1, 1),  # a "don't know" never pulls the score down
        ([None, 1], Fraction(1), 1, 1),  # nor up
        ([None, None], None, 0, 2),  # not assessed, never guessed
        ([2, 3], Fraction(5, 2), 2, 0),
    ],
)
def test_dont_know_is_counted_and_never_scored(
    health: list[int | None], score: Fraction | None, answered: int, unknown: int
) -> None:
    ids = [q.id for q in RULES_2.questions_in("health")]
    chosen: dict[str, int | None] = {q.id: 3 for q in RULES_2.questions}
    chosen |= dict(zip(ids, health, strict=True))
    profile = score_individual(RULES_2, chosen)
    result = profile.dimension("health")
    assert (result.score, result.answered, result.unknown) == (score, answered, unknown)
    scored = [d.score for d in profile.dimensions if d.score is not None]
    assert profile.score == sum(scored, Fraction(0)) / len(scored)  # only what was answered


def _health(*members: tuple[int | None, int | None]) -> list[dict[str, int | None]]:
    ids = [q.id for q in RULES_2.questions_in("health")]
    team: list[dict[str, int | None]] = []
    for picks in members:
        chosen: dict[str, int | None] = {q.id: 3 for q in RULES_2.questions}
        chosen.update(zip(ids, picks, strict=True))
        team.append(chosen)
    return team


@pytest.mark.parametrize(
    ("members", "rules_2", "rules_1"),
    [
        (((2, 2), (3, 3)), Agreement.ALIGNED, Agreement.ALIGNED),  # 2.0 and 3.0: one point
        (((2, 3), (3, 4)), Agreement.ALIGNED, Agreement.ALIGNED),  # 2.5 and 3.5
        (((2, 2), (2, 4)), Agreement.ALIGNED, Agreement.ALIGNED),  # 2.0 and 3.0
        (((2, 2), (3, 4)), Agreement.SPLIT, Agreement.ALIGNED),  # 1.5 points, adjacent stages
        (((1, 1), (2, 3)), Agreement.SPLIT, Agreement.ALIGNED),  # 1.0 and 2.5
        (((1, 2), (2, 3), (2, 2)), Agreement.ALIGNED, Agreement.ALIGNED),  # 1.5 to 2.5
        (((1, 1), (3, 3)), Agreement.SPLIT, Agreement.SPLIT),
    ],
)
def test_aligned_means_members_scores_within_one_point(
    members: tuple[tuple[int, int], ...], rules_2: Agreement, rules_1: Agreement
) -> None:
    for framework, expected in ((RULES_2, rules_2), (RULES_1, rules_1)):
        spread = score_team(framework, _health(*members)).spread("health")
        assert spread is not None and spread.agreement is expected, framework.version


@pytest.mark.parametrize(
    ("members", "minimum", "withheld", "shown", "said"),
    [
        (
            ((2, 3), (3, 3), (None, None), (None, None)),
            3,
            True,
            False,
            "Only 2 could answer this; figures are shown from 3. 2 members did not know at "
            "least one of its questions.",
        ),
        (
            ((2, 3), (3, None), (4, 4), (None, None)),
            3,
            False,
            True,
            "2 members did not know at least one of its questions.",
        ),
        (
            ((None, None), (None, None), (None, None)),
            3,
            False,
            False,
            "Nobody could answer this, so it is not assessed. 3 members did not know at least "
            "one of its questions.",
        ),
        (((2, 3), (3, 3), (4, 4)), 3, False, True, ""),
        (((2, 3), (3, 3)), 2, False, True, ""),
    ],
)
def test_a_dimension_fewer_than_the_minimum_could_answer_shows_no_figure(
    members: tuple[tuple[int | None, int | None], ...],
    minimum: int,
    withheld: bool,
    shown: bool,
    said: str,
) -> None:
    team = score_team(RULES_2, _health(*members), minimum=minimum)
    coverage = team.coverage_of("health")
    assert coverage is not None and coverage.withheld is withheld
    assert (team.spread("health") is not None) is shown
    assert (team.profile.dimension("health").score is not None) is shown
    assert coverage_text(team, "health") == said
    for question in RULES_2.questions_in("health"):
        spread = team.question(question.id)
        if not shown:
            assert not team.shows_question(spread), "no count rests on fewer than the minimum"
        # A prompt may be named with its counts hidden, but never rests on fewer than the minimum.
        assert spread not in team.discussion_prompts or spread.answered >= team.minimum
