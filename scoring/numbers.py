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
    """Exact, and cheap for many values: numerators are summed per denominator as integers (a
    team's scores have a handful of denominators), so only those few sums become `Fraction`s."""
    by_denominator: dict[int, int] = {}
    count = 0
    for value in values:
        denominator = value.denominator
        by_denominator[denominator] = by_denominator.get(denominator, 0) + value.numerator
        count += 1
    if not count:
        raise ValueError("mean of no values")
    total = sum((Fraction(n, d) for d, n in by_denominator.items()), Fraction(0))
    return total / count


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


NEARLY = Fraction(3, 4)
"""A score this far past its stage (2.75 and up) is "nearly" the next one."""


def stage_for(score: Fraction, rules: int = 2) -> int:
    """The stage a score has reached: at least that stage, so 2.99 is Stage 2 ("nearly 3").

    A stage is a threshold: a team whose answers average 2.99 has not done what Stage 3 asks of
    it, and saying so is the only reading that keeps the framework's promise. `rules=1` is the
    first version's rounding (halves down, 2.51 up), kept so runs taken then show what they did.
    """
    if not 1 <= score <= 4:
        raise ValueError(f"score {score} is outside 1-4")
    if rules == 1:
        return math.ceil(score - HALF)
    return math.floor(score)


def nearly_next(score: Fraction, stage: int) -> bool:
    """Whether a score is close enough to the next stage to say so ("Stage 2, nearly 3")."""
    return stage < 4 and score - stage >= NEARLY


def format_score(score: Fraction) -> str:
    """One decimal, rounded half up, with a second decimal where one would mislead.

    2.96 is Stage 2; shown as "3.0" it would look like Stage 3, so it is shown as "2.96" (the
    second decimal cut, never rounded up: 2.999 is "2.99"). Under the first version's rules 2.52
    was Stage 3, so it is shown as "2.52" rather than a "2.5" that read as Stage 2.
    """
    shown = Fraction(math.floor(score * 10 + HALF), 10)
    if 1 <= score <= 4 and (
        math.floor(shown) != math.floor(score)
        or (shown.denominator == 2 and stage_for(shown, 1) != stage_for(score, 1))
    ):
        return f"{math.floor(score * 100) / 100:.2f}"
    return f"{float(shown):.1f}"


BAR_FULL_AT = 4
"""The top of the scale: a score's bar is `score / 4` full everywhere (Slack, App Home, the
printable page, the command line), so "2.0 / 4" fills half, as the text beside it says."""


def bar_fill(score: Fraction | None) -> Fraction:
    """How full a score's bar is, 0 to 1: the one formula every bar uses (empty when not
    assessed)."""
    return Fraction(0) if score is None else Fraction(score) / BAR_FULL_AT
