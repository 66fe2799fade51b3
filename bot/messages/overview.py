"""A leader's overview: App Home's Teams section, and teams compared (a modal, or a reply to
`/readiness compare`). Every figure is as the team's posted profile showed it: a dimension the
profile withheld shows no score here either, and a trend shown by stage only stays so."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    ImageBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import ids
from bot.messages import Message
from bot.messages.blocks import Json, actions, button, context, divider, section
from bot.messages.mrkdwn import escape, meter, plural, slack_date
from bot.report.compare import STAGES_ONLY_NOTE, channel_label
from bot.report.compare_chart import MOST_TEAMS, line_name
from bot.report.links import Link
from bot.report.wording import change_text, dimension_stage_text, headline, score_text
from flows.overview import Overview, TeamOverview
from scoring.trend import Change

TEAMS_SHOWN = 20
"""App Home lists at most this many teams (two blocks each, well inside its 100 blocks)."""
WITHHELD = "too few answers to show"
COMPARE_TITLE = "Compare teams"


def teams_section(overview: Overview) -> list[Json]:
    """App Home's Teams: each channel's latest team profile, and Compare for two or more. Plain
    dicts (`bot.messages.blocks`), as the rest of the home is built."""
    blocks: list[Json] = [divider()]
    if not overview.teams:
        blocks.append(
            section(
                "*Your teams*\nNone of your channels has a team profile yet. Run one with "
                "`/readiness team` in your team's channel."
            )
        )
        return blocks
    blocks.append(
        section(
            "*Your teams*\nThe latest team profile of each channel you are in, as it was posted."
        )
    )
    for team in overview.teams[:TEAMS_SHOWN]:
        blocks.append(section(_team_text(team)))
        blocks.append(context(_team_context(team)))
    if (more := len(overview.teams) - TEAMS_SHOWN) > 0:
        blocks.append(
            context(
                f"…and {plural(more, 'more team')}: "
                "`/readiness compare #channel …` shows any of them."
            )
        )
    if len(overview.teams) > 1:
        blocks.append(actions(button("Compare", action_id=ids.OVERVIEW_COMPARE, value="teams")))
    return blocks


def _team_text(team: TeamOverview) -> str:
    framework, profile, trend = team.framework, team.profile, team.trend
    overall = escape(headline(framework, profile))
    first = f"*<#{team.channel_id}>* · *{overall}*"
    if trend is not None and (shown := _change(trend.overall)):
        first += f" · {shown}"
    lines = [first]
    for result in profile.dimensions:
        name = escape(framework.dimension(result.dimension_id).name)
        if result.score is None:
            said = WITHHELD if team.team.spread(result.dimension_id) is None else "not assessed"
            lines.append(f"{meter(None)} _{said}_ · {name}")
            continue
        line = (
            f"{meter(result.score)} {score_text(result.score)} · "
            f"{escape(dimension_stage_text(framework, result))}"
        )
        if trend is not None and (shown := _change(trend.dimension(result.dimension_id))):
            line += f" · {shown}"
        lines.append(f"{line} · {name}")
    return "\n".join(lines)


def _change(change: Change) -> str:
    """The change as the profile showed it, or "" when there is none to show."""
    if change.direction is None or (change.delta is None and not change.stages_only):
        return ""
    return change_text(change)


def _team_context(team: TeamOverview) -> str:
    said = [
        f"Posted {slack_date(team.closed_at)}",
        plural(team.team.respondents, "person", "people") + " answered",
    ]
    if team.next_run_at is not None:
        said.append(f"next run opens {slack_date(team.next_run_at)}")
    else:
        said.append("no run scheduled")
    text = " · ".join(said)
    if team.trend is not None and team.trend.stages_only:
        text += f"\n{STAGES_ONLY_NOTE}"
    return text


def compare_view(overview: Overview, *, chart_url: str | None, page: Link | None) -> View:
    """The Compare modal: one outline per channel (or, without links, meters side by side)."""
    return View(
        type="modal",
        title=COMPARE_TITLE,
        close="Close",
        blocks=comparison_blocks(overview, chart_url=chart_url, page=page),
    )


def compare_message(
    overview: Overview,
    *,
    chart_url: str | None,
    page: Link | None,
    refused: Sequence[str] = (),
    unresolved: Sequence[str] = (),
) -> Message:
    """The reply to `/readiness compare`: the comparison, then what was left out and why."""
    notes = _left_out(overview, refused, unresolved)
    blocks: list[Block] = []
    if overview.teams:
        blocks += comparison_blocks(overview, chart_url=chart_url, page=page)
    if notes:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(notes))))
    if not overview.teams and not notes:
        notes = ["None of your channels has a team profile yet."]
        blocks.append(SectionBlock(text=MarkdownTextObject(text=notes[0])))
    summary = (
        f"{COMPARE_TITLE}: {plural(len(overview.teams), 'channel')}"
        if overview.teams
        else " ".join(notes)
    )
    return Message.of(summary[:3000], *blocks)


def _left_out(overview: Overview, refused: Sequence[str], unresolved: Sequence[str]) -> list[str]:
    notes = []
    if refused:
        channels = ", ".join(f"<#{c}>" for c in refused)
        notes.append(
            f"Not shown: {channels}. Only a channel's members see its team profile, "
            "and you are not in it."
        )
    if overview.without_profile:
        channels = ", ".join(f"<#{c}>" for c in overview.without_profile)
        notes.append(f"No team profile yet in {channels}.")
    if unresolved:
        names = ", ".join(f"`{escape(n)[:80]}`" for n in unresolved[:10])
        notes.append(
            f"I could not tell which channel {names} is. Pick channels from the list Slack "
            "offers as you type `#`."
        )
    return notes


def comparison_blocks(
    overview: Overview, *, chart_url: str | None, page: Link | None
) -> list[Block]:
    teams = overview.teams[:MOST_TEAMS]
    if not teams:
        text = "None of your channels has a team profile yet."
        return [SectionBlock(text=MarkdownTextObject(text=text))]
    lines = [f"*Latest team profiles of {plural(len(teams), 'channel')}, side by side*"]
    for index, team in enumerate(teams):
        how = f" ({line_name(index)})" if chart_url else ""
        lines.append(
            f"• <#{team.channel_id}>{how}: {escape(headline(team.framework, team.profile))} · "
            f"{slack_date(team.closed_at)}"
        )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]
    if chart_url is not None:
        blocks.append(
            ImageBlock(
                image_url=chart_url,
                alt_text=comparison_alt_text(overview),
                title="One outline per channel",
            )
        )
    else:
        blocks += _meters(teams)
    if page is not None:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=(
                            f"<{page.url}|Printable comparison> · the link expires "
                            f"{slack_date(page.expires_at)}"
                        )
                    )
                ]
            )
        )
    if len(overview.teams) > MOST_TEAMS:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=(
                            f"Showing {MOST_TEAMS} of {len(overview.teams)} teams. "
                            "Name the ones you want with `/readiness compare #a #b`."
                        )
                    )
                ]
            )
        )
    return blocks


def _meters(teams: Sequence[TeamOverview]) -> list[Block]:
    """Without a chart: each dimension with every team's meter beside its channel."""
    framework = teams[0].framework
    blocks: list[Block] = []
    for dimension in framework.dimensions:
        lines = [f"*{escape(dimension.name)}*"]
        for team in teams:
            result = next(
                (d for d in team.profile.dimensions if d.dimension_id == dimension.id), None
            )
            if result is None or result.score is None:
                lines.append(f"{meter(None)} _{WITHHELD}_ · <#{team.channel_id}>")
                continue
            lines.append(
                f"{meter(result.score)} {score_text(result.score)} · Stage {result.stage} · "
                f"<#{team.channel_id}>"
            )
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))))
    return blocks


def comparison_alt_text(overview: Overview) -> str:
    """What the chart says, for screen readers: each team's score on each dimension."""
    parts = []
    for index, team in enumerate(overview.teams[:MOST_TEAMS]):
        scores = ", ".join(
            f"{team.framework.dimension(d.dimension_id).short_name} "
            f"{score_text(d.score).removesuffix(' / 4')}"
            for d in team.profile.dimensions
        )
        parts.append(f"{channel_label(team)} ({line_name(index)}): {scores}.")
    text = "Radar chart of teams' mean scores from 1 to 4. " + " ".join(parts)
    return text if len(text) <= 2000 else text[:1999] + "…"
