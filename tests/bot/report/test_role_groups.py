"""Role groups on the page and in the chart, a person's own role on their page, and a team
result frozen before roles were asked (no groups)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.report import ReportData, alt_text, render_html
from bot.report.run_result import personal_report, team_report
from flows.snapshots import team_from_snapshot, team_snapshot
from scoring import Role, default_framework, score_individual, score_team
from tests.answer_key import page_lines
from tests.scoring.builders import everywhere

FRAMEWORK = default_framework()
WHEN = datetime(2026, 12, 1, tzinfo=UTC)
LEAD, CSM = Role.LEADERSHIP, Role.CSM


def _split() -> ReportData:
    members = [everywhere(3)] * 3 + [everywhere(2)] * 3
    team = score_team(FRAMEWORK, members, minimum=3, roles=[LEAD] * 3 + [CSM] * 3)
    return team_report(FRAMEWORK, team=team, previous=None, closed_at=WHEN)


def test_the_page_tables_each_group_by_dimension_and_names_the_widest_gaps() -> None:
    page = page_lines(render_html(_split()))
    assert "Where roles see it differently" in page
    assert "\n".join(["CS leadership (3)", *["Stage 3 (3.0)"] * 6]) in page
    assert "\n".join(["CSM / account management (3)", *["Stage 2 (2.0)"] * 6]) in page
    # Every dimension is a point apart: the first two in framework order are named.
    assert (
        "CS leadership puts Outcome Definition & Success Planning at Stage 3 (3.0); "
        "CSM / account management at Stage 2 (2.0). CS leadership puts Onboarding at Stage 3 "
        "(3.0); CSM / account management at Stage 2 (2.0)."
    ) in page


def test_the_chart_alt_text_names_each_group_and_its_scores() -> None:
    alt = alt_text(_split())
    assert len(alt) <= 1000
    assert "CS leadership (3): Outcomes 3.0, Onboarding 3.0" in alt
    assert "CSM / account management (3): Outcomes 2.0" in alt


def test_without_groups_nothing_is_said_about_roles() -> None:
    team = score_team(FRAMEWORK, [everywhere(3)] * 3, minimum=3)
    data = team_report(FRAMEWORK, team=team, previous=None, closed_at=WHEN)
    said = page_lines(render_html(data)) + alt_text(data)
    assert "Where roles see it differently" not in said and "role group" not in said


def test_a_persons_own_page_says_the_role_they_answered_as_and_a_team_page_never_does() -> None:
    profile = score_individual(FRAMEWORK, everywhere(2))
    mine = personal_report(
        FRAMEWORK, profile=profile, previous=None, finished_at=WHEN, to_its_owner=True, role=CSM
    )
    assert "You answered as: CSM / account management" in page_lines(render_html(mine))
    none = personal_report(
        FRAMEWORK, profile=profile, previous=None, finished_at=WHEN, to_its_owner=True
    )
    assert "You answered as" not in render_html(none)
    team = _split().team
    assert team is not None
    with pytest.raises(ValueError, match="role"):
        ReportData(FRAMEWORK, "Team", "", WHEN, team.profile, team, role=LEAD)


def test_groups_are_frozen_with_the_result_and_an_older_snapshot_reads_none() -> None:
    team = _split().team
    assert team is not None and team.groups
    stored = team_snapshot(team)
    assert team_from_snapshot(stored) == team
    del stored["team"]["groups"], stored["team"]["gaps"]
    older = team_from_snapshot(stored)
    assert older.groups == () and older.gaps == ()
    assert older.profile == team.profile
