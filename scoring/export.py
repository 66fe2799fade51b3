"""Results as plain JSON-ready data for people and other tools: names and decimals, not Fractions.

Team results carry counts and statistics only; nothing here can hold one person's answers.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from scoring.framework import Framework
from scoring.profile import Profile
from scoring.team import TeamProfile


def _decimal(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 3)


def profile_summary(framework: Framework, profile: Profile) -> dict[str, Any]:
    weakest = profile.weakest
    return {
        "framework_version": profile.framework_version,
        "overall": {
            "score": _decimal(profile.score),
            "stage": profile.stage,
            "stage_name": framework.stage(profile.stage).name if profile.stage else None,
            "stage_before_anchor_rule": profile.uncapped_stage,
            "capped_by_anchor": profile.capped_by_anchor,
        },
        "start_with": weakest.dimension_id if weakest else None,
        "dimensions": [
            {
                "id": result.dimension_id,
                "name": framework.dimension(result.dimension_id).name,
                "score": _decimal(result.score),
                "stage": result.stage,
                "stage_name": framework.stage(result.stage).name if result.stage else None,
                "answered": result.answered,
                "asked": result.asked,
            }
            for result in profile.dimensions
        ],
    }


def team_summary(framework: Framework, team: TeamProfile) -> dict[str, Any]:
    summary = profile_summary(framework, team.profile)
    summary["respondents"] = team.respondents
    for entry in summary["dimensions"]:
        spread = team.spread(entry["id"])
        if spread is None:
            continue
        entry |= {
            "respondents": spread.respondents,
            "median": _decimal(spread.median),
            "min": _decimal(spread.minimum),
            "max": _decimal(spread.maximum),
            "stdev": round(spread.stdev, 3),
            "agreement": spread.agreement.value,
            "members_per_stage": list(spread.stage_counts),
        }
    summary["questions"] = [
        {"id": q.question_id, "answers_per_stage": list(q.counts)} for q in team.questions
    ]
    summary["discussion_prompts"] = [q.question_id for q in team.discussion_prompts]
    return summary
