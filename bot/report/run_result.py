"""Report data for a finished run, built in one place whoever shows it: the profile posted in
Slack (with its chart and full report), the printable page and `readiness report`. So a team
profile posted late says the day its run closed, not the day it was posted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from bot.report.model import ReportData
from flows.plans import RoundReview
from flows.reports import RunResult
from flows.steps import TeamComments
from scoring import Framework, Profile, Role, TeamProfile
from storage.models import RunKind

TEAM_TITLE = "Team Outcome Readiness profile"


def team_report(
    framework: Framework,
    *,
    team: TeamProfile,
    previous: Profile | None,
    closed_at: datetime,
    comments: TeamComments | None = None,
    review: RoundReview | None = None,
) -> ReportData:
    return ReportData(
        framework=framework,
        title=TEAM_TITLE,
        subtitle=f"{team.respondents} respondents · closed {closed_at:%d %b %Y}",
        generated_at=closed_at,
        profile=team.profile,
        team=team,
        previous=previous,
        team_comments=comments,
        review=review,
    )


def personal_report(
    framework: Framework,
    *,
    profile: Profile,
    previous: Profile | None,
    finished_at: datetime,
    to_its_owner: bool,
    answers: Mapping[str, int | None] | None = None,
    role: Role | None = None,
    comments: Mapping[str, str] | None = None,
) -> ReportData:
    """A person's report; `to_its_owner` when it goes to them in their DM ("Your …").

    `answers` are theirs: the report points out two that disagree and explains the terms of the
    options they chose.
    """
    return ReportData(
        framework=framework,
        title="Your Outcome Readiness profile" if to_its_owner else "Outcome Readiness profile",
        subtitle=f"Finished {finished_at:%d %b %Y}",
        generated_at=finished_at,
        profile=profile,
        team=None,
        previous=previous,
        answers=answers,
        role=role,
        own_comments=comments,
    )


def report_data(result: RunResult) -> ReportData:
    """The printable page's data, in the words of the assessment version the run was taken with
    (its questions, options and rules, even after a newer version ships)."""
    framework = result.framework
    if result.kind is RunKind.TEAM and result.team is not None:
        data = team_report(
            framework,
            team=result.team,
            previous=result.previous,
            closed_at=result.finished_at,
            comments=result.team_comments,
            review=result.review,
        )
    else:
        data = personal_report(
            framework,
            profile=result.profile,
            previous=result.previous,
            finished_at=result.finished_at,
            to_its_owner=False,
            answers=result.answers,
            role=result.role,
            comments=result.comments,
        )
    return replace(data, framework_version=result.framework_version)
