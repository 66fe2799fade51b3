"""Report data for a finished run, built in one place whoever shows it: the profile posted in
Slack (with its chart and full report), the printable page and `readiness report`. So a team
profile posted late says the day its run closed, not the day it was posted."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.messages.dates import short_date
from bot.report.model import ReportData
from flows.plans import RoundReview
from flows.reports import RunResult
from flows.steps import TeamComments
from scoring import Framework, Profile, Role, TeamProfile
from storage.models import RunKind

TEAM_TITLE = "Team Outcome Readiness profile"
OWN_TITLE = "Your Outcome Readiness profile"


def team_report(
    framework: Framework,
    *,
    team: TeamProfile,
    previous: Profile | None,
    closed_at: datetime,
    comments: TeamComments | None = None,
    review: RoundReview | None = None,
    opened_at: datetime | None = None,
    channel_name: str | None = None,
    workspace_name: str | None = None,
    framework_version: str | None = None,
) -> ReportData:
    """A team's report, titled with its channel and workspace as people know them ("#cs-team ·
    Acme"), or in plain words where Slack never told us their names."""
    subject = team_subject(channel_name, workspace_name)
    version = framework_version or framework.version
    respondents = plural(team.respondents, "respondent")
    return ReportData(
        framework=framework,
        title=f"{subject} — {TEAM_TITLE}" if subject else TEAM_TITLE,
        subtitle=f"{run_dates(opened_at, closed_at)} · {respondents} · framework {version}",
        generated_at=closed_at,
        profile=team.profile,
        team=team,
        previous=previous,
        team_comments=comments,
        review=review,
        framework_version=framework_version,
        chart_title=f"{channel_words(channel_name) or 'Team profile'} · {short_date(closed_at)}",
        chart_note=f"{respondents}, team mean",
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
    channel_name: str | None = None,
    workspace_name: str | None = None,
    framework_version: str | None = None,
) -> ReportData:
    """A person's report; `to_its_owner` when it goes to them ("Your …"). It names no person:
    with `channel_name`, it says whose team run the answers were given in.

    `answers` are theirs: the report points out two that disagree and explains the terms of the
    options they chose.
    """
    version = framework_version or framework.version
    where = [f"Your answers in the {channel_words(channel_name)} team run"] if channel_name else []
    where += [workspace_name] if workspace_name else []
    return ReportData(
        framework=framework,
        title=OWN_TITLE if to_its_owner else "Outcome Readiness profile",
        subtitle=_sentence(
            " · ".join([*where, f"finished {short_date(finished_at)}", f"framework {version}"])
        ),
        generated_at=finished_at,
        profile=profile,
        team=None,
        previous=previous,
        answers=answers,
        role=role,
        own_comments=comments,
        framework_version=framework_version,
        chart_title=f"{'Your profile' if to_its_owner else 'Profile'} · {short_date(finished_at)}",
    )


def channel_words(name: str | None) -> str | None:
    """A channel as people know it, "#cs-team" (None when its name was never learned)."""
    return f"#{name}" if name else None


def team_subject(channel_name: str | None, workspace_name: str | None) -> str:
    """ "#cs-team · Acme", or as much of it as is known ("" when nothing is)."""
    return " · ".join(w for w in (channel_words(channel_name), workspace_name) if w)


def run_dates(opened_at: datetime | None, closed_at: datetime) -> str:
    """ "Nov 14 – Nov 28, 2026" (the year once when both share it); "Closed Nov 28, 2026" when
    the opening is not known."""
    closed = short_date(closed_at)
    if opened_at is None:
        return f"Closed {closed}"
    if opened_at.date() == closed_at.date():
        return closed
    if opened_at.year == closed_at.year:
        return f"{short_date(opened_at).rsplit(',', 1)[0]} – {closed}"
    return f"{short_date(opened_at)} – {closed}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def report_data(result: RunResult) -> ReportData:
    """The printable page's data, in the words of the assessment version the run was taken with
    (its questions, options and rules, even after a newer version ships), naming its channel
    and workspace as Slack last named them. A person's page is theirs alone ("Your …"): its
    links go only to them."""
    framework = result.framework
    if result.kind is RunKind.TEAM and result.team is not None:
        return team_report(
            framework,
            team=result.team,
            previous=result.previous,
            closed_at=result.finished_at,
            comments=result.team_comments,
            review=result.review,
            opened_at=result.opened_at,
            channel_name=result.channel_name,
            workspace_name=result.workspace_name,
            framework_version=result.framework_version,
        )
    return personal_report(
        framework,
        profile=result.profile,
        previous=result.previous,
        finished_at=result.finished_at,
        to_its_owner=True,
        answers=result.answers,
        role=result.role,
        comments=result.comments,
        channel_name=result.channel_name if result.kind is RunKind.TEAM else None,
        workspace_name=result.workspace_name,
        framework_version=result.framework_version,
    )
