"""Plain-text renderings of the framework and of profiles, for the terminal and notifications.

Slack shows a message's `text` in notifications and to screen readers, and the CLI prints the
same words, so one renderer serves both.
"""

from __future__ import annotations

import textwrap
from fractions import Fraction

from bot.report.wording import (
    NOT_ASSESSED,
    coverage_text,
    detail_note,
    dimension_stage_text,
    dimension_unknown_text,
    headline,
    option_counts,
    start_reason,
    unknown_note,
)
from scoring import DimensionResult, Framework, Profile, TeamProfile, format_score
from scoring.framework import Question
from scoring.numbers import bar_fill

BAR_WIDTH = 12


def bar(score: Fraction | None, width: int = BAR_WIDTH) -> str:
    """A bar of `width` cells, `bar_fill` full as every other bar, in eighths of a cell."""
    if score is None:
        return "·" * width
    eighths = round(bar_fill(score) * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest].strip()
    return ("█" * full + partial).ljust(width, "░")


def render_framework(framework: Framework) -> str:
    lines = [f"Outcome Readiness Assessment · framework {framework.version}", ""]
    lines.append("Stages")
    for stage in framework.stages:
        lines.append(f"  {stage.number} {stage.name}")
        lines.extend(_wrap(stage.summary, indent=4))
    for dimension in framework.dimensions:
        anchor = " (the anchor)" if dimension.id == framework.anchor else ""
        lines += ["", f"Dimension {dimension.number} · {dimension.name}{anchor}"]
        lines.extend(_wrap(dimension.purpose, indent=2))
        for question in framework.questions_in(dimension.id):
            lines.append("")
            lines.extend(_render_question(framework, question))
    count = len(framework.questions)
    lines += ["", f"{count} questions over {len(framework.dimensions)} dimensions."]
    return "\n".join(lines)


def _render_question(framework: Framework, question: Question) -> list[str]:
    """The question with each option's stage: `readiness framework` is the framework author's
    check of their file (as the admin export, it may name stages), never shown to a respondent
    or a channel."""
    number = framework.questions.index(question) + 1
    lines = _wrap(f"Q{number} [{question.id}] {question.prompt}", indent=2, hang=4)
    if question.help:
        lines.extend(_wrap(question.help, indent=4))
    for option in question.options:
        lines.extend(_wrap(f"{option.stage}) {option.text}", indent=4, hang=7))
    return lines


def render_profile(framework: Framework, profile: Profile, *, title: str) -> str:
    lines = [title, _overall_line(framework, profile)]
    lines.extend(_cap_note(framework, profile))
    lines.append("")
    width = max(len(d.name) for d in framework.dimensions)
    for result in profile.dimensions:
        dimension = framework.dimension(result.dimension_id)
        line = f"  {dimension.name:<{width}}  {_score_and_stage(framework, result)}"
        if said := dimension_unknown_text(result):
            line += f"  ({said})"
        lines.append(line.rstrip())
    if note := unknown_note(framework, profile):
        lines += ["", *_wrap(note, indent=2)]
    lines.extend(_start_here(framework, profile))
    return "\n".join(lines)


def render_team_profile(framework: Framework, team: TeamProfile) -> str:
    """A team's profile for the terminal: options listed most chosen first, never by stage."""
    profile = team.profile
    people = "respondent" if team.respondents == 1 else "respondents"
    lines = [f"Team profile · {team.respondents} {people}", _overall_line(framework, profile)]
    lines.extend(_cap_note(framework, profile))
    lines.append("")
    width = max(len(d.name) for d in framework.dimensions)
    for dimension in framework.dimensions:
        spread = team.spread(dimension.id)
        said = coverage_text(team, dimension.id)
        if spread is None:
            line = f"  {dimension.name:<{width}}  {bar(None)}  {said or NOT_ASSESSED}"
            lines.append(line.rstrip())
            continue
        result = profile.dimension(dimension.id)
        line = (
            f"  {dimension.name:<{width}}  {_score_and_stage(framework, result)}"
            f"  {spread.agreement.value}"
        )
        if team.shows_range(spread):
            line += f" (members {format_score(spread.minimum)}–{format_score(spread.maximum)})"
        lines.append(line.rstrip())
        if said:
            lines.extend(_wrap(said, indent=width + 4))
    lines.extend(_start_here(framework, profile))
    if note := detail_note(team):
        lines += ["", *_wrap(note, indent=0)]
    prompts = team.discussion_prompts
    if prompts:
        lines += ["", "Where the team disagrees most — worth a conversation:"]
        for number, divided in enumerate(prompts, start=1):
            question = framework.question(divided.question_id)
            lines.extend(_wrap(f"{number}. {question.prompt}", indent=2, hang=5))
            if not team.shows_question(divided):
                continue
            for label, count in option_counts(question, divided):
                if count:
                    lines.append(f"       {count} × {label}")
            if divided.unknown:
                lines.append(f"       {divided.unknown} × don't know")
    else:
        lines += ["", "The team answered every question alike."]
    return "\n".join(lines)


def _overall_line(framework: Framework, profile: Profile) -> str:
    if profile.stage is None or profile.score is None:
        anchor = framework.anchor_dimension.name
        return f"Overall: not assessed — {anchor} (the anchor) has no answers yet"
    return f"Overall: {headline(framework, profile)}"


def _cap_note(framework: Framework, profile: Profile) -> list[str]:
    if not profile.capped_by_anchor:
        return []
    note = (
        f"The overall stage is never more than one above {framework.anchor_dimension.name}: "
        "every other motion depends on knowing what customers need to achieve."
    )
    return _wrap(note, indent=2)


def _score_and_stage(framework: Framework, result: DimensionResult) -> str:
    if result.score is None:
        return f"{bar(None)}  {NOT_ASSESSED}"
    return f"{bar(result.score)}  {format_score(result.score)} / 4  " + dimension_stage_text(
        framework, result
    )


def _start_here(framework: Framework, profile: Profile) -> list[str]:
    start = profile.place_to_start
    if start is None or start.stage is None:
        return []
    dimension = framework.dimension(start.dimension_id)
    moves = dimension.stage(start.stage).next_moves
    lines = [""]
    lines += _wrap(f"Start with {dimension.name}: {start_reason(framework, profile)}.", indent=0)
    for move in moves:
        lines.extend(_wrap(f"- {move}", indent=2, hang=4))
    return lines


def _wrap(text: str, *, indent: int, hang: int | None = None, width: int = 100) -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent if hang is None else hang),
        break_on_hyphens=False,
    )
