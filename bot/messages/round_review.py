"""Last round's commitments beside the team profile that follows them: in its thread, a
sentence per dimension relating the moves to the change, and each commitment with its owner and
what became of it."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from bot.messages.mrkdwn import escape
from bot.report.commitments import HEADING, dimension_label, relation_sentences, status_text
from flows.plans import RoundReview
from scoring import Framework, TeamProfile, Trend

SECTION_TEXT = 3000
"""Block Kit's limit on a section's text: a long list of moves is split over sections."""


def report_blocks(
    framework: Framework, review: RoundReview | None, team: TeamProfile, trend: Trend | None
) -> list[Block]:
    """The full report's "What we committed to": the relation, then each commitment with its
    dimension, owner (a mention: the thread is in Slack) and what became of it."""
    if review is None or not review.commitments:
        return []
    lines = [f"*{HEADING}*"]
    lines += [escape(s) for s in relation_sentences(framework, review, team, trend)]
    for commitment in review.commitments:
        line = (
            f"• {escape(commitment.move)} — _{escape(dimension_label(framework, commitment))}_"
            f" · {status_text(commitment)}"
        )
        if commitment.owner_id is not None:
            line += f" · <@{commitment.owner_id}>"
        lines.append(line)
    return _sections(lines)


def _sections(lines: list[str]) -> list[Block]:
    """The lines in as few sections as fit (a move is at most 300 characters, so a line
    always fits in one)."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if chunks[-1] and len("\n".join([*chunks[-1], line])) > SECTION_TEXT:
            chunks.append([])
        chunks[-1].append(line)
    return [SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))) for chunk in chunks]
