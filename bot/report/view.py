"""The page's content as plain values, worked out in Python so the template only lays it out.

Every decision (which stage text to show, what a change reads as, how wide a bar is) is made
here, where it is typed and testable; the template holds no arithmetic and no framework lookups.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from bot.report.model import ReportData
from bot.report.wording import NOT_ASSESSED, change_text, date_text, score_text, stage_text
from scoring import (
    Agreement,
    Change,
    DimensionResult,
    DimensionSpread,
    Framework,
    QuestionSpread,
    TeamProfile,
    format_score,
)
from scoring.framework import Dimension


@dataclass(frozen=True)
class OptionCount:
    stage: int
    label: str
    count: int
    width: str
    """Share of the people who answered the question, as a CSS width."""


@dataclass(frozen=True)
class QuestionCounts:
    prompt: str
    answered: int
    options: tuple[OptionCount, ...]


@dataclass(frozen=True)
class Movement:
    text: str
    """"↑ +0.4", "new", or "" when there is nothing to compare."""
    direction: str
    """"up", "down", "same" or "": a CSS class, never the only carrier of the meaning."""
    before: str
    """The earlier score and stage in words, for the reader who wants the numbers."""
    was: str
    """The same, short enough for a table cell: "was 2.3", with the stage when it changed."""
    marker: str | None
    """Where the earlier score sits on the bar, as a CSS offset."""


@dataclass(frozen=True)
class DimensionView:
    number: int
    name: str
    purpose: str
    is_anchor: bool
    assessed: bool
    score: str
    stage: str
    stage_number: int | None
    stage_name: str
    answered_note: str
    """"3 of 4 questions answered" when a person skipped some; empty otherwise."""
    bar: str
    range_text: str
    range_left: str | None
    range_width: str | None
    agreement: str
    movement: Movement | None
    looks_like: str
    next_heading: str
    next_looks_like: str
    moves_heading: str
    next_moves: tuple[str, ...]
    questions: tuple[QuestionCounts, ...]


@dataclass(frozen=True)
class Prompt:
    prompt: str
    counts: tuple[tuple[int, str], ...]
    """(how many chose it, option label) for the options somebody chose, in stage order."""


@dataclass(frozen=True)
class PageView:
    title: str
    subtitle: str
    is_team: bool
    overall_assessed: bool
    overall_stage: str
    overall_score: str
    overall_summary: str
    overall_movement: Movement | None
    cap_note: str
    anchor_name: str
    dimensions: tuple[DimensionView, ...]
    start_with: DimensionView | None
    aligned: tuple[str, ...]
    split: tuple[str, ...]
    prompts: tuple[Prompt, ...]
    framework_version: str
    generated: str


def page_view(data: ReportData) -> PageView:
    framework, profile, team, trend = data.framework, data.profile, data.team, data.trend
    dimensions = tuple(
        _dimension_view(
            framework,
            result,
            team,
            trend.dimension(result.dimension_id) if trend is not None else None,
        )
        for result in profile.dimensions
    )
    weakest = profile.place_to_start
    start_with = next(
        (
            view
            for view, result in zip(dimensions, profile.dimensions, strict=True)
            if weakest is not None and result.dimension_id == weakest.dimension_id
        ),
        None,
    )
    spreads = [s for s in team.dimensions if s is not None] if team is not None else []
    overall = framework.stage(profile.stage) if profile.stage is not None else None
    return PageView(
        title=data.title,
        subtitle=data.subtitle,
        is_team=team is not None,
        overall_assessed=overall is not None,
        overall_stage=stage_text(framework, profile.stage),
        overall_score=score_text(profile.score),
        overall_summary=overall.summary if overall is not None else "",
        overall_movement=_movement(framework, trend.overall) if trend is not None else None,
        cap_note=_cap_note(data),
        anchor_name=framework.anchor_dimension.name,
        dimensions=dimensions,
        start_with=start_with,
        aligned=tuple(
            framework.dimension(s.dimension_id).short_name
            for s in spreads
            if s.agreement is Agreement.ALIGNED
        ),
        split=tuple(
            framework.dimension(s.dimension_id).short_name
            for s in spreads
            if s.agreement is Agreement.SPLIT
        ),
        prompts=tuple(_prompt(framework, q) for q in team.discussion_prompts) if team else (),
        framework_version=data.framework_version or framework.version,
        generated=date_text(data.generated_at),
    )


def _cap_note(data: ReportData) -> str:
    """Why the overall stage is lower than the scores alone say (wording as in Slack)."""
    profile, framework = data.profile, data.framework
    if not profile.capped_by_anchor:
        return ""
    anchor = framework.anchor_dimension
    return (
        f"The scores alone say {stage_text(framework, profile.uncapped_stage)}, but the overall "
        f"stage is held one above {anchor.name}, which is at "
        f"{stage_text(framework, profile.anchor.stage)}: everything else depends on knowing what "
        "customers need to achieve."
    )


def _dimension_view(
    framework: Framework,
    result: DimensionResult,
    team: TeamProfile | None,
    change: Change | None,
) -> DimensionView:
    dimension = framework.dimension(result.dimension_id)
    spread = team.spread(dimension.id) if team is not None else None
    looks_like, next_heading, next_looks_like, moves_heading, moves = _stage_texts(
        framework, dimension, result.stage
    )
    partial = team is None and result.assessed and result.answered < result.asked
    return DimensionView(
        number=dimension.number,
        name=dimension.name,
        purpose=dimension.purpose,
        is_anchor=dimension.id == framework.anchor,
        assessed=result.assessed,
        score=score_text(result.score),
        stage=stage_text(framework, result.stage),
        stage_number=result.stage,
        stage_name=framework.stage(result.stage).name if result.stage is not None else "",
        answered_note=f"{result.answered} of {result.asked} questions answered" if partial else "",
        bar=_percent(result.score),
        range_text=_range_text(spread),
        range_left=_percent(spread.minimum) if spread is not None else None,
        range_width=_percent(spread.maximum - spread.minimum) if spread is not None else None,
        agreement=spread.agreement.value if spread is not None else "",
        movement=_movement(framework, change) if change is not None else None,
        looks_like=looks_like,
        next_heading=next_heading,
        next_looks_like=next_looks_like,
        moves_heading=moves_heading,
        next_moves=moves,
        questions=_question_counts(framework, dimension, team) if team is not None else (),
    )


def _stage_texts(
    framework: Framework, dimension: Dimension, stage: int | None
) -> tuple[str, str, str, str, tuple[str, ...]]:
    """What now looks like, what next looks like (or how to sustain the top stage), the moves."""
    if stage is None:
        return "", "", "", "", ()
    now = dimension.stage(stage)
    if stage == len(framework.stages):
        return (
            now.looks_like,
            "This is the top stage",
            "There is no stage beyond this one: the work now is keeping it, as people, "
            "customers and products change.",
            "To sustain it",
            now.next_moves,
        )
    following = framework.stage(stage + 1)
    return (
        now.looks_like,
        f"What Stage {following.number} · {following.name} looks like",
        dimension.stage(stage + 1).looks_like,
        f"Next moves towards Stage {following.number}",
        now.next_moves,
    )


def _movement(framework: Framework, change: Change) -> Movement:
    before = (
        f"previously {score_text(change.before)}, {stage_text(framework, change.stage_before)}"
        if change.before is not None
        else f"previously {NOT_ASSESSED}"
    )
    if change.before is None:
        was = ""
    elif change.stage_changed:
        was = f"was {format_score(change.before)}, Stage {change.stage_before}"
    else:
        was = f"was {format_score(change.before)}"
    return Movement(
        text=change_text(change),
        was=was,
        direction=change.direction.value if change.direction is not None else "",
        before=before,
        marker=_percent(change.before) if change.before is not None else None,
    )


def _range_text(spread: DimensionSpread | None) -> str:
    if spread is None:
        return ""
    low = score_text(spread.minimum).removesuffix(" / 4")
    high = score_text(spread.maximum).removesuffix(" / 4")
    return low if low == high else f"{low}–{high}"


def _question_counts(
    framework: Framework, dimension: Dimension, team: TeamProfile
) -> tuple[QuestionCounts, ...]:
    views = []
    for question in framework.questions_in(dimension.id):
        spread = team.question(question.id)
        options = tuple(
            OptionCount(
                stage=option.stage,
                label=option.label,
                count=spread.counts[option.stage - 1],
                width=f"{100 * spread.counts[option.stage - 1] / max(spread.answered, 1):.1f}%",
            )
            for option in sorted(question.options, key=lambda o: o.stage)
        )
        views.append(
            QuestionCounts(prompt=question.prompt, answered=spread.answered, options=options)
        )
    return tuple(views)


def _prompt(framework: Framework, spread: QuestionSpread) -> Prompt:
    question = framework.question(spread.question_id)
    counts = tuple(
        (spread.counts[option.stage - 1], option.label)
        for option in sorted(question.options, key=lambda o: o.stage)
        if spread.counts[option.stage - 1]
    )
    return Prompt(prompt=question.prompt, counts=counts)


def _percent(score: Fraction | None) -> str:
    """A score's place on a 0–4 bar as a CSS length; the same scale as the chart's radius."""
    return "0%" if score is None else f"{100 * float(score) / 4:.1f}%"
