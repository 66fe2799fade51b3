"""Maturity profiles as messages: a person's in their DM, a team's in its channel."""

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
from bot.messages.mrkdwn import escape, meter, plural
from bot.report.wording import change_text, score_text
from flows.steps import TeamProfileReady
from scoring import Agreement, Framework, Profile, TeamProfile, Trend


def profile_message(
    framework: Framework, profile: Profile, trend: Trend | None, *, report_url: str | None = None
) -> Message:
    blocks: list[Block] = [HeaderBlock(text="Your Outcome Readiness profile")]
    blocks += _overall(framework, profile)
    blocks.append(_dimension_lines(framework, profile, trend, team=None))
    blocks += _start_here(framework, profile)
    blocks.append(_footer("Only you can see this profile and your answers.", report_url))
    return Message.of(_summary("Your profile", framework, profile), *blocks)


def team_profile_message(
    framework: Framework, ready: TeamProfileReady, *, report_url: str | None = None
) -> Message:
    team = ready.team
    profile = team.profile
    blocks: list[Block] = [
        HeaderBlock(
            text=f"Team Outcome Readiness profile · {plural(ready.respondents, 'respondent')}"
        )
    ]
    blocks += _overall(framework, profile)
    blocks.append(_dimension_lines(framework, profile, ready.trend, team=team))
    blocks += _agreement(framework, team)
    blocks += _start_here(framework, profile)
    blocks += _discussion(framework, team)
    blocks.append(
        _footer(
            "Team scores are the mean of members' scores. Nobody's individual answers are shown.",
            report_url,
        )
    )
    return Message.of(
        _summary(f"Team profile ({ready.respondents} respondents)", framework, profile), *blocks
    )


def _footer(note: str, report_url: str | None) -> Block:
    text = f"{note} The full report is in the thread below."
    if report_url:
        text += f" <{report_url}|Printable report> (the link expires)."
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def _summary(title: str, framework: Framework, profile: Profile) -> str:
    if profile.stage is None:
        return f"{title}: not enough answers for an overall stage."
    stage = framework.stage(profile.stage)
    return f"{title}: Stage {stage.number} · {stage.name} ({score_text(profile.score)})"


def _overall(framework: Framework, profile: Profile) -> list[Block]:
    if profile.stage is None:
        return [SectionBlock(text=MarkdownTextObject(text="*Overall:* not assessed yet."))]
    stage = framework.stage(profile.stage)
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    f"*Overall: Stage {stage.number} · {escape(stage.name)}* "
                    f"({score_text(profile.score)})\n{escape(stage.summary)}"
                )
            )
        )
    ]
    if profile.capped_by_anchor:
        anchor = framework.anchor_dimension
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=(
                            f":pushpin: The scores alone say Stage {profile.uncapped_stage}, but "
                            f"the overall stage is held one above *{escape(anchor.name)}* "
                            f"(Stage {profile.anchor.stage}): everything else depends on "
                            "knowing what customers need to achieve."
                        )
                    )
                ]
            )
        )
    return blocks


def _dimension_lines(
    framework: Framework, profile: Profile, trend: Trend | None, *, team: TeamProfile | None
) -> Block:
    lines = []
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        stage = (
            f"Stage {result.stage} {framework.stage(result.stage).name}"
            if result.stage
            else "not assessed"
        )
        line = (
            f"*{escape(dimension.name)}*\n"
            f"`{meter(result.score)}` {score_text(result.score)} · {stage}"
        )
        if team is not None and (spread := team.spread(dimension.id)) is not None:
            line += f" · {spread.agreement.value}"
        if trend is not None:
            change = trend.dimension(dimension.id)
            if change.direction is not None and change.delta is not None:
                line += f" · {change_text(change)}"
        lines.append(line)
    return SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))


def _agreement(framework: Framework, team: TeamProfile) -> list[Block]:
    aligned = [
        framework.dimension(s.dimension_id).short_name
        for s in team.dimensions
        if s is not None and s.agreement is Agreement.ALIGNED
    ]
    split = [
        framework.dimension(s.dimension_id).short_name
        for s in team.dimensions
        if s is not None and s.agreement is Agreement.SPLIT
    ]
    text = []
    if aligned:
        text.append(f"*The team agrees on:* {', '.join(aligned)}")
    if split:
        text.append(f"*The team is split on:* {', '.join(split)}")
    return [SectionBlock(text=MarkdownTextObject(text="\n".join(text)))] if text else []


def _start_here(framework: Framework, profile: Profile) -> list[Block]:
    weakest = profile.place_to_start
    if weakest is None or weakest.stage is None:
        return []
    dimension = framework.dimension(weakest.dimension_id)
    moves = "\n".join(f"• {escape(m)}" for m in dimension.stage(weakest.stage).next_moves)
    return [
        DividerBlock(),
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*Start with {escape(dimension.name)}* — the lowest score.\n{moves}"
            )
        ),
    ]


def _discussion(framework: Framework, team: TeamProfile) -> list[Block]:
    if not team.discussion_prompts:
        return []
    lines = ["*Worth discussing — where the team answered most differently:*"]
    for number, spread in enumerate(team.discussion_prompts, start=1):
        question = framework.question(spread.question_id)
        counts = ", ".join(
            f"{count} × {escape(option.label)}"
            for option, count in zip(question.options, spread.counts, strict=True)
            if count
        )
        lines.append(f"{number}. {escape(question.prompt)}\n      _{counts}_")
    return [DividerBlock(), SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]
