from __future__ import annotations

from fractions import Fraction

import pytest

from scoring.numbers import format_score, median, population_stdev, stage_for


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
def test_stage_rounds_halves_down(score: Fraction, stage: int) -> None:
    assert stage_for(score) == stage


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
