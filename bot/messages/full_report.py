"""What is posted in the thread under a profile: for a team, the details first (the overall
stage's meaning, agreement, role groups, what the channel committed to, where to start and what
to discuss); then the full report: per dimension, where you are, what the next stage looks like,
the moves that get you there, and for a team how its answers spread. Each is split into messages
of at most `MESSAGE_TEXT` characters, so each reads on a phone and stays well inside Slack's
limits; each message is a part of the profile owed on its own (`bot.screens.extras`).

Answer counts are listed by how many chose each option (ties by label), never in stage order and
never with a stage beside an option: the thread is read by the whole channel.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.messages import Message
from bot.messages.blocks import Json, context, divider, header, mrkdwn, section
from bot.messages.comments import COMMENT_QUESTION, quoted, team_comment_blocks
from bot.messages.mrkdwn import escape
from bot.messages.profile import (
    agreement_blocks,
    anchor_rule,
    discussion_blocks,
    role_groups_blocks,
    start_here_blocks,
)
from bot.messages.round_review import report_blocks
from bot.report.groups import groups_note
from bot.report.model import ReportData
from bot.report.wording import (
    counts_hidden_text,
    coverage_text,
    detail_note,
    dimension_stage_text,
    dimension_unknown_text,
    glossary,
    headline,
    option_counts,
    score_text,
    stage_text,
    terms_applied,
    trend_note,
)
from scoring import Framework, TeamProfile
from scoring.framework import Term

MESSAGE_TEXT = 3000
"""The most characters one thread message shows (a phone screen or three); a single dimension
longer than this still goes whole in a message of its own (Slack takes 40,000)."""
MESSAGE_BLOCKS = 45
"""Slack takes at most 50 blocks in a message."""

Unit = list[Block | Json]
"""Blocks that go in one message together: ours as dicts (`bot.messages.blocks`), the profile's
and the round review's as slack_sdk's models while those are built with them."""


def thread_messages(report: ReportData, *, report_url: str | None) -> list[Message]:
    """Everything posted in the profile's thread, in order: a team's details, then the full
    report, each in as few messages as fit."""
    messages: list[Message] = []
    if report.team is not None:
        messages += _packed(
            "Team profile details: agreement, role groups, where to start, what to discuss.",
            details_units(report),
        )
    title = (
        "Full report: each dimension, the next stage, and the moves to get there"
        if report.team is not None
        else "Full report: what each stage means for you"
    )
    messages += _packed(
        "Full report: each dimension, the next stage, and the moves to get there.",
        _report_units(report, title, report_url),
    )
    return messages


def details_units(report: ReportData) -> list[Unit]:
    """A team profile's details, kept out of the channel message so that it fits a screen:
    what the overall stage means, the anchor rule, who agrees, the role groups, what was
    committed to, the place to start with its moves, and the questions worth discussing."""
    framework, profile, team = report.framework, report.profile, report.team
    assert team is not None
    units: list[Unit] = [[header("Team profile details")]]
    if profile.stage is not None:
        stage = framework.stage(profile.stage)
        text = f"*Overall: {escape(headline(framework, profile))}*\n{escape(stage.summary)}"
        if profile.capped_by_anchor:
            text += "\n" + anchor_rule(framework, short=False)
        units.append([section(text)])
    units.append([*agreement_blocks(framework, team)])
    notes = [n for n in (detail_note(team), trend_note(report.trend)) if n]
    if notes:
        units.append([context(escape(" ".join(notes)))])
    units.append(_role_groups(framework, team))
    units.append([*report_blocks(framework, report.review, team, report.trend)])
    units.append([*start_here_blocks(framework, profile)])
    units.append([*discussion_blocks(framework, team)])
    return [unit for unit in units if unit]


def _report_units(report: ReportData, title: str, report_url: str | None) -> list[Unit]:
    framework, profile, team = report.framework, report.profile, report.team
    units: list[Unit] = [[header(title)]]
    if terms := glossary(framework):
        lines = ["*Words this report uses*"] + [_term_line(term) for term in terms]
        units[0].append(section("\n".join(lines)))
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        blocks: Unit = [divider()]
        units.append(blocks)
        figures = team is None or team.spread(dimension.id) is not None
        title = f"*{dimension.number}. {escape(dimension.name)}*"
        if figures:
            title += f" — {score_text(result.score)}"
        said = (
            coverage_text(team, dimension.id)
            if team is not None
            else dimension_unknown_text(result)
        )
        if team is not None and not figures:
            text = f"{title}\n{escape(said or 'Not assessed: nobody answered.')}"
            blocks.append(section(text))
            blocks.append(_distribution(framework, team, dimension.id))
            blocks += _comments(report, dimension.id)
            continue
        if result.stage is None:
            text = f"{title}\nNot assessed: {escape(said or 'no answers')}."
            blocks.append(section(text))
            blocks += _comments(report, dimension.id)
            continue
        now = dimension.stage(result.stage)
        lines = [
            title,
            f"*Now — {escape(dimension_stage_text(framework, result))}:* {escape(now.looks_like)}",
        ]
        if result.stage < len(framework.stages):
            looks = dimension.stage(result.stage + 1).looks_like
            lines.append(
                f"*Next — {escape(stage_text(framework, result.stage + 1))}:* {escape(looks)}"
            )
            moves_title = "*Moves to get there:*"
        else:
            moves_title = "*To keep it there:*"
        lines.append(moves_title)
        lines += [f"• {escape(move)}" for move in now.next_moves]
        if said:
            lines.append(f"_{escape(said)}_")
        applied = terms_applied(framework, dimension.id, answers=report.answers, team=team)
        lines += [_term_line(term) for term in applied]
        blocks.append(section("\n".join(lines)))
        if team is not None:
            blocks.append(_distribution(framework, team, dimension.id))
        blocks += _comments(report, dimension.id)
    if report_url:
        link = f"<{report_url}|Open the printable report> (link expires)"
        units.append([context(link)])
    return units


def _packed(summary: str, units: list[Unit]) -> list[Message]:
    """The units (a dimension, a section: never split) in as few messages as keep each within
    `MESSAGE_TEXT` characters and `MESSAGE_BLOCKS` blocks; `summary` is each one's
    notification text."""
    chunks: list[Unit] = [[]]
    shown = 0  # the characters of the last chunk: each unit is measured once
    for unit in units:
        chunk, length = chunks[-1], _text_length(unit)
        if chunk and (shown + length > MESSAGE_TEXT or len(chunk) + len(unit) > MESSAGE_BLOCKS):
            chunks.append(chunk := [])
            shown = 0
        chunk += unit
        shown += length
    if len(chunks) == 1:
        return [Message.of(summary, *chunks[0])]
    return [
        Message.of(f"{summary} ({number} of {len(chunks)})", *chunk)
        for number, chunk in enumerate(chunks, start=1)
    ]


def _text_length(blocks: Unit) -> int:
    """The characters the blocks show (their texts, as written)."""
    return sum(
        _texts_length(block if isinstance(block, dict) else block.to_dict()) for block in blocks
    )


def _texts_length(node: object) -> int:
    if isinstance(node, dict):
        text = node.get("text")
        own = len(text) if isinstance(text, str) else 0
        return own + sum(_texts_length(v) for k, v in node.items() if k != "text" or not own)
    if isinstance(node, list):
        return sum(_texts_length(item) for item in node)
    return 0


def _role_groups(framework: Framework, team: TeamProfile) -> Unit:
    """The role groups, with the rule that chose them."""
    blocks: Unit = [*role_groups_blocks(framework, team)]
    if blocks:
        blocks.append(context(escape(groups_note(team))))
    return blocks


def _comments(report: ReportData, dimension_id: str) -> list[Json]:
    """A dimension's comments: a team's (unsigned, or held back), or the person's own."""
    if report.team_comments is not None:
        said = report.team_comments.of(dimension_id)
        return team_comment_blocks(said, report.team_comments.minimum)
    own = (report.own_comments or {}).get(dimension_id)
    if not own:
        return []
    text = f"*Your comment* — {escape(COMMENT_QUESTION)}\n{quoted(own)}"
    return [section(mrkdwn(text, verbatim=True))]


def _term_line(term: Term) -> str:
    return f"*{escape(term.name)}:* {escape(term.meaning)}"


def _distribution(framework: Framework, team: TeamProfile, dimension_id: str) -> Json:
    """How the team answered each question: counts, most chosen first, where they may be shown."""
    lines = []
    for question in framework.questions_in(dimension_id):
        spread = team.question(question.id)
        if not team.shows_question(spread):
            # With the counts hidden, so is how many did not know: it would tell the same story.
            lines.append(f"_{escape(question.prompt)}_ {escape(counts_hidden_text(team, spread))}")
            continue
        pairs = option_counts(question, spread)
        shown = ", ".join(f"{count} × {escape(label)}" for label, count in pairs if count)
        if spread.unknown:
            shown += f" · {spread.unknown} × don't know"
        lines.append(f"_{escape(question.prompt)}_ {shown}")
    return context("\n".join(lines))
