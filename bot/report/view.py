"""The page's content as plain values, worked out in Python so the template only lays it out.

Every decision (which stage text to show, what a change reads as, how wide a bar is) is made
here, where it is typed and testable; the template holds no arithmetic and no framework lookups.
No option list here carries a stage, and none is in stage order: the page is forwarded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from bot.messages.comments import COMMENT_QUESTION, held_back_text
from bot.report.commitments import CommitmentLine, commitment_lines, relation_sentences
from bot.report.groups import GroupRow, gaps_text, group_rows, groups_note, own_role_line
from bot.report.model import ReportData, band_shown
from bot.report.wording import (
    NOT_ASSESSED,
    agreement_rule,
    change_text,
    counts_hidden_text,
    coverage_text,
    date_text,
    detail_note,
    dimension_stage_text,
    dimension_unknown_text,
    glossary,
    headline,
    option_counts,
    score_text,
    stage_rule,
    stage_text,
    start_reason,
    terms_applied,
    trend_note,
    unknown_note,
)
from scoring import (
    Agreement,
    Change,
    DimensionResult,
    DimensionSpread,
    Framework,
    Profile,
    QuestionSpread,
    TeamProfile,
    format_score,
)
from scoring.framework import Dimension, Term
from scoring.numbers import bar_fill


@dataclass(frozen=True)
class OptionCount:
    label: str
    count: int
    width: str
    """Share of the people who answered the question, as a CSS width."""


@dataclass(frozen=True)
class QuestionCounts:
    prompt: str
    answered: int | None
    """How many chose an option (None where the counts are not shown: with them hidden, how many
    answered and how many did not know would tell the same story)."""
    options: tuple[OptionCount, ...]
    """Most chosen first, ties by label; empty where the counts may not be shown."""
    unknown: int
    """Members who answered "don't know"."""
    hidden_note: str
    """Why the counts are not shown (fewer than the minimum chose an option), or empty."""


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
    """A person's "don't know" answers in this dimension ("1 of 4 questions …"), or empty."""
    coverage_note: str
    """For a team: why no figure is shown, and how many members did not know; or empty."""
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
    terms: tuple[Term, ...]
    """Terms named by options chosen here, explained where they apply."""


@dataclass(frozen=True)
class Prompt:
    prompt: str
    counts: tuple[tuple[int, str], ...]
    """(how many chose it, option label) for the options somebody chose, most chosen first and
    ties by label: never in stage order."""
    unknown: int


@dataclass(frozen=True)
class PageView:
    title: str
    subtitle: str
    is_team: bool
    overall_assessed: bool
    overall_stage: str
    overall_score: str
    headline: str
    """The stage and score in one line, naming the anchor's cap when it applies."""
    overall_summary: str
    overall_movement: Movement | None
    cap_note: str
    trend_note: str
    """Said when the previous run was taken with other questions; empty otherwise."""
    anchor_name: str
    dimensions: tuple[DimensionView, ...]
    start_with: DimensionView | None
    start_reason: str
    aligned: tuple[str, ...]
    split: tuple[str, ...]
    prompts: tuple[Prompt, ...]
    glossary: tuple[Term, ...]
    disagreements: tuple[str, ...]
    """A person's answers that disagree (at most two notes); never on a team's page."""
    unknown_note: str
    """A person's "don't know" answers: how many, and that they are not scored."""
    stage_rule: str
    agreement_rule: str
    minimum: int
    """A team run's minimum: no figure rests on fewer members (1 for a person)."""
    range_shown: bool
    """The chart's shaded band of members' scores is drawn (a team of enough respondents)."""
    previous_scores_shown: bool
    """The previous run's scores are marked (not when the trend is shown as stages only)."""
    detail_note: str
    """Why members' ranges or per-option counts are left out, when they are; or empty."""
    framework_version: str
    generated: str
    groups: tuple[GroupRow, ...] = ()
    """Where roles see it differently: one row per role group (none where no split may be
    shown), a cell per dimension."""
    group_dimensions: tuple[str, ...] = ()
    """The dimensions' short names, the group table's columns."""
    gaps: str = ""
    groups_note: str = ""
    role_line: str = ""
    """A person's own page: "You answered as: CS leadership" (empty without a role)."""
    comments: tuple[CommentsView, ...] = ()
    comments_heading: str = ""
    commitments: tuple[CommitmentLine, ...] = ()
    """A team's last round: each commitment, its dimension and what became of it (never its
    owner: the page is read outside Slack, where a member id names nobody)."""
    commitment_sentences: tuple[str, ...] = ()
    """How the dimensions committed to moved, a sentence each."""


@dataclass(frozen=True)
class CommentsView:
    """One dimension's comments on the page: a team's (unsigned, shuffled) or held back with
    the reason, or a person's own."""

    dimension: str
    texts: tuple[str, ...]
    held_back_note: str = ""


def comment_views(data: ReportData) -> tuple[CommentsView, ...]:
    """The comments section, in the framework's dimension order. Each text is shown as written:
    the template escapes it like every other value."""
    views = []
    for dimension in data.framework.dimensions:
        if data.team_comments is not None:
            said = data.team_comments.of(dimension.id)
            if said is None:
                continue
            note = "" if said.shown else held_back_text(said.held_back, data.team_comments.minimum)
            views.append(CommentsView(dimension.name, said.shown, note))
        elif own := (data.own_comments or {}).get(dimension.id):
            views.append(CommentsView(dimension.name, (own,)))
    return tuple(views)


def page_view(data: ReportData) -> PageView:
    framework, profile, team, trend = data.framework, data.profile, data.team, data.trend
    dimensions = tuple(
        _dimension_view(
            framework,
            result,
            team,
            trend.dimension(result.dimension_id) if trend is not None else None,
            data.answers,
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
        headline=headline(framework, profile),
        overall_summary=overall.summary if overall is not None else "",
        overall_movement=_movement(framework, trend.overall) if trend is not None else None,
        cap_note=_cap_note(data),
        trend_note=trend_note(trend),
        anchor_name=framework.anchor_dimension.name,
        dimensions=dimensions,
        start_with=start_with,
        start_reason=_start_reason(framework, profile, start_with),
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
        prompts=tuple(_prompt(framework, team, q) for q in team.discussion_prompts) if team else (),
        glossary=glossary(framework),
        disagreements=tuple(rule.note for rule in data.disagreements),
        unknown_note=unknown_note(framework, profile) if team is None else "",
        stage_rule=stage_rule(framework),
        agreement_rule=agreement_rule(framework),
        minimum=team.minimum if team is not None else 1,
        range_shown=band_shown(data),
        previous_scores_shown=data.previous_scores_shown,
        detail_note=detail_note(team) if team is not None else "",
        framework_version=data.framework_version or framework.version,
        generated=date_text(data.generated_at),
        **_group_fields(framework, team),
        role_line=own_role_line(data.role),
        comments=comment_views(data),
        comments_heading=COMMENT_QUESTION,
        **_commitment_fields(data),
    )


def _commitment_fields(data: ReportData) -> dict[str, Any]:
    if data.team is None or data.review is None or not data.review.commitments:
        return {}
    return {
        "commitments": commitment_lines(data.framework, data.review),
        "commitment_sentences": relation_sentences(
            data.framework, data.review, data.team, data.trend
        ),
    }


def _group_fields(framework: Framework, team: TeamProfile | None) -> dict[str, Any]:
    if team is None or not team.groups:
        return {}
    return {
        "groups": group_rows(framework, team),
        "group_dimensions": tuple(d.short_name for d in framework.dimensions),
        "gaps": gaps_text(framework, team),
        "groups_note": groups_note(team),
    }


def _start_reason(framework: Framework, profile: Profile, start: DimensionView | None) -> str:
    """Why to start there, as in Slack; the anchor at the bottom also says what rests on it."""
    reason = start_reason(framework, profile)
    if start is not None and start.is_anchor and reason == "the lowest score":
        reason += "; it is also the anchor, which the other dimensions build on"
    return reason


def _cap_note(data: ReportData) -> str:
    """Why the overall stage is lower than the scores alone say (wording as in Slack)."""
    profile, framework = data.profile, data.framework
    if not profile.capped_by_anchor:
        return ""
    anchor = framework.anchor_dimension
    return (
        f"The overall stage is never more than one above {anchor.name}, which is at "
        f"{stage_text(framework, profile.anchor.stage)}: everything else depends on knowing what "
        "customers need to achieve."
    )


def _dimension_view(
    framework: Framework,
    result: DimensionResult,
    team: TeamProfile | None,
    change: Change | None,
    answers: Mapping[str, int | None] | None,
) -> DimensionView:
    dimension = framework.dimension(result.dimension_id)
    spread = team.spread(dimension.id) if team is not None else None
    shown = spread is not None and team is not None and team.shows_range(spread)
    ranged = spread if shown else None
    looks_like, next_heading, next_looks_like, moves_heading, moves = _stage_texts(
        framework, dimension, result.stage
    )
    return DimensionView(
        number=dimension.number,
        name=dimension.name,
        purpose=dimension.purpose,
        is_anchor=dimension.id == framework.anchor,
        assessed=result.assessed,
        score=score_text(result.score),
        stage=dimension_stage_text(framework, result),
        stage_number=result.stage,
        stage_name=framework.stage(result.stage).name if result.stage is not None else "",
        answered_note=dimension_unknown_text(result) if team is None else "",
        coverage_note=coverage_text(team, dimension.id) if team is not None else "",
        bar=bar_width(result.score),
        range_text=_range_text(ranged),
        range_left=bar_width(ranged.minimum) if ranged is not None else None,
        range_width=bar_width(ranged.maximum - ranged.minimum) if ranged is not None else None,
        agreement=spread.agreement.value if spread is not None else "",
        movement=_movement(framework, change) if change is not None else None,
        looks_like=looks_like,
        next_heading=next_heading,
        next_looks_like=next_looks_like,
        moves_heading=moves_heading,
        next_moves=moves,
        questions=_question_counts(framework, dimension, team) if team is not None else (),
        terms=terms_applied(framework, dimension.id, answers=answers, team=team)
        if result.assessed
        else (),
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
    if change.stages_only:
        previously = (
            stage_text(framework, change.stage_before)
            if change.stage_before is not None
            else NOT_ASSESSED
        )
        return Movement(
            text=change_text(change),
            was=f"was Stage {change.stage_before}" if change.stage_changed else "",
            direction=change.direction.value if change.direction is not None else "",
            before=f"previously {previously}",
            marker=None,
        )
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
        marker=bar_width(change.before) if change.before is not None else None,
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
        shown = team.shows_question(spread)
        hidden = counts_hidden_text(team, spread)
        options = tuple(
            OptionCount(
                label=label,
                count=count,
                width=f"{100 * count / max(spread.answered, 1):.1f}%",
            )
            for label, count in option_counts(question, spread)
        )
        views.append(
            QuestionCounts(
                prompt=question.prompt,
                answered=spread.answered if shown else None,
                options=options if shown else (),
                unknown=spread.unknown if shown else 0,
                hidden_note=hidden[0].upper() + hidden[1:] + "." if hidden else "",
            )
        )
    return tuple(views)


def _prompt(framework: Framework, team: TeamProfile, spread: QuestionSpread) -> Prompt:
    """A question worth discussing; its counts only where they may be shown (it is named
    either way: that the team is divided on it says nothing about who chose what)."""
    question = framework.question(spread.question_id)
    if not team.shows_question(spread):
        return Prompt(prompt=question.prompt, counts=(), unknown=0)
    counts = tuple((count, label) for label, count in option_counts(question, spread) if count)
    return Prompt(prompt=question.prompt, counts=counts, unknown=spread.unknown)


def bar_width(score: Fraction | None) -> str:
    """A score's place on a 0–4 bar as a CSS length: `bar_fill`, as every bar (and the
    chart's radius)."""
    return "0%" if score is None else f"{100 * float(bar_fill(score)):.1f}%"
