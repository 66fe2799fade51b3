"""`/readiness results` and the history's Report button: a profile shown again, privately, with
a link to where it was posted and a fresh printable link that says until when it opens.

A channel's results show only what its posted team profile showed (stage and score per
dimension, or why a dimension has no figure, and the change since the previous run); a
person's show only their own.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.messages import Message
from bot.messages.dates import short_date
from bot.messages.mrkdwn import escape, plural
from bot.messages.schedule import own_origin
from bot.report.links import Link
from bot.report.wording import (
    change_text,
    coverage_text,
    dimension_stage_text,
    headline,
    score_text,
    trend_note,
)
from flows.history import PastRun
from flows.results import ChannelResults
from scoring import Framework, Profile, TeamProfile, Trend

NOT_A_MEMBER = "Only members of this channel can see its results."
FIRST_PROFILE = "No earlier team profile here to compare with."
NO_LINKS = (
    "Printable links are not available from this bot; the full report is in the thread under "
    "the profile message."
)


def expiry_words(link: Link) -> str:
    """ "opens until Mar 26, 2027": every link we give says when it stops opening."""
    return f"opens until {short_date(link.expires_at)}"


def link_line(link: Link) -> str:
    return f"<{link.url}|Printable report> ({expiry_words(link)})"


def not_a_member_message() -> Message:
    return Message(text=NOT_A_MEMBER)


def no_team_profile_message() -> Message:
    text = (
        "This channel has no team profile yet. Type `/readiness team` to start a team run here; "
        "its profile is posted when it closes."
    )
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def no_own_profile_message() -> Message:
    text = "You have not finished an assessment yet. Type `/readiness` to take one."
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def channel_results_message(
    results: ChannelResults, *, permalink: str | None, link: Link | None
) -> Message:
    """The channel's latest team profile, to one member: as it was posted, and where."""
    ready, framework = results.ready, results.framework
    title = (
        f"*Latest team profile in <#{ready.channel_id}>* · {short_date(ready.closed_at)} · "
        f"{plural(ready.respondents, 'respondent')}"
    )
    blocks = _profile_blocks(framework, ready.team.profile, ready.trend, ready.team, title)
    blocks.append(_links_block(permalink, link, where="Posted profile"))
    return Message.of(_summary("Team profile", framework, ready.team.profile), *blocks)


def own_results_message(
    framework: Framework, latest: PastRun, *, permalink: str | None, link: Link | None
) -> Message:
    """The person's own latest profile, to them alone."""
    assert latest.profile is not None and latest.finished_at is not None
    taken_with = latest.framework or framework
    title = f"*Your latest profile* · {short_date(latest.finished_at)}{own_origin(latest)}"
    blocks = _profile_blocks(taken_with, latest.profile, None, None, title)
    blocks.append(_links_block(permalink, link, where="Your profile message"))
    return Message.of(_summary("Your profile", taken_with, latest.profile), *blocks)


def report_link_message(link: Link, *, own: bool) -> Message:
    """A fresh printable link from a history entry's Report button."""
    whose = "your own report" if own else "the team's report"
    text = f"Here is a fresh link to {whose}: {link_line(link)}."
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def report_uploaded_message(*, own: bool) -> Message:
    """Without report links, the printable page comes as a file in the person's DM."""
    whose = "your own report" if own else "the team's report"
    text = (
        f"I've sent {whose} to our DM as a page to open in your browser and print "
        "(this bot has no report links)."
    )
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def _summary(title: str, framework: Framework, profile: Profile) -> str:
    if profile.stage is None:
        return f"{title}: not enough answers for an overall stage."
    return f"{title}: {headline(framework, profile)}"


def _profile_blocks(
    framework: Framework,
    profile: Profile,
    trend: Trend | None,
    team: TeamProfile | None,
    title: str,
) -> list[Block]:
    overall = escape(headline(framework, profile)) if profile.stage else "not assessed"
    lines = [title, f"Overall: *{overall}*"]
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        line = f"• {escape(dimension.name)}: "
        if team is not None and team.spread(dimension.id) is None:
            line += f"_{escape(coverage_text(team, dimension.id) or 'Not assessed.')}_"
            lines.append(line)
            continue
        line += f"{escape(dimension_stage_text(framework, result))} ({score_text(result.score)})"
        if trend is not None:
            change = trend.dimension(dimension.id)
            if change.direction is not None and (change.delta is not None or change.stages_only):
                line += f" · {change_text(change)}"
        lines.append(line)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]
    if team is not None:
        said = trend_note(trend) if trend is not None else FIRST_PROFILE
        if said:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(said))]))
    return blocks


def _links_block(permalink: str | None, link: Link | None, *, where: str) -> Block:
    parts = []
    if permalink:
        parts.append(f"<{permalink}|{where}>")
    parts.append(link_line(link) if link is not None else NO_LINKS)
    return ContextBlock(elements=[MarkdownTextObject(text=" · ".join(parts))])
