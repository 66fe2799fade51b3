"""The App Home tab: start the assessment, and see your latest profile."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import ids
from bot.messages.text import escape, meter, score_text, slack_date
from scoring import Framework, Profile


def home_view(framework: Framework, latest: tuple[Profile, datetime] | None) -> View:
    blocks: list[Block] = [
        HeaderBlock(text="Outcome Readiness"),
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    "Find out where your Customer Success motion sits on the maturity curve: "
                    "15 questions over six dimensions, about five minutes. Your answers are "
                    "private to you."
                )
            )
        ),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Take the assessment", action_id=ids.START, style="primary", value="home"
                )
            ]
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Run it with your team: type `/readiness team` in your team's channel."
                )
            ]
        ),
    ]
    if latest is not None:
        profile, when = latest
        blocks.append(DividerBlock())
        overall = (
            f"Stage {profile.stage} · {escape(framework.stage(profile.stage).name)}"
            if profile.stage
            else "not assessed"
        )
        lines = [f"*Your latest profile* ({slack_date(when)}): *{overall}*"]
        for result in profile.dimensions:
            name = escape(framework.dimension(result.dimension_id).name)
            lines.append(f"`{meter(result.score)}` {score_text(result.score)} · {name}")
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))))
    return View(type="home", blocks=blocks)
