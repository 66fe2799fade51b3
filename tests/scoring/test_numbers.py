from __future__ import annotations

from fractions import Fraction

import pytest

from scoring.numbers import format_score, median, nearly_next, population_stdev, stage_for


@pytest.mark.parametrize(
    ("score", "stage"),
    [
        (Fraction(1), 1),
        (Fraction(3, 2), 1),  # 1.5 rounds half down
        (Fraction(7, 4), 2),  # 1.75
        (Fraction(2), 2),
        (Fraction(9, 4), 2),  # 2.25
        (Fraction(5, 2), 2),  # 2.5 rounds half down
        (Fraction(251, 100), 3),  # just past the half
        (Fraction(8, 3), 3),  # 2.67
        (Fraction(7, 2), 3),  # 3.5 rounds half down
        (Fraction(15, 4), 4),  # 3.75
        (Fraction(4), 4),
    ],
)
def test_first_version_rounds_halves_down(score: Fraction, stage: int) -> None:
    """Framework 2026.1's rule, kept so runs taken with it show what they showed."""
    assert stage_for(score, rules=1) == stage


@pytest.mark.parametrize(
    ("score", "stage", "nearly"),
    [
        (Fraction(1), 1, False),
        (Fraction(3, 2), 1, False),
        (Fraction(7, 4), 1, True),  # 1.75: Stage 1, nearly 2
        (Fraction(2), 2, False),  # reaching a stage is being at least it
        (Fraction(251, 100), 2, False),  # 2.51 no longer rounds up
        (Fraction(299, 100), 2, True),  # 2.99 is Stage 2, nearly 3
        (Fraction(3), 3, False),
        (Fraction(37, 10), 3, False),
        (Fraction(15, 4), 3, True),
        (Fraction(4), 4, False),  # nothing past Stage 4
    ],
)
def test_a_stage_is_reached_when_the_score_is_at_least_it(
    score: Fraction, stage: int, nearly: bool
) -> None:
    assert stage_for(score) == stage
    assert nearly_next(score, stage) is nearly


@pytest.mark.parametrize("score", [Fraction(0), Fraction(99, 100), Fraction(401, 100)])
def test_scores_outside_one_to_four_have_no_stage(score: Fraction) -> None:
    with pytest.raises(ValueError, match="outside 1-4"):
        stage_for(score)


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (Fraction(13, 5), "2.6"),
        (Fraction(8, 3), "2.7"),
        (Fraction(5, 2), "2.5"),  # exactly the boundary: Stage 2, shown as is
        (Fraction(63, 25), "2.52"),  # Stage 3: "2.5" would read as Stage 2
        (Fraction(247, 100), "2.5"),  # Stage 2 and shown as 2.5: consistent
        (Fraction(4), "4.0"),
        (Fraction(9, 4), "2.3"),  # half up, not banker's rounding
        (Fraction(74, 25), "2.96"),  # Stage 2: "3.0" would read as Stage 3
        (Fraction(2999, 1000), "2.99"),  # cut, never rounded up to 3.00
        (Fraction(39, 10), "3.9"),
    ],
)
def test_format_score_never_hides_a_stage_boundary(score: Fraction, shown: str) -> None:
    assert format_score(score) == shown


def test_median_and_spread() -> None:
    values = [Fraction(1), Fraction(2), Fraction(4), Fraction(3)]
    assert median(values) == Fraction(5, 2)
    assert median(values[:3]) == Fraction(2)
    assert population_stdev([Fraction(2)] * 5) == 0.0
    assert population_stdev([Fraction(1), Fraction(3)]) == 1.0
