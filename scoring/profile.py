"""A maturity profile: a score and stage per dimension, and the overall stage under the anchor rule.

The same shape serves a person and a team (whose dimension scores are the members' means), so the
report, the trend and the charts never need to know which one they are drawing. Every judgement a
profile shows (each stage, the cap, the place to start) is made once, here, and kept with it: a
closed run's snapshot shows what it showed, whatever the rules are later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from scoring.framework import Framework
from scoring.numbers import mean, nearly_next, stage_for

START_WITH_ANCHOR_BELOW = 3
"""While Outcome Definition is below this stage, it is the place to start whatever else is lower:
every other dimension's next move needs documented outcomes to build on."""


@dataclass(frozen=True, slots=True)
class DimensionResult:
    dimension_id: str
    score: Fraction | None
    """Mean stage of the answered questions (1-4); None means "not assessed", never a guess."""
    answered: int
    """Questions answered with one of the four options (for a team: by at least one member)."""
    asked: int
    stage: int | None = None
    """The stage the score has reached (None when not assessed)."""
    unknown: int = 0
    """For a person, questions answered "don't know"; for a team, the members who said "don't
    know" to at least one of the dimension's questions."""

    @property
    def assessed(self) -> bool:
        return self.score is not None

    @property
    def nearly_next(self) -> bool:
        """The score is close to the next stage ("Stage 2, nearly 3")."""
        return (
            self.score is not None
            and self.stage is not None
            and nearly_next(self.score, self.stage)
        )


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
    start_id: str | None = None
    """The dimension to start with (None when nothing was assessed)."""

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
    def place_to_start(self) -> DimensionResult | None:
        return None if self.start_id is None else self.dimension(self.start_id)


def build_profile(
    framework: Framework,
    dimension_scores: Mapping[str, Fraction | None],
    *,
    answered: Mapping[str, int],
    unknown: Mapping[str, int] | None = None,
) -> Profile:
    """Apply the overall rules to per-dimension scores, whoever they belong to.

    The overall stage may be at most one stage above the anchor's stage: an organization that
    cannot say what its customers need to achieve is not further along, however polished its
    other motions are.
    """
    rules = framework.scoring_rules
    results = []
    for d in framework.dimensions:
        score = dimension_scores.get(d.id)
        results.append(
            DimensionResult(
                dimension_id=d.id,
                score=score,
                answered=answered.get(d.id, 0),
                asked=len(framework.questions_in(d.id)),
                stage=None if score is None else stage_for(score, rules),
                unknown=(unknown or {}).get(d.id, 0),
            )
        )
    scored = [r.score for r in results if r.score is not None]
    overall = mean(scored) if scored else None
    uncapped = None if overall is None else stage_for(overall, rules)
    anchor = next(r for r in results if r.dimension_id == framework.anchor)
    stage = None if uncapped is None or anchor.stage is None else min(uncapped, anchor.stage + 1)
    start = place_to_start(results, anchor, rules)
    return Profile(
        framework_version=framework.version,
        dimensions=tuple(results),
        score=overall,
        stage=stage,
        uncapped_stage=uncapped,
        anchor_id=framework.anchor,
        start_id=None if start is None else start.dimension_id,
    )


def place_to_start(
    results: list[DimensionResult], anchor: DimensionResult, rules: int
) -> DimensionResult | None:
    """Outcome Definition while it is below Stage 3, otherwise the lowest dimension.

    Every other dimension's next moves build on documented outcomes, so a lower score elsewhere
    is not where the work starts while the outcomes themselves are missing. Ties go to the
    earlier dimension. (Rules 1, the first version's: simply the lowest.)
    """
    assessed = [d for d in results if d.score is not None]
    if not assessed:
        return None
    if rules >= 2 and anchor.stage is not None and anchor.stage < START_WITH_ANCHOR_BELOW:
        return anchor
    return min(assessed, key=lambda d: d.score or 0)
