"""Team results frozen as JSON at close, and read back exactly (scores stay exact fractions).

A snapshot keeps every judgement the team profile showed (each stage, the place to start, which
dimensions were aligned), so a closed run shows what it showed whatever the rules are today.
Format 1 (framework 2026.1) kept only the scores and counts; it is read under that version's rules.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from scoring import TeamProfile
from scoring.numbers import stage_for
from scoring.profile import place_to_start
from scoring.team import DimensionCoverage, agreement

SNAPSHOT_FORMAT = 2
FIRST_RULES = 1


@cache
def _team() -> TypeAdapter[TeamProfile]:
    """Built when first needed: keeps start-up short (pydantic compiles the whole profile)."""
    return TypeAdapter(TeamProfile)


def team_snapshot(team: TeamProfile) -> dict[str, Any]:
    return {"format": SNAPSHOT_FORMAT, "team": _team().dump_python(team, mode="json")}


def team_from_snapshot(snapshot: dict[str, Any]) -> TeamProfile:
    found = snapshot.get("format")
    if found == SNAPSHOT_FORMAT:
        return _team().validate_python(snapshot["team"])
    if found == 1:
        return _from_format_1(_team().validate_python(snapshot["team"]))
    raise ValueError(f"unknown team snapshot format {found!r}")


def _from_format_1(team: TeamProfile) -> TeamProfile:
    """Fill in what format 1 did not keep, judged by the rules it was shown under."""
    results = [
        replace(d, stage=None if d.score is None else stage_for(d.score, FIRST_RULES))
        for d in team.profile.dimensions
    ]
    anchor = next(d for d in results if d.dimension_id == team.profile.anchor_id)
    start = place_to_start(results, anchor, FIRST_RULES)
    spreads = tuple(
        None
        if s is None
        else replace(s, agreement=agreement(s.minimum, s.maximum, s.stage_counts, FIRST_RULES))
        for s in team.dimensions
    )
    coverage = tuple(
        DimensionCoverage(s.dimension_id, s.respondents, 0, False) for s in spreads if s
    )
    profile = replace(
        team.profile,
        dimensions=tuple(results),
        start_id=None if start is None else start.dimension_id,
    )
    return replace(team, profile=profile, dimensions=spreads, coverage=coverage)
