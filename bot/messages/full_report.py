"""The full report, posted in the thread under a profile: per dimension, where you are, what the
next stage looks like, the moves that get you there, and for a team how its answers spread."""

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
from bot.messages.mrkdwn import escape
from bot.report.wording import score_text
from scoring import Framework, Profile, TeamProfile


def full_report_message(
    framework: Framework, profile: Profile, team: TeamProfile | None, *, report_url: str | None
) -> Message:
    blocks: list[Block] = [HeaderBlock(text="Full report: what each stage means for you")]
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        title = f"*{dimension.number}. {escape(dimension.name)}* — {score_text(result.score)}"
        if result.stage is None:
            blocks.append(
                SectionBlock(text=MarkdownTextObject(text=f"{title}\nNot assessed: no answers."))
            )
            continue
        now = dimension.stage(result.stage)
        stage = framework.stage(result.stage)
        lines = [
            title,
            f"*Now — Stage {stage.number} {escape(stage.name)}:* {escape(now.looks_like)}",
        ]
        if result.stage < 4:
            following = framework.stage(result.stage + 1)
            looks = dimension.stage(result.stage + 1).looks_like
            lines.append(
                f"*Next — Stage {following.number} {escape(following.name)}:* {escape(looks)}"
            )
            moves_title = "*Moves to get there:*"
        else:
            moves_title = "*To keep it there:*"
        lines.append(moves_title)
        lines += [f"• {escape(move)}" for move in now.next_moves]
        blocks.append(DividerBlock())
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))))
        if team is not None:
            blocks.append(_distribution(framework, team, dimension.id))
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


def _distribution(framework: Framework, team: TeamProfile, dimension_id: str) -> Block:
    lines = []
    for question in framework.questions_in(dimension_id):
        counts = team.question(question.id).counts
        shown = ", ".join(
            f"{count} × {escape(option.label)}"
            for option, count in zip(question.options, counts, strict=True)
            if count
        )
        lines.append(f"_{escape(question.prompt)}_ {shown or 'no answers'}")
    return ContextBlock(elements=[MarkdownTextObject(text="\n".join(lines))])
