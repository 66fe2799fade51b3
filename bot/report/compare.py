"""The printable comparison: several channels' latest team profiles side by side, one chart
outline per channel, as one self-contained page (inline CSS and SVG, nothing fetched), and the
same chart as a PNG for Slack's image block.

Every figure is as the team's posted profile showed it: a withheld dimension stays withheld, a
trend shown by stage only stays so. Who may open it was checked when the link was made.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.report.compare_chart import MOST_TEAMS, Outline, compare_png, compare_svg, line_name
from bot.report.links import Comparison, Link, LinkKind, ReportLinks
from bot.report.wording import (
    change_text,
    date_text,
    dimension_stage_text,
    headline,
    score_text,
)
from flows.overview import Overview, TeamOverview
from scoring import Framework
from scoring.trend import Change

TEMPLATE = "compare.html.j2"
PNG_SUFFIX = ".png"
"""A comparison link with this after its token serves the chart alone, as a PNG."""
STAGES_ONLY_NOTE = "Compared by stage only: just a few people joined or left since the run before."


def channel_label(team: TeamOverview) -> str:
    """How the chart and printable page name a channel ("#cs-team")."""
    return f"#{team.channel_name}" if team.channel_name else team.channel_id


@dataclass(frozen=True)
class ComparisonLinks:
    page: Link
    chart_url: str


def comparison_links(
    links: ReportLinks | None, *, workspace_id: str, overview: Overview
) -> ComparisonLinks | None:
    """Links to the printable comparison of the teams shown, and to its chart (None without
    links, or without teams). Whoever gets them was checked to be in every channel named."""
    if links is None or not overview.teams:
        return None
    channels = tuple(t.channel_id for t in overview.teams[:MOST_TEAMS])
    page = links.link_to(Comparison(workspace_id, channels), LinkKind.CHANNEL)
    return ComparisonLinks(page=page, chart_url=page.url + PNG_SUFFIX)


@dataclass(frozen=True)
class DimensionCell:
    stage: str
    score: str
    change: str


@dataclass(frozen=True)
class TeamColumn:
    label: str
    line: str
    overall: str
    posted: str
    respondents: int
    next_run: str
    note: str
    cells: tuple[DimensionCell, ...]


def render_comparison(overview: Overview) -> str:
    """The page, from `<!doctype html>` to `</html>`."""
    # imported when first needed (a page is rendered): keeps start-up short
    from bot.report.html import _environment

    teams = overview.teams[:MOST_TEAMS]
    framework = teams[0].framework if teams else None
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            title="Teams compared: " + ", ".join(channel_label(t) for t in teams),
            dimensions=[d.name for d in framework.dimensions] if framework else [],
            columns=[_column(framework, t, i) for i, t in enumerate(teams) if framework],
            chart_svg=compare_svg(framework, _outlines(teams)) if framework else "",
            more=max(len(overview.teams) - MOST_TEAMS, 0),
        )
    )


def comparison_png(overview: Overview) -> bytes | None:
    teams = overview.teams[:MOST_TEAMS]
    if not teams:
        return None
    return compare_png(teams[0].framework, _outlines(teams))


def _outlines(teams: tuple[TeamOverview, ...]) -> list[Outline]:
    return [Outline(channel_label(t), t.profile) for t in teams]


def _column(framework: Framework, team: TeamOverview, index: int) -> TeamColumn:
    trend = team.trend
    by_id = {d.dimension_id: d for d in team.profile.dimensions}
    cells = []
    for dimension in framework.dimensions:
        result = by_id.get(dimension.id)
        if result is None or result.score is None:
            cells.append(DimensionCell("too few answers to show", "", ""))
            continue
        change = trend.dimension(dimension.id) if trend is not None else None
        cells.append(
            DimensionCell(
                stage=dimension_stage_text(team.framework, result),
                score=score_text(result.score),
                change=_change(change),
            )
        )
    overall = headline(team.framework, team.profile)
    if trend is not None and (moved := _change(trend.overall)):
        overall += f" · {moved}"
    return TeamColumn(
        label=channel_label(team),
        line=line_name(index),
        overall=overall,
        posted=date_text(team.closed_at),
        respondents=team.team.respondents,
        next_run=date_text(team.next_run_at) if team.next_run_at else "none scheduled",
        note=STAGES_ONLY_NOTE if trend is not None and trend.stages_only else "",
        cells=tuple(cells),
    )


def _change(change: Change | None) -> str:
    if change is None or change.direction is None:
        return ""
    if change.delta is None and not change.stages_only:
        return ""
    return change_text(change)
