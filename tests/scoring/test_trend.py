from __future__ import annotations

from fractions import Fraction

from scoring import (
    Direction,
    compare,
    default_framework,
    score_individual,
    score_team,
    shipped_framework,
)
from tests.scoring.builders import answers, everywhere


def test_trend_gives_delta_and_stage_change_per_dimension() -> None:
    framework = shipped_framework("2026.1")  # its rules: 2.75 is Stage 3, 1.5 Stage 1
    before = score_individual(framework, everywhere(2, framework))
    after = score_individual(
        framework,
        everywhere(2, framework) | answers(framework, outcomes=[3, 3, 3, 2], renewal=[1, 2]),
    )
    trend = compare(before, after)

    outcomes = trend.dimension("outcomes")
    assert (outcomes.delta, outcomes.direction, outcomes.stage_changed) == (
        Fraction(3, 4),
        Direction.UP,
        True,
    )
    assert (outcomes.stage_before, outcomes.stage_after) == (2, 3)
    renewal = trend.dimension("renewal")
    # 1.5 rounds half down: a half-stage drop is a stage change here.
    assert (renewal.delta, renewal.direction, renewal.stage_changed) == (
        Fraction(-1, 2),
        Direction.DOWN,
        True,
    )
    assert (renewal.stage_before, renewal.stage_after) == (2, 1)
    assert trend.dimension("health").direction is Direction.SAME
    assert trend.overall.delta == Fraction(1, 24)  # (+3/4 - 1/2) / 6 dimensions


def test_trend_across_team_runs_and_unassessed_dimensions() -> None:
    framework = default_framework()
    earlier = score_team(framework, [answers(outcomes=[1, 1, 1, 1])] * 3).profile
    later = score_team(framework, [everywhere(2)] * 3).profile
    trend = compare(earlier, later)
    assert trend.dimension("outcomes").delta == Fraction(1)
    health = trend.dimension("health")
    assert (health.before, health.after, health.delta, health.direction) == (
        None,
        Fraction(2),
        None,
        None,
    )
    assert (trend.overall.stage_before, trend.overall.stage_after) == (1, 2)
