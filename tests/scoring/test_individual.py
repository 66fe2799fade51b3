from __future__ import annotations

from fractions import Fraction

import pytest

from scoring import AnswerError, default_framework, score_individual, shipped_framework
from tests.scoring.builders import answers, everywhere

FIRST = shipped_framework("2026.1")
"""The first version's rules (nearest stage, halves down), which its runs are still shown by."""


def test_dimension_score_is_the_mean_of_its_answers_and_stage_rounds_half_down() -> None:
    profile = score_individual(
        FIRST,
        answers(
            FIRST,
            outcomes=[3, 3, 2, 2],  # 2.5 -> Stage 2
            onboarding=[3, 2],  # 2.5 -> Stage 2
            engagement=[3, 3, 2],  # 2.67 -> Stage 3
            health=[1, 2],  # 1.5 -> Stage 1
            renewal=[4, 3],  # 3.5 -> Stage 3
            expansion=[4, 4],
        ),
    )
    got = {d.dimension_id: (d.score, d.stage) for d in profile.dimensions}
    assert got == {
        "outcomes": (Fraction(5, 2), 2),
        "onboarding": (Fraction(5, 2), 2),
        "engagement": (Fraction(8, 3), 3),
        "health": (Fraction(3, 2), 1),
        "renewal": (Fraction(7, 2), 3),
        "expansion": (Fraction(4), 4),
    }
    # Overall is the mean of the six dimension scores, not of the fifteen answers.
    assert (
        profile.score
        == (Fraction(5, 2) * 2 + Fraction(8, 3) + Fraction(3, 2) + Fraction(7, 2) + 4) / 6
    )
    assert profile.stage == 3
    assert not profile.capped_by_anchor
    assert profile.place_to_start is not None and profile.place_to_start.dimension_id == "health"


@pytest.mark.parametrize(
    ("outcome_answers", "others", "uncapped", "stage", "capped"),
    [
        # Anchor at Stage 1 holds the rest (overall 3.5: Stage 3) to Stage 2.
        ([1, 1, 1, 1], 4, 3, 2, True),
        # Anchor at Stage 2 (2.5 rounds down) holds Stage 4 to Stage 3.
        ([3, 3, 2, 2], 4, 4, 3, True),
        # Anchor at Stage 3 (2.75) allows Stage 4.
        ([3, 3, 3, 2], 4, 4, 4, False),
        # Anchor one below overall: no cap needed.
        ([2, 2, 2, 2], 3, 3, 3, False),
        # Anchor above the rest: the rule only caps, never lifts.
        ([4, 4, 4, 4], 1, 1, 1, False),
    ],
)
def test_anchor_rule_caps_overall_one_stage_above_outcome_definition(
    outcome_answers: list[int], others: int, uncapped: int, stage: int, capped: bool
) -> None:
    framework = FIRST
    chosen = everywhere(others, FIRST) | answers(FIRST, outcomes=outcome_answers)
    profile = score_individual(framework, chosen)
    assert (profile.uncapped_stage, profile.stage, profile.capped_by_anchor) == (
        uncapped,
        stage,
        capped,
    )


def test_a_dimension_without_answers_is_not_assessed_not_guessed() -> None:
    profile = score_individual(default_framework(), answers(outcomes=[2, 2, 2, 2], health=[4]))
    renewal = profile.dimension("renewal")
    assert (renewal.score, renewal.stage, renewal.answered, renewal.asked) == (None, None, 0, 2)
    health = profile.dimension("health")
    assert (health.score, health.answered, health.asked) == (Fraction(4), 1, 2)
    assert profile.score == Fraction(3)  # mean of the two assessed dimensions only
    assert not profile.complete


def test_without_the_anchor_there_is_no_overall_stage() -> None:
    profile = score_individual(default_framework(), answers(renewal=[4, 4], expansion=[4, 4]))
    assert profile.score == Fraction(4)
    assert profile.stage is None


def test_no_answers_at_all_gives_an_empty_profile() -> None:
    profile = score_individual(default_framework(), {})
    assert profile.score is None and profile.stage is None and profile.place_to_start is None


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"outcomes.nope": 2}, "unknown question 'outcomes.nope'"),
        ({"renewal.motion": 5}, "must be a stage 1-4, got 5"),
        ({"renewal.motion": 0}, "must be a stage 1-4, got 0"),
        ({"renewal.motion": True}, "must be a stage 1-4, got True"),
    ],
)
def test_answers_outside_the_framework_are_refused(bad: dict[str, int], message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        score_individual(default_framework(), bad)


def test_weakest_dimension_tie_names_the_anchor_first() -> None:
    profile = score_individual(default_framework(), everywhere(2))
    assert profile.place_to_start is not None and profile.place_to_start.dimension_id == "outcomes"
