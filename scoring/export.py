"""Results as plain JSON-ready data for people and other tools: names and decimals, not Fractions.

Team results carry counts and statistics only; nothing here can hold one person's answers. This is
the admin's export (`readiness export`), so per-question counts are kept by stage (stage_1 ..
stage_4): it is never shown to a respondent or a channel. It leaves the machine as a file an admin
forwards, so it hides what the channel does not see: members' ranges and statistics below
`TeamProfile.detail_minimum`, and counts `TeamProfile.shows_question` holds back.
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
    start = profile.place_to_start
    return {
        "framework_version": profile.framework_version,
        "overall": {
            "score": _decimal(profile.score),
            "stage": profile.stage,
            "stage_name": framework.stage(profile.stage).name if profile.stage else None,
            "stage_before_anchor_rule": profile.uncapped_stage,
            "capped_by_anchor": profile.capped_by_anchor,
        },
        "start_with": start.dimension_id if start else None,
        "dimensions": [
            {
                "id": result.dimension_id,
                "name": framework.dimension(result.dimension_id).name,
                "score": _decimal(result.score),
                "stage": result.stage,
                "stage_name": framework.stage(result.stage).name if result.stage else None,
                "nearly_next_stage": result.nearly_next,
                "answered": result.answered,
                "asked": result.asked,
                "dont_know": result.unknown,
            }
            for result in profile.dimensions
        ],
    }


def team_summary(framework: Framework, team: TeamProfile) -> dict[str, Any]:
    summary = profile_summary(framework, team.profile)
    summary["respondents"] = team.respondents
    summary["minimum"] = team.minimum
    summary["detail_minimum"] = team.detail_minimum
    summary["membership_change"] = team.membership_change
    for entry in summary["dimensions"]:
        coverage = team.coverage_of(entry["id"])
        if coverage is not None:
            entry |= {
                "members_answered": coverage.answered,
                "members_dont_know": coverage.unknown,
                "withheld": coverage.withheld,
            }
        spread = team.spread(entry["id"])
        if spread is None:
            continue
        entry |= {"respondents": spread.respondents, "agreement": spread.agreement.value}
        if team.shows_range(spread):
            # With fewer, the mean and these would give the members' own scores.
            entry |= {
                "median": _decimal(spread.median),
                "min": _decimal(spread.minimum),
                "max": _decimal(spread.maximum),
                "stdev": round(spread.stdev, 3),
                "members_per_stage": list(spread.stage_counts),
            }
    summary["questions"] = [
        {"id": q.question_id, "answers_per_stage": list(q.counts), "dont_know": q.unknown}
        for q in team.questions
        if team.shows_question(q)
    ]
    summary["discussion_prompts"] = [q.question_id for q in team.discussion_prompts]
    return summary


CSV_COLUMNS = (
    "section",
    "id",
    "name",
    "score",
    "stage",
    "stage_name",
    "respondents",
    "median",
    "min",
    "max",
    "stdev",
    "agreement",
    "stage_1",
    "stage_2",
    "stage_3",
    "stage_4",
)
"""One table for spreadsheets: an overall row, a row per dimension, and for a team a row per
question with how many chose each stage's option (stage_1..stage_4)."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Stop a spreadsheet from running text as a formula (CSV injection): prefix a quote.

    Only text is touched; numbers stay numbers, so a score of -0.5 is still a number.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(framework: Framework, summary: dict[str, Any]) -> list[dict[str, object]]:
    """Rows for `CSV_COLUMNS` from `profile_summary` or `team_summary` output."""
    overall = summary["overall"]
    rows: list[dict[str, object]] = [
        {
            "section": "overall",
            "id": "overall",
            "name": "Overall",
            "score": overall["score"],
            "stage": overall["stage"],
            "stage_name": overall["stage_name"],
            "respondents": summary.get("respondents"),
        }
    ]
    for entry in summary["dimensions"]:
        rows.append(
            {
                "section": "dimension",
                "id": entry["id"],
                "name": entry["name"],
                "score": entry["score"],
                "stage": entry["stage"],
                "stage_name": entry["stage_name"],
                "respondents": entry.get("respondents"),
                "median": entry.get("median"),
                "min": entry.get("min"),
                "max": entry.get("max"),
                "stdev": entry.get("stdev"),
                "agreement": entry.get("agreement"),
                **_per_stage(entry.get("members_per_stage")),
            }
        )
    for question in summary.get("questions", []):
        rows.append(
            {
                "section": "question",
                "id": question["id"],
                "name": framework.question(question["id"]).prompt,
                "respondents": sum(question["answers_per_stage"]),
                **_per_stage(question["answers_per_stage"]),
            }
        )
    return [{column: neutralise(row.get(column)) for column in CSV_COLUMNS} for row in rows]


def _per_stage(counts: list[int] | None) -> dict[str, object]:
    if counts is None:
        return {}
    return {f"stage_{stage}": count for stage, count in enumerate(counts, start=1)}
