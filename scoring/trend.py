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
    stages_only: bool = False
    """Only the stages may be compared (a few people joined or left between the runs, so a
    score's move could be theirs alone): `before` is None and there is no delta."""

    @property
    def delta(self) -> Fraction | None:
        if self.stages_only or self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> Direction | None:
        if self.stages_only:
            if self.stage_before is None or self.stage_after is None:
                return None
            moved = self.stage_after - self.stage_before
        else:
            delta = self.delta
            if delta is None:
                return None
            moved = 1 if delta > 0 else -1 if delta < 0 else 0
        return Direction.UP if moved > 0 else Direction.DOWN if moved < 0 else Direction.SAME

    @property
    def is_new(self) -> bool:
        """Assessed now and not in the earlier run."""
        return self.after is not None and self.stage_before is None

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
    stages_only: bool = False
    """Shown as stages only, without scores before or deltas (see `Change.stages_only`)."""

    def dimension(self, dimension_id: str) -> Change:
        return next(c for c in self.dimensions if c.dimension_id == dimension_id)


def compare(earlier: Profile, later: Profile, *, stages_only: bool = False) -> Trend:
    """Per-dimension delta and stage change from `earlier` to `later`.

    Dimensions are matched by id, so a later framework version that adds a dimension shows it
    as new (no earlier score) instead of misaligning the rest. With `stages_only` the earlier
    scores are left out: only the stages before and after are kept.
    """
    before = {d.dimension_id: d for d in earlier.dimensions}
    changes = []
    for result in later.dimensions:
        old = before.get(result.dimension_id)
        changes.append(
            Change(
                dimension_id=result.dimension_id,
                before=old.score if old and not stages_only else None,
                after=result.score,
                stage_before=old.stage if old else None,
                stage_after=result.stage,
                stages_only=stages_only,
            )
        )
    overall = Change(
        dimension_id=None,
        before=None if stages_only else earlier.score,
        after=later.score,
        stage_before=earlier.stage,
        stage_after=later.stage,
        stages_only=stages_only,
    )
    return Trend(
        overall=overall,
        dimensions=tuple(changes),
        questions_changed=earlier.framework_version != later.framework_version,
        stages_only=stages_only,
    )
