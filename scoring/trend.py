"""Comparing an earlier profile with a later one of the same person or team."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from scoring.profile import Profile


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True, slots=True)
class Change:
    """One dimension's (or the overall) movement; `dimension_id` is None for the overall line."""

    dimension_id: str | None
    before: Fraction | None
    after: Fraction | None
    stage_before: int | None
    stage_after: int | None

    @property
    def delta(self) -> Fraction | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> Direction | None:
        delta = self.delta
        if delta is None:
            return None
        return Direction.UP if delta > 0 else Direction.DOWN if delta < 0 else Direction.SAME

    @property
    def stage_changed(self) -> bool:
        return (
            self.stage_before is not None
            and self.stage_after is not None
            and self.stage_before != self.stage_after
        )


@dataclass(frozen=True, slots=True)
class Trend:
    overall: Change
    dimensions: tuple[Change, ...]
    questions_changed: bool = False
    """The two runs were taken with different versions of the framework: the same dimension
    was asked with other questions, so a move may be the questions' as much as the team's."""

    def dimension(self, dimension_id: str) -> Change:
        return next(c for c in self.dimensions if c.dimension_id == dimension_id)


def compare(earlier: Profile, later: Profile) -> Trend:
    """Per-dimension delta and stage change from `earlier` to `later`.

    Dimensions are matched by id, so a later framework version that adds a dimension shows it
    as new (no earlier score) instead of misaligning the rest.
    """
    before = {d.dimension_id: d for d in earlier.dimensions}
    changes = []
    for result in later.dimensions:
        old = before.get(result.dimension_id)
        changes.append(
            Change(
                dimension_id=result.dimension_id,
                before=old.score if old else None,
                after=result.score,
                stage_before=old.stage if old else None,
                stage_after=result.stage,
            )
        )
    overall = Change(
        dimension_id=None,
        before=earlier.score,
        after=later.score,
        stage_before=earlier.stage,
        stage_after=later.stage,
    )
    return Trend(
        overall=overall,
        dimensions=tuple(changes),
        questions_changed=earlier.framework_version != later.framework_version,
    )
