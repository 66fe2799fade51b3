"""Plain-text renderings of the framework and of profiles, for the terminal and notifications.

Slack shows a message's `text` in notifications and to screen readers, and the CLI prints the
same words, so one renderer serves both.
"""

from __future__ import annotations

import textwrap
from fractions import Fraction

from scoring import Framework, Profile, TeamProfile, format_score, stage_for
from scoring.framework import Question

BAR_WIDTH = 12


def bar(score: Fraction | None, width: int = BAR_WIDTH) -> str:
    """A bar of `width` cells that is full at 4 and empty at 1, in eighths of a cell."""
    if score is None:
        return "·" * width
    eighths = round((score - 1) / 3 * width * 8)
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
        lines.append(f"  {dimension.name:<{width}}  {_score_and_stage(framework, result.score)}")
    lines.extend(_start_here(framework, profile))
    return "\n".join(lines)


def render_team_profile(framework: Framework, team: TeamProfile) -> str:
    profile = team.profile
    people = "respondent" if team.respondents == 1 else "respondents"
    lines = [f"Team profile · {team.respondents} {people}", _overall_line(framework, profile)]
    lines.extend(_cap_note(framework, profile))
    lines.append("")
    width = max(len(d.name) for d in framework.dimensions)
    for dimension in framework.dimensions:
        spread = team.spread(dimension.id)
        score = spread.mean if spread else None
        line = f"  {dimension.name:<{width}}  {_score_and_stage(framework, score)}"
        if spread:
            line += (
                f"  {spread.agreement.value}"
                f" (members {format_score(spread.minimum)}–{format_score(spread.maximum)})"
            )
        lines.append(line.rstrip())
    lines.extend(_start_here(framework, profile))
    if team.discussion_prompts:
        lines += ["", "Where the team disagrees most — worth a conversation:"]
        for number, divided in enumerate(team.discussion_prompts, start=1):
            question = framework.question(divided.question_id)
            lines.extend(_wrap(f"{number}. {question.prompt}", indent=2, hang=5))
            for option, count in zip(question.options, divided.counts, strict=True):
                if count:
                    lines.append(f"       {count} × {option.label}")
    else:
        lines += ["", "The team answered every question alike."]
    return "\n".join(lines)


def _overall_line(framework: Framework, profile: Profile) -> str:
    if profile.stage is None or profile.score is None:
        anchor = framework.anchor_dimension.name
        return f"Overall: not assessed — {anchor} (the anchor) has no answers yet"
    stage = framework.stage(profile.stage)
    return f"Overall: Stage {stage.number} · {stage.name} ({format_score(profile.score)} / 4)"


def _cap_note(framework: Framework, profile: Profile) -> list[str]:
    if not profile.capped_by_anchor or profile.uncapped_stage is None:
        return []
    anchor_stage = profile.anchor.stage
    note = (
        f"The scores alone would say Stage {profile.uncapped_stage}, but the overall stage is "
        f"held one stage above {framework.anchor_dimension.name} (Stage {anchor_stage}): every "
        "other motion depends on knowing what customers need to achieve."
    )
    return _wrap(note, indent=2)


def _score_and_stage(framework: Framework, score: Fraction | None) -> str:
    if score is None:
        return f"{bar(None)}  not assessed"
    stage = framework.stage(stage_for(score))
    return f"{bar(score)}  {format_score(score)} / 4  Stage {stage.number} {stage.name:<14}"


def _start_here(framework: Framework, profile: Profile) -> list[str]:
    weakest = profile.place_to_start
    if weakest is None or weakest.stage is None:
        return []
    dimension = framework.dimension(weakest.dimension_id)
    moves = dimension.stage(weakest.stage).next_moves
    lines = ["", f"Start with {dimension.name}: it is the lowest-scoring dimension."]
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
