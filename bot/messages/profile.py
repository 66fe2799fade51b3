"""Maturity profiles as messages: a person's in their DM, a team's in its channel.

No option list here is an answer key: a discussion prompt lists what members chose by how many
chose it, never by stage (`bot.report.wording.option_counts`).
"""

from __future__ import annotations

from collections.abc import Mapping

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

from bot import ids
from bot.inbound.payloads import PlanRunRef
from bot.messages import Message
from bot.messages.comments import comment_button_blocks, own_comment_blocks
from bot.messages.mrkdwn import escape, meter, plural
from bot.messages.round_review import relation_blocks
from bot.report.groups import HEADING as GROUPS_HEADING
from bot.report.groups import gaps_text, group_line, own_role_line
from bot.report.wording import (
    agreement_rule,
    change_text,
    coverage_text,
    detail_note,
    dimension_stage_text,
    dimension_unknown_text,
    headline,
    option_counts,
    score_text,
    start_reason,
    trend_note,
    unknown_note,
)
from flows.steps import CommentOffer, TeamProfileReady
from scoring import Agreement, Framework, Profile, Role, TeamProfile, Trend, contradictions


def profile_message(
    framework: Framework,
    profile: Profile,
    trend: Trend | None,
    *,
    answers: Mapping[str, int | None] | None = None,
    report_url: str | None = None,
    role: Role | None = None,
    comments: Mapping[str, str] | None = None,
    comment: CommentOffer | None = None,
) -> Message:
    """A person's own profile; `answers` (theirs) let it point out answers that disagree,
    `role` (the one they answered as) and `comments` (theirs) are said back to them, and
    `comment` offers one on the last dimension."""
    blocks: list[Block] = [HeaderBlock(text="Your Outcome Readiness profile")]
    blocks += own_role_blocks(role)
    blocks += _overall(framework, profile)
    blocks += _trend_note(trend)
    blocks.append(_dimension_lines(framework, profile, trend, team=None))
    if note := unknown_note(framework, profile):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(note))]))
    blocks += disagreeing_answers(framework, answers)
    blocks += _start_here(framework, profile)
    blocks += own_comment_blocks(framework, comments)
    blocks += comment_button_blocks(comment)
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
    blocks += _trend_note(ready.trend)
    blocks.append(_dimension_lines(framework, profile, ready.trend, team=team))
    blocks += relation_blocks(framework, ready)
    blocks += _agreement(framework, team)
    blocks += role_groups_blocks(framework, team)
    if note := detail_note(team):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(note))]))
    blocks += _start_here(framework, profile)
    blocks += _discussion(framework, team)
    blocks.append(plan_button(ready.run_id))
    blocks.append(
        _footer(
            "Team scores are the mean of members' scores. Nobody's individual answers are shown.",
            report_url,
        )
    )
    return Message.of(
        _summary(f"Team profile ({ready.respondents} respondents)", framework, profile), *blocks
    )


def plan_button(run_id: str) -> Block:
    """ "Plan next moves": opens the plan modal for whoever may plan (`flows.plans`)."""
    return ActionsBlock(
        block_id="plan",
        elements=[
            ButtonElement(
                text="Plan next moves",
                action_id=ids.PLAN_OPEN,
                value=PlanRunRef(run_id=run_id).encode(),
                style="primary",
            )
        ],
    )


def own_role_blocks(role: Role | None) -> list[Block]:
    """The role a person answered as, in their own profile only; nothing without one."""
    line = own_role_line(role)
    return [ContextBlock(elements=[MarkdownTextObject(text=escape(line))])] if line else []


def role_groups_blocks(framework: Framework, team: TeamProfile) -> list[Block]:
    """Each role group's stage per dimension, compactly, and the widest gaps in a sentence;
    nothing where no split may be shown (`scoring.groups`)."""
    if not team.groups:
        return []
    lines = [f"*{GROUPS_HEADING}*"]
    lines += [f"• {escape(group_line(framework, group))}" for group in team.groups]
    lines.append(escape(gaps_text(framework, team)))
    return [SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]


def disagreeing_answers(
    framework: Framework, answers: Mapping[str, int | None] | None
) -> list[Block]:
    """At most two answers that cannot both be true, each as the framework words it.

    Only ever in a person's own profile: the note quotes their answers back to them.
    """
    if answers is None:
        return []
    notes = contradictions(framework, answers)
    if not notes:
        return []
    heading = "Two answers that disagree" if len(notes) == 1 else "Answers that disagree"
    lines = [f"*{heading}*"] + [f"• {escape(rule.note)}" for rule in notes]
    return [SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]


def _footer(note: str, report_url: str | None) -> Block:
    text = f"{note} The full report is in the thread below."
    if report_url:
        text += f" <{report_url}|Printable report> (the link expires)."
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def _summary(title: str, framework: Framework, profile: Profile) -> str:
    if profile.stage is None:
        return f"{title}: not enough answers for an overall stage."
    return f"{title}: {headline(framework, profile)}"


def _overall(framework: Framework, profile: Profile) -> list[Block]:
    if profile.stage is None:
        return [SectionBlock(text=MarkdownTextObject(text="*Overall:* not assessed yet."))]
    stage = framework.stage(profile.stage)
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=(f"*Overall: {escape(headline(framework, profile))}*\n{escape(stage.summary)}")
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
                            f":pushpin: The overall stage is never more than one above "
                            f"*{escape(anchor.name)}*: everything else depends on knowing what "
                            "customers need to achieve."
                        )
                    )
                ]
            )
        )
    return blocks


def _trend_note(trend: Trend | None) -> list[Block]:
    note = trend_note(trend)
    if not note:
        return []
    return [ContextBlock(elements=[MarkdownTextObject(text=f":information_source: {note}")])]


def _dimension_lines(
    framework: Framework, profile: Profile, trend: Trend | None, *, team: TeamProfile | None
) -> Block:
    lines = []
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        line = f"*{escape(dimension.name)}*\n"
        spread = team.spread(dimension.id) if team is not None else None
        if team is not None and spread is None:
            # Withheld or nobody could answer: no figure at all, and the reason instead.
            said = coverage_text(team, dimension.id) or "Not assessed."
            lines.append(line + f"_{escape(said)}_")
            continue
        line += f"{meter(result.score)} {score_text(result.score)}"
        if result.assessed:
            line += f" · {escape(dimension_stage_text(framework, result))}"
        if spread is not None:
            line += f" · {spread.agreement.value}"
        if trend is not None:
            change = trend.dimension(dimension.id)
            if change.direction is not None and (change.delta is not None or change.stages_only):
                line += f" · {change_text(change)}"
        if team is not None:
            said = coverage_text(team, dimension.id)
        else:
            said = dimension_unknown_text(result)
        if said:
            line += f"\n_{escape(said)}_"
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
        text.append(f"*The team agrees on:* {escape(', '.join(aligned))}")
    if split:
        text.append(f"*The team is split on:* {escape(', '.join(split))}")
    if not text:
        return []
    rule = agreement_rule(framework)
    return [
        SectionBlock(text=MarkdownTextObject(text="\n".join(text))),
        ContextBlock(elements=[MarkdownTextObject(text=escape(rule[0].upper() + rule[1:]) + ".")]),
    ]


def _start_here(framework: Framework, profile: Profile) -> list[Block]:
    start = profile.place_to_start
    if start is None or start.stage is None:
        return []
    dimension = framework.dimension(start.dimension_id)
    moves = "\n".join(f"• {escape(m)}" for m in dimension.stage(start.stage).next_moves)
    reason = start_reason(framework, profile)
    return [
        DividerBlock(),
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*Start with {escape(dimension.name)}* — {escape(reason)}.\n{moves}"
            )
        ),
    ]


def _discussion(framework: Framework, team: TeamProfile) -> list[Block]:
    prompts = team.discussion_prompts
    if not prompts:
        return []
    lines = ["*Worth discussing — where the team answered most differently:*"]
    for number, spread in enumerate(prompts, start=1):
        question = framework.question(spread.question_id)
        if not team.shows_question(spread):
            # Named, without counts: that the team is divided here says nothing about who chose
            # what, and the counts could.
            lines.append(f"{number}. {escape(question.prompt)}")
            continue
        chosen = [
            f"{count} × {escape(label)}"
            for label, count in option_counts(question, spread)
            if count
        ]
        if spread.unknown:
            chosen.append(f"{spread.unknown} × don't know")
        lines.append(f"{number}. {escape(question.prompt)}\n      _{', '.join(chosen)}_")
    return [DividerBlock(), SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]
