"""The full report, posted in the thread under a profile: per dimension, where you are, what the
next stage looks like, the moves that get you there, and for a team how its answers spread.

Answer counts are listed by how many chose each option (ties by label), never in stage order and
never with a stage beside an option: the thread is read by the whole channel.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.messages import Message
from bot.messages.comments import COMMENT_QUESTION, quoted, team_comment_blocks
from bot.messages.mrkdwn import escape
from bot.messages.profile import role_groups_blocks
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
    option_counts,
    score_text,
    stage_text,
    terms_applied,
    trend_note,
)
from scoring import Framework, TeamProfile
from scoring.framework import Term


def full_report_message(report: ReportData, *, report_url: str | None) -> Message:
    framework, profile, team = report.framework, report.profile, report.team
    blocks: list[Block] = [HeaderBlock(text="Full report: what each stage means for you")]
    if terms := glossary(framework):
        lines = ["*Words this report uses*"] + [_term_line(term) for term in terms]
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))))
    if team is not None:
        notes = [n for n in (detail_note(team), trend_note(report.trend)) if n]
        if notes:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(" ".join(notes)))]))
        blocks += _role_groups(framework, team)
        blocks += report_blocks(framework, report.review, team, report.trend)
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        blocks.append(DividerBlock())
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
            blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
            blocks.append(_distribution(framework, team, dimension.id))
            blocks += _comments(report, dimension.id)
            continue
        if result.stage is None:
            text = f"{title}\nNot assessed: {escape(said or 'no answers')}."
            blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
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
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))))
        if team is not None:
            blocks.append(_distribution(framework, team, dimension.id))
        blocks += _comments(report, dimension.id)
    if report_url:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"<{report_url}|Open the printable report> (link expires)"
                    )
                ]
            )
        )
    return Message.of(
        "Full report: each dimension, the next stage, and the moves to get there.", *blocks
    )


def _role_groups(framework: Framework, team: TeamProfile) -> list[Block]:
    """The role groups as in the profile above, with the rule that chose them."""
    blocks = role_groups_blocks(framework, team)
    if blocks:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(groups_note(team)))]))
    return blocks


def _comments(report: ReportData, dimension_id: str) -> list[Block]:
    """A dimension's comments: a team's (unsigned, or held back), or the person's own."""
    if report.team_comments is not None:
        said = report.team_comments.of(dimension_id)
        return team_comment_blocks(said, report.team_comments.minimum)
    own = (report.own_comments or {}).get(dimension_id)
    if not own:
        return []
    text = f"*Your comment* — {escape(COMMENT_QUESTION)}\n{quoted(own)}"
    return [SectionBlock(text=MarkdownTextObject(text=text, verbatim=True))]


def _term_line(term: Term) -> str:
    return f"*{escape(term.name)}:* {escape(term.meaning)}"


def _distribution(framework: Framework, team: TeamProfile, dimension_id: str) -> Block:
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
    return ContextBlock(elements=[MarkdownTextObject(text="\n".join(lines))])
