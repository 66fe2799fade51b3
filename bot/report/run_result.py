"""A finished run's result as report data, for the printable page and `readiness report`."""

from __future__ import annotations

from bot.report.model import ReportData
from flows.reports import RunResult
from scoring import Framework
from storage.models import RunKind


def report_data(framework: Framework, result: RunResult) -> ReportData:
    finished = f"{result.finished_at:%d %b %Y}"
    if result.kind is RunKind.TEAM and result.team is not None:
        title = "Team Outcome Readiness profile"
        subtitle = f"{result.team.respondents} respondents · closed {finished}"
    else:
        title = "Outcome Readiness profile"
        subtitle = f"Finished {finished}"
    return ReportData(
        framework=framework,
        title=title,
        subtitle=subtitle,
        generated_at=result.finished_at,
        profile=result.profile,
        team=result.team,
        previous=result.previous,
    )
