"""A channel's plan in words: the team's latest profile and what the team committed to, as the
channel canvas's markdown, or, where the channel cannot have our canvas, as a message.

Both say the same thing from one outline (`_outline`); only the markup differs (`Markdown` for
a canvas, `Mrkdwn` for a message). The plan shows no more than the team profile message in the
channel already does: stages and scores per dimension, where the team is split, the discussion
prompts (with counts only where the profile shows them), never anyone's answers, role or
comments. A person is shown as a mention (a canvas writes it `![](@U…)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.messages import Message
from bot.messages.dates import short_date
from bot.messages.mrkdwn import escape as mrkdwn_escape
from bot.messages.mrkdwn import plural
from bot.report.wording import (
    change_text,
    coverage_text,
    dimension_stage_text,
    headline,
    option_counts,
    score_text,
    trend_note,
)
from flows.plans import CommitmentView, PlanPage
from scoring import Agreement, Framework, TeamProfile, Trend, compare
from storage.models import CommitmentStatus

PLAN_TITLE = "Outcome Readiness plan"
DISCUSSION_HEADING = "Worth discussing — where the team answered most differently"
NOTHING_PLANNED = "Nothing is planned yet. Plan the next moves from the team profile."
REWRITTEN = (
    "The Outcome Readiness app keeps this plan current: it is rewritten after each change to a "
    "move and after each team run, so edits made here do not last. Change the plan with "
    "/readiness plan in the channel."
)
SECTION_LIMIT = 2900
"""Slack's section block text holds 3,000 characters; a message section is kept under it."""


class Markup(Protocol):
    """How the outline is written down: canvas markdown, or a message's mrkdwn."""

    def text(self, words: str) -> str: ...
    def bold(self, words: str) -> str: ...
    def italic(self, words: str) -> str: ...
    def strike(self, words: str) -> str: ...
    def person(self, user_id: str) -> str: ...
    def link(self, url: str, label: str) -> str: ...
    def bullet(self, line: str) -> str: ...
    def numbered(self, number: int, line: str) -> str: ...
    def checkbox(self, status: CommitmentStatus, line: str) -> str: ...


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]|])")
"""Markup anywhere in a line (`(` and `!` only mean something next to `[` or `]`)."""
_LINE_START = re.compile(r"^([#>+-])")
_NUMBERED_START = re.compile(r"^(\d+)\.")
_LIST_ITEM = re.compile(r"^(- |\d+\. )")


class Markdown:
    """Canvas markdown (Slack: bold, italic, strikethrough, lists, checklists, links, headings
    up to three levels, `![](@U…)` for a person)."""

    def text(self, words: str) -> str:
        # Words written by people (a move) or by the framework: shown as written, never as markup.
        escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(words.split()))
        escaped = _LINE_START.sub(r"\\\1", escaped)
        return _NUMBERED_START.sub(r"\1\\.", escaped)

    def bold(self, words: str) -> str:
        return f"**{words}**"

    def italic(self, words: str) -> str:
        return f"_{words}_"

    def strike(self, words: str) -> str:
        return f"~~{words}~~"

    def person(self, user_id: str) -> str:
        return f"![](@{user_id})"

    def link(self, url: str, label: str) -> str:
        return f"[{label}]({url})"

    def bullet(self, line: str) -> str:
        return f"- {line}"

    def numbered(self, number: int, line: str) -> str:
        return f"{number}. {line}"

    def checkbox(self, status: CommitmentStatus, line: str) -> str:
        return f"- [{'x' if status is CommitmentStatus.DONE else ' '}] {line}"


class Mrkdwn:
    """A message's mrkdwn: the same outline, with Slack's message markup."""

    BOXES: ClassVar[dict[CommitmentStatus, str]] = {
        CommitmentStatus.OPEN: ":white_large_square:",
        CommitmentStatus.DONE: ":white_check_mark:",
        CommitmentStatus.DROPPED: ":heavy_multiplication_x:",
    }

    def text(self, words: str) -> str:
        return mrkdwn_escape(" ".join(words.split()))

    def bold(self, words: str) -> str:
        return f"*{words}*"

    def italic(self, words: str) -> str:
        return f"_{words}_"

    def strike(self, words: str) -> str:
        return f"~{words}~"

    def person(self, user_id: str) -> str:
        return f"<@{user_id}>"

    def link(self, url: str, label: str) -> str:
        return f"<{url}|{label}>"

    def bullet(self, line: str) -> str:
        return f"• {line}"

    def numbered(self, number: int, line: str) -> str:
        return f"{number}. {line}"

    def checkbox(self, status: CommitmentStatus, line: str) -> str:
        return f"{self.BOXES[status]} {line}"


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


def plan_markdown(framework: Framework, page: PlanPage, *, profile_link: str | None) -> str:
    """The channel canvas: `## Where we stand`, `## What we committed to`, then a note that
    the app keeps it current (the canvas's own title says what it is)."""
    out: list[str] = []
    for section in _outline(Markdown(), framework, page, profile_link=profile_link):
        if section.heading:
            out += [f"## {section.heading}", ""]
        for line in section.lines:
            if (
                line
                and out
                and out[-1]
                and not (_LIST_ITEM.match(line) and _LIST_ITEM.match(out[-1]))
            ):
                out.append("")  # a line of its own is a paragraph of its own
            out.append(line)
        out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"


def plan_message(framework: Framework, page: PlanPage, *, profile_link: str | None) -> Message:
    """The same plan as a message, for a channel that cannot have our canvas."""
    blocks: list[Block] = [HeaderBlock(text=PLAN_TITLE)]
    sections = _outline(Mrkdwn(), framework, page, profile_link=profile_link)
    for index, section in enumerate(sections):
        if index == len(sections) - 1 and not section.heading:
            blocks.append(
                ContextBlock(elements=[MarkdownTextObject(text="\n".join(section.lines))])
            )
            continue
        if section.heading:
            blocks.append(DividerBlock())
        head = [f"*{section.heading}*"] if section.heading else []
        for chunk in _chunks([*head, *section.lines]):
            blocks.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
    summary = f"{PLAN_TITLE}: {_counts_in_words(page)}"
    return Message.of(summary, *blocks[:50])


def _chunks(lines: Sequence[str]) -> Iterator[str]:
    """Lines packed into texts a section block holds (a line too long on its own is cut)."""
    chunk: list[str] = []
    size = 0
    for line in lines:
        line = line if len(line) <= SECTION_LIMIT else line[: SECTION_LIMIT - 1] + "…"
        if chunk and size + len(line) + 1 > SECTION_LIMIT:
            yield "\n".join(chunk)
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        yield "\n".join(chunk)


def _counts_in_words(page: PlanPage) -> str:
    shown = _shown_commitments(page)
    open_ = sum(1 for c, _ in shown if c.open)
    done = sum(1 for c, _ in shown if c.status is CommitmentStatus.DONE)
    if not shown:
        return "nothing planned yet."
    return f"{plural(open_, 'open move')}, {done} done."


def _outline(
    m: Markup, framework: Framework, page: PlanPage, *, profile_link: str | None
) -> list[Section]:
    team = page.team
    trend = (
        None
        if page.previous is None
        else compare(page.previous.profile, team.profile, stages_only=team.trend_stages_only)
    )
    return [
        Section("Where we stand", tuple(_standing(m, framework, page, trend, profile_link))),
        *_discussion(m, framework, team),
        Section("What we committed to", tuple(_commitments(m, framework, page))),
        Section("", (m.italic(m.text(REWRITTEN)),)),
    ]


def _standing(
    m: Markup,
    framework: Framework,
    page: PlanPage,
    trend: Trend | None,
    profile_link: str | None,
) -> Iterator[str]:
    team = page.team
    profile = team.profile
    about = (
        f"From the team run that closed {short_date(page.round_.closed_at)}, "
        f"{plural(page.respondents, 'respondent')}."
    )
    if profile_link:
        about = f"{m.text(about)} {m.link(profile_link, 'See the team profile')}"
    else:
        about = m.text(about)
    yield about
    yield ""
    overall = f"{m.bold('Overall:')} {m.text(headline(framework, profile))}"
    if trend is not None and (said := change_text(trend.overall)):
        overall += " " + m.text(f"· {said} since the previous run")
    yield overall
    if profile.stage is not None:
        yield m.italic(m.text(framework.stage(profile.stage).summary))
    if trend is not None and (note := trend_note(trend)):
        yield m.italic(m.text(note))
    yield ""
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        spread = team.spread(dimension.id)
        name = m.bold(m.text(dimension.name))
        if spread is None:
            said = coverage_text(team, dimension.id) or "Not assessed."
            yield m.bullet(f"{name}: {m.italic(m.text(said))}")
            continue
        words = f"{dimension_stage_text(framework, result)} ({score_text(result.score)})"
        if trend is not None:
            change = trend.dimension(dimension.id)
            if change.direction is not None and (change.delta is not None or change.stages_only):
                words += f" · {change_text(change)}"
        if spread.agreement is Agreement.SPLIT:
            words += " · split"
        yield m.bullet(f"{name}: {m.text(words)}")
    split = [
        framework.dimension(s.dimension_id).short_name
        for s in team.dimensions
        if s is not None and s.agreement is Agreement.SPLIT
    ]
    yield ""
    if split:
        yield f"{m.bold('The team is split on:')} {m.text(', '.join(split))}"
    else:
        yield m.text("The team agrees on every dimension it assessed.")
    start = profile.place_to_start
    if start is not None:
        yield f"{m.bold('Place to start:')} {m.text(framework.dimension(start.dimension_id).name)}"


def _discussion(m: Markup, framework: Framework, team: TeamProfile) -> list[Section]:
    """The profile's discussion prompts, worded as the team profile words them: counts only
    where it shows them, most chosen first (never in stage order)."""
    if not team.discussion_prompts:
        return []
    lines = []
    for number, spread in enumerate(team.discussion_prompts, start=1):
        question = framework.question(spread.question_id)
        line = m.text(question.prompt)
        if team.shows_question(spread):
            chosen = [
                f"{count} × {label}" for label, count in option_counts(question, spread) if count
            ]
            if spread.unknown:
                chosen.append(f"{spread.unknown} × don't know")
            line += f" {m.italic(m.text('(' + ', '.join(chosen) + ')'))}"
        lines.append(m.numbered(number, line))
    return [Section(DISCUSSION_HEADING, tuple(lines))]


def _shown_commitments(page: PlanPage) -> list[tuple[CommitmentView, bool]]:
    """The moves the plan lists, each with whether it was carried over from an earlier
    round: those still open from before first, then this round's in plan order."""
    return [(c, True) for c in page.round_.carried] + [(c, False) for c in page.round_.commitments]


def _commitments(m: Markup, framework: Framework, page: PlanPage) -> Iterator[str]:
    shown = _shown_commitments(page)
    if not shown:
        yield m.text(NOTHING_PLANNED)
        return
    known = {d.id for d in framework.dimensions}
    for commitment, carried in shown:
        move = m.text(commitment.move)
        if commitment.status is CommitmentStatus.DROPPED:
            move = m.strike(move)
        parts = [m.person(commitment.owner_id) if commitment.owner_id else m.text("no owner")]
        if commitment.status is CommitmentStatus.DONE and commitment.settled_at is not None:
            parts.append(m.text(f"done {short_date(commitment.settled_at)}"))
        elif commitment.status is CommitmentStatus.DROPPED:
            parts.append(m.text("dropped"))
        else:
            parts.append(m.text(f"due {short_date(commitment.due_on)}"))
        if commitment.dimension_id in known:
            parts.append(m.text(framework.dimension(commitment.dimension_id or "").short_name))
        if carried:
            parts.append(m.text("carried over from an earlier plan"))
        yield m.checkbox(commitment.status, f"{move} — {' · '.join(parts)}")


ALREADY_HAS_ONE = "channel_canvas_already_exists"
WHY_NO_CANVAS = {
    ALREADY_HAS_ONE: (
        "This channel already has a canvas that the app did not make, and a channel has only one"
    ),
    "team_tier_cannot_create_channel_canvases": (
        "Your workspace's Slack plan does not include channel canvases"
    ),
    "free_team_canvas_tab_already_exists": (
        "Your workspace's Slack plan allows one canvas tab in this channel, and it is taken"
    ),
    "canvas_disabled_user_team": "Canvases are turned off in your workspace",
    "restricted_action": "Your workspace does not let the app make channel canvases",
}
HOW_TO_GET_ONE = {
    ALREADY_HAS_ONE: (
        "If the channel can do without that canvas, remove it: the app makes its own canvas "
        "at the next change to the plan."
    ),
    "team_tier_cannot_create_channel_canvases": (
        "On a paid Slack plan, the app moves the plan into a channel canvas at the next change."
    ),
    "free_team_canvas_tab_already_exists": (
        "If the channel can do without that canvas, remove it: the app makes its own canvas "
        "at the next change to the plan."
    ),
    "canvas_disabled_user_team": (
        "A workspace admin can turn canvases on; the app then moves the plan into a channel "
        "canvas at the next change."
    ),
    "restricted_action": (
        "A workspace admin can allow it; the app then moves the plan into a channel canvas at "
        "the next change."
    ),
}


def no_canvas_message(reason: str, channel_id: str) -> Message:
    """The lead's DM, once per channel: why the plan is not in a canvas, and how to get one."""
    why = WHY_NO_CANVAS.get(reason, "Slack would not let the app make this channel's canvas")
    how = HOW_TO_GET_ONE.get(reason, "")
    text = (
        f"{why}, so the plan for <#{channel_id}> is posted in the team profile's thread and "
        f"pinned to the channel instead. It stays current there. {how}"
    ).strip()
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def moved_message(channel_id: str) -> Message:
    text = f"The plan now lives in the <#{channel_id}> canvas, where it stays current."
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))
