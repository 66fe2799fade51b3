"""Team results frozen as JSON at close, and read back exactly (scores stay exact fractions)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from scoring import TeamProfile

SNAPSHOT_FORMAT = 1
_TEAM = TypeAdapter(TeamProfile)


def team_snapshot(team: TeamProfile) -> dict[str, Any]:
    return {"format": SNAPSHOT_FORMAT, "team": _TEAM.dump_python(team, mode="json")}


def team_from_snapshot(snapshot: dict[str, Any]) -> TeamProfile:
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"unknown team snapshot format {snapshot.get('format')!r}")
    return _TEAM.validate_python(snapshot["team"])
