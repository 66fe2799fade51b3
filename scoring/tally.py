"""Exact team figures from counts of scaled integers, so a team of 10,000 costs little more than 10.

A member's dimension score is a mean of at most a dimension's question count of stages, so every
score is a whole multiple of 1/L, L the least common multiple of 1..that count (12 for up to four
questions). Keeping `score * L` as an integer, and counting how many members hold each value,
leaves a few dozen distinct values however large the team: sums, the median and the variance are
then exact integer arithmetic over those counts, and a `Fraction` is built once per figure at the
end. `Fraction` per member cost 170 us a member; the figures are the same values, to the bit
(a float from a ratio of integers is correctly rounded however the ratio is written).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from scoring.numbers import stage_for


def scale_for(most_questions: int) -> int:
    """The L that makes every mean of at most `most_questions` stages a whole number."""
    return math.lcm(*range(1, max(1, most_questions) + 1))


@dataclass(frozen=True, slots=True)
class ScoreTally:
    """How many members hold each score, a score kept as `score * scale` (an integer)."""

    counts: Mapping[int, int]
    scale: int

    @classmethod
    def of(cls, scaled: Iterable[tuple[int, int]], scale: int) -> ScoreTally:
        """From (scaled score, members) pairs; the same score may come more than once."""
        counts: dict[int, int] = {}
        for value, members in scaled:
            counts[value] = counts.get(value, 0) + members
        return cls(dict(sorted(counts.items())), scale)

    @property
    def respondents(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> Fraction:
        total = sum(value * members for value, members in self.counts.items())
        return Fraction(total, self.respondents * self.scale)

    @property
    def minimum(self) -> Fraction:
        return Fraction(next(iter(self.counts)), self.scale)

    @property
    def maximum(self) -> Fraction:
        return Fraction(next(reversed(self.counts)), self.scale)

    @property
    def median(self) -> Fraction:
        """The middle member's score, or the mean of the two middle ones."""
        size = self.respondents
        middle = size // 2
        if size % 2:
            return Fraction(self._nth(middle), self.scale)
        return Fraction(self._nth(middle - 1) + self._nth(middle), 2 * self.scale)

    def _nth(self, index: int) -> int:
        """The scaled score of the member at `index` in ascending order."""
        seen = 0
        for value, members in self.counts.items():
            seen += members
            if index < seen:
                return value
        raise IndexError(index)

    @property
    def stdev(self) -> float:
        """Population standard deviation: sqrt((n * sum(v^2) - sum(v)^2) / (n * scale)^2)."""
        size = self.respondents
        total = sum(value * members for value, members in self.counts.items())
        squares = sum(value * value * members for value, members in self.counts.items())
        return math.sqrt((size * squares - total * total) / (size * self.scale) ** 2)

    def stage_counts(self, rules: int) -> tuple[int, int, int, int]:
        """How many members sit at Stage 1, 2, 3 and 4 (a stage judged once per distinct score)."""
        by_stage = [0, 0, 0, 0]
        for value, members in self.counts.items():
            by_stage[stage_for(Fraction(value, self.scale), rules) - 1] += members
        one, two, three, four = by_stage
        return (one, two, three, four)


def stage_stdev(counts: Iterable[int]) -> float:
    """Population standard deviation of chosen stages given how many chose Stage 1, 2, 3, 4."""
    pairs = list(zip((1, 2, 3, 4), counts, strict=True))
    size = sum(members for _, members in pairs)
    if not size:
        return 0.0
    total = sum(stage * members for stage, members in pairs)
    squares = sum(stage * stage * members for stage, members in pairs)
    return math.sqrt((size * squares - total * total) / (size * size))
