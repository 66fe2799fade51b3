"""Maturity profiles as messages: a person's in their DM, a team's in its channel.

No option list here is an answer key: a discussion prompt lists what members chose by how many
chose it, never by stage (`bot.report.wording.option_counts`).
"""

from __future__ import annotations

import re
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
from bot.report.groups import HEADING as GROUPS_HEADING
from bot.report.groups import gaps_text, group_line, own_role_line
from bot.report.wording import (
    agreement_rule,
    change_text,
    coverage_text,
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
    blocks.append(_dimension_lines(framework, profile, trend))
    if note := unknown_note(framework, profile):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(note))]))
    blocks += disagreeing_answers(framework, answers)
    blocks += start_here_blocks(framework, profile)
    blocks += own_comment_blocks(framework, comments)
    blocks += comment_button_blocks(comment)
    blocks.append(_footer("Only you can see this profile and your answers.", report_url))
    return Message.of(_summary("Your profile", framework, profile), *blocks)


def team_profile_message(
    framework: Framework, ready: TeamProfileReady, *, report_url: str | None = None
) -> Message:
    """The team profile as the channel sees it: one phone screen (the overall stage, with the
    anchor rule when it holds the stage down; each dimension in two columns; where the team is
    split; where to start; the plan button). Dimensions go by their short names throughout. The
    rest is in the thread (`bot.messages.full_report.thread_messages`)."""
    team = ready.team
    profile = team.profile
    blocks: list[Block] = [
        HeaderBlock(
            text=f"Team Outcome Readiness profile · {plural(ready.respondents, 'respondent')}"
        )
    ]
    blocks += _overall(framework, profile, short=True)
    blocks += _trend_note(ready.trend)  # beside the changes it qualifies
    blocks += _dimension_fields(framework, team, ready.trend)
    blocks += _split_line(framework, team)
    blocks += _start_line(framework, profile)
    blocks.append(plan_button(ready.run_id))
    note = (
        "Scores are members' means; nobody's answers are shown. Details, moves and the full "
        "report are in the thread."
    )
    if report_url:
        note += f" <{report_url}|Printable report> (the link expires)."
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Message.of(
        _summary(f"Team profile ({ready.respondents} respondents)", framework, profile, short=True),
        *blocks,
    )


FIELD_BAR = 8
"""A dimension's bar in the channel's two columns: 8 cells, half a point each."""
FIELDS = 10
"""Slack takes at most ten fields in a section."""


def _dimension_fields(framework: Framework, team: TeamProfile, trend: Trend | None) -> list[Block]:
    """Each dimension in a field: its short name, its bar and score, its stage, "split" where
    members are, and the change since last time; a dimension without figures says why."""
    fields = []
    for result in team.profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        name = f"*{escape(dimension.short_name)}*"
        spread = team.spread(dimension.id)
        if spread is None:
            said = coverage_text(team, dimension.id) or "Not assessed."
            fields.append(f"{name}\n_{escape(said)}_")
            continue
        line = f"{meter(result.score, FIELD_BAR)} {score_text(result.score)}"
        facts = [f"Stage {result.stage}" if result.stage is not None else "not assessed"]
        if spread.agreement is Agreement.SPLIT:
            facts.append("split")
        if trend is not None:
            change = trend.dimension(dimension.id)
            if change.direction is not None and (change.delta is not None or change.stages_only):
                facts.append(change_text(change))
        fields.append(f"{name}\n{line}\n{' · '.join(facts)}")
    return [
        SectionBlock(fields=[MarkdownTextObject(text=f) for f in fields[at : at + FIELDS]])
        for at in range(0, len(fields), FIELDS)
    ]


def _split_line(framework: Framework, team: TeamProfile) -> list[Block]:
    split = _names(framework, team, Agreement.SPLIT, short=True)
    if not split:
        return []
    text = f"*Split:* {escape(', '.join(split))} — members' answers differ widely here."
    if team.discussion_prompts:
        text += " Questions to discuss are in the thread."
    return [SectionBlock(text=MarkdownTextObject(text=text))]


def _start_line(framework: Framework, profile: Profile) -> list[Block]:
    start = profile.place_to_start
    if start is None or start.stage is None:
        return []
    name = framework.dimension(start.dimension_id).short_name
    reason = start_reason(framework, profile)
    text = f"*Start with {escape(name)}* — {escape(reason)}."
    return [SectionBlock(text=MarkdownTextObject(text=text))]


def anchor_rule(framework: Framework, *, short: bool) -> str:
    """The anchor rule, said where it holds the overall stage down, in the main text: the most
    important sentence of a capped profile."""
    anchor = framework.anchor_dimension
    name = anchor.short_name if short else anchor.name
    return (
        f":pushpin: *The overall stage is never more than one above {escape(name)}*: everything "
        "else depends on knowing what customers need to achieve."
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
    """Each role group's stage per dimension and the widest gaps in a sentence, by the
    dimensions' full names as the rest of the thread; nothing where no split may be shown
    (`scoring.groups`)."""
    if not team.groups:
        return []
    lines = [f"*{GROUPS_HEADING}*"]
    lines += [f"• {escape(group_line(framework, group, short=False))}" for group in team.groups]
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
    text = f"{note} The full report is in this message's thread."
    if report_url:
        text += f" <{report_url}|Printable report> (the link expires)."
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def _summary(title: str, framework: Framework, profile: Profile, *, short: bool = False) -> str:
    if profile.stage is None:
        return f"{title}: not enough answers for an overall stage."
    return f"{title}: {headline(framework, profile, short=short)}"


def _overall(framework: Framework, profile: Profile, *, short: bool = False) -> list[Block]:
    """The overall stage, and the anchor rule when it holds it down. A person's profile says
    what the stage means too, in words for a person; the channel's (`short`) leaves that to
    the thread."""
    if profile.stage is None:
        return [SectionBlock(text=MarkdownTextObject(text="*Overall:* not assessed yet."))]
    text = f"*Overall: {escape(headline(framework, profile, short=short))}*"
    if not short:
        text += "\n" + escape(personal_summary(framework.stage(profile.stage).summary))
    if profile.capped_by_anchor:
        text += "\n" + anchor_rule(framework, short=short)
    return [SectionBlock(text=MarkdownTextObject(text=text))]


def personal_summary(summary: str) -> str:
    """A stage's summary said to one person: an earlier framework wrote some as "The team has
    outgrown…", which a person's own profile says as "Your team…"."""
    return re.sub(
        r"\b([Tt])he team\b", lambda m: ("Y" if m[1] == "T" else "y") + "our team", summary
    )


def _trend_note(trend: Trend | None) -> list[Block]:
    note = trend_note(trend)
    if not note:
        return []
    return [ContextBlock(elements=[MarkdownTextObject(text=f":information_source: {note}")])]


def _dimension_lines(framework: Framework, profile: Profile, trend: Trend | None) -> Block:
    """A person's dimensions, one to a few lines each: name, bar, score, stage and change."""
    lines = []
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        line = f"*{escape(dimension.name)}*\n{meter(result.score)} {score_text(result.score)}"
        if result.assessed:
            line += f" · {escape(dimension_stage_text(framework, result))}"
        if trend is not None:
            change = trend.dimension(dimension.id)
            if change.direction is not None and (change.delta is not None or change.stages_only):
                line += f" · {change_text(change)}"
        if said := dimension_unknown_text(result):
            line += f"\n_{escape(said)}_"
        lines.append(line)
    return SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))


def _names(
    framework: Framework, team: TeamProfile, agreement: Agreement, *, short: bool
) -> list[str]:
    """The dimensions the team is `agreement` on, each named as the rest of the message names it."""
    dimensions = [
        framework.dimension(s.dimension_id)
        for s in team.dimensions
        if s is not None and s.agreement is agreement
    ]
    return [d.short_name if short else d.name for d in dimensions]


def agreement_blocks(framework: Framework, team: TeamProfile) -> list[Block]:
    """Where the team agrees and where it is split (full names, as the thread says them), with
    the rule that tells the two apart."""
    aligned = _names(framework, team, Agreement.ALIGNED, short=False)
    split = _names(framework, team, Agreement.SPLIT, short=False)
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


def start_here_blocks(framework: Framework, profile: Profile) -> list[Block]:
    """Where to start, with its moves."""
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


def discussion_blocks(framework: Framework, team: TeamProfile) -> list[Block]:
    """The questions the team answered most differently, with how many chose what where that
    may be shown."""
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
