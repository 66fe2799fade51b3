"""ReportData: the trend comes from the real comparison, and mismatched inputs are refused early."""

from __future__ import annotations

import re

import pytest

from bot.report import ReportData
from scoring import compare, score_individual, score_team
from tests.bot.report.builders import FRAMEWORK, GENERATED, PRIYA, TEAM, person, team
from tests.scoring.builders import answers, everywhere


def test_trend_is_none_without_a_previous_run() -> None:
    assert person().trend is None
    assert team().trend is None


def test_trend_compares_previous_with_the_profile() -> None:
    earlier = answers(outcomes=[1, 1, 1, 1])
    data = person(previous=earlier)
    assert data.trend == compare(score_individual(FRAMEWORK, earlier), data.profile)


def test_a_team_report_must_show_the_teams_own_profile() -> None:
    result = score_team(FRAMEWORK, TEAM)
    with pytest.raises(ValueError, match=r"team\.profile"):
        ReportData(
            framework=FRAMEWORK,
            title="t",
            subtitle="s",
            generated_at=GENERATED,
            profile=score_individual(FRAMEWORK, everywhere(2)),
            team=result,
        )


def test_a_profile_from_a_framework_with_other_dimensions_is_refused() -> None:
    profile = score_individual(FRAMEWORK, PRIYA)
    shorter = profile.__class__(
        framework_version="2025.9",
        dimensions=profile.dimensions[:-1],
        score=profile.score,
        stage=profile.stage,
        uncapped_stage=profile.uncapped_stage,
        anchor_id=profile.anchor_id,
    )
    with pytest.raises(ValueError, match=rf"do not match framework {re.escape(FRAMEWORK.version)}"):
        ReportData(
            framework=FRAMEWORK, title="t", subtitle="s", generated_at=GENERATED, profile=shorter
        )


def test_report_data_is_immutable() -> None:
    data = person()
    with pytest.raises(AttributeError):
        data.title = "changed"  # type: ignore[misc]
