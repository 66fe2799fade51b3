"""A maturity profile: a score and stage per dimension, and the overall stage under the anchor rule.

The same shape serves a person and a team (whose dimension scores are the members' means), so the
report, the trend and the charts never need to know which one they are drawing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from scoring.framework import Framework
from scoring.numbers import mean, stage_for


@dataclass(frozen=True, slots=True)
class DimensionResult:
    dimension_id: str
    score: Fraction | None
    """Mean stage of the answered questions (1-4); None means "not assessed", never a guess."""
    answered: int
    asked: int

    @property
    def stage(self) -> int | None:
        return None if self.score is None else stage_for(self.score)

    @property
    def assessed(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class Profile:
    framework_version: str
    dimensions: tuple[DimensionResult, ...]
    score: Fraction | None
    """Mean of the assessed dimensions' scores."""
    stage: int | None
    """Overall stage after the anchor rule; None while the anchor dimension is not assessed."""
    uncapped_stage: int | None
    """What the overall score alone would give, to explain a cap."""
    anchor_id: str

    @property
    def capped_by_anchor(self) -> bool:
        return (
            self.stage is not None
            and self.uncapped_stage is not None
            and self.stage < self.uncapped_stage
        )

    @property
    def complete(self) -> bool:
        return all(d.answered == d.asked for d in self.dimensions)

    def dimension(self, dimension_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.dimension_id == dimension_id)

    @property
    def anchor(self) -> DimensionResult:
        return self.dimension(self.anchor_id)

    @property
    def weakest(self) -> DimensionResult | None:
        """The place to start: the lowest score, the earlier dimension winning a tie.

        Dimensions are in framework order, so on a tie the anchor is named first, which is
        where the framework says the work starts anyway.
        """
        assessed = [d for d in self.dimensions if d.score is not None]
        if not assessed:
            return None
        return min(assessed, key=lambda d: d.score or 0)


def build_profile(
    framework: Framework,
    dimension_scores: Mapping[str, Fraction | None],
    *,
    answered: Mapping[str, int],
) -> Profile:
    """Apply the overall rules to per-dimension scores, whoever they belong to.

    The overall stage may be at most one stage above the anchor's stage: an organisation that
    cannot say what its customers need to achieve is not further along, however polished its
    other motions are.
    """
    results = tuple(
        DimensionResult(
            dimension_id=d.id,
            score=dimension_scores.get(d.id),
            answered=answered.get(d.id, 0),
            asked=len(framework.questions_in(d.id)),
        )
        for d in framework.dimensions
    )
    scored = [r.score for r in results if r.score is not None]
    overall = mean(scored) if scored else None
    uncapped = None if overall is None else stage_for(overall)
    anchor = next(r for r in results if r.dimension_id == framework.anchor)
    stage = None if uncapped is None or anchor.stage is None else min(uncapped, anchor.stage + 1)
    return Profile(
        framework_version=framework.version,
        dimensions=results,
        score=overall,
        stage=stage,
        uncapped_stage=uncapped,
        anchor_id=framework.anchor,
    )
