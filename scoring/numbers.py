"""Exact arithmetic for scores, so a rounding rule that meets a boundary always lands the same way.

Scores are kept as `Fraction`s: 2.5 is exactly 5/2, a team mean never drifts with the order of its
members, and "2.5 rounds down to Stage 2" cannot be undone by a float that is really 2.5000000001.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

HALF = Fraction(1, 2)


def mean(values: Iterable[Fraction | int]) -> Fraction:
    items = [Fraction(v) for v in values]
    if not items:
        raise ValueError("mean of no values")
    return sum(items, Fraction(0)) / len(items)


def median(values: Iterable[Fraction]) -> Fraction:
    items = sorted(values)
    if not items:
        raise ValueError("median of no values")
    middle = len(items) // 2
    if len(items) % 2:
        return items[middle]
    return (items[middle - 1] + items[middle]) / 2


def population_stdev(values: Iterable[Fraction]) -> float:
    """Spread of the people who answered, not an estimate of a wider population: one member is 0."""
    items = list(values)
    centre = mean(items)
    variance = sum(((v - centre) ** 2 for v in items), Fraction(0)) / len(items)
    return math.sqrt(variance)


def stage_for(score: Fraction) -> int:
    """The stage a score sits in, rounding halves down: 2.5 is Stage 2, 2.67 is Stage 3.

    Halves go down because a team that is exactly between two stages has not yet reached the
    higher one; claiming it would flatter the result.
    """
    if not 1 <= score <= 4:
        raise ValueError(f"score {score} is outside 1-4")
    return math.ceil(score - HALF)


def format_score(score: Fraction) -> str:
    """One decimal, rounded half up, with a second decimal only where one would mislead.

    A mean of 2.52 is Stage 3; shown as "2.5" it would look like Stage 2, so it is shown as "2.52".
    """
    shown = Fraction(math.floor(score * 10 + HALF), 10)
    if shown.denominator == 2 and 1 <= score <= 4 and stage_for(shown) != stage_for(score):
        return f"{math.floor(score * 100 + HALF) / 100:.2f}"
    return f"{float(shown):.1f}"
