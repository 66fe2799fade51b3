"""Words and numbers shared by the Slack messages, the chart, its alt text and the page, so they
never disagree."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from fractions import Fraction

from scoring import (
    Change,
    DimensionResult,
    Direction,
    Framework,
    Profile,
    QuestionSpread,
    TeamProfile,
    Trend,
    format_score,
)
from scoring.framework import Question, Term
from scoring.numbers import nearly_next
from scoring.profile import START_WITH_ANCHOR_BELOW

ARROWS = {Direction.UP: "↑", Direction.DOWN: "↓", Direction.SAME: "→"}
NOT_ASSESSED = "not assessed"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def score_text(score: Fraction | None) -> str:
    """ "2.6 / 4", as in the Slack message; `format_score` keeps a rounding boundary honest."""
    return NOT_ASSESSED if score is None else f"{format_score(score)} / 4"


def stage_text(framework: Framework, stage: int | None) -> str:
    """ "Stage 3 · Make it Matter"."""
    if stage is None:
        return NOT_ASSESSED
    return f"Stage {stage} · {framework.stage(stage).name}"


def headline(framework: Framework, profile: Profile, *, short: bool = False) -> str:
    """The overall stage and score in one line, and when the anchor holds the stage down, why.

    "Stage 2 · Make it Stick (3.5 / 4)" would contradict itself; the cap is named in the same line
    so the stage and the score can never be read apart: "Stage 2 · Make it Stick — held one stage
    above Outcome Definition & Success Planning (Stage 1); the score alone (3.5 / 4) would be
    Stage 3". Short of the next stage by a quarter point or less, it says "nearly Stage 3".
    `short` names the anchor by its short name, for a message that names every dimension so.
    """
    if profile.stage is None or profile.score is None:
        return NOT_ASSESSED
    stage = stage_text(framework, profile.stage)
    anchor = framework.anchor_dimension
    anchor_name = anchor.short_name if short else anchor.name
    if profile.capped_by_anchor:
        return (
            f"{stage} — held one stage above {anchor_name} "
            f"(Stage {profile.anchor.stage}); the score alone ({score_text(profile.score)}) "
            f"would be Stage {profile.uncapped_stage}"
        )
    return f"{stage}{_nearly(profile.score, profile.stage)} ({score_text(profile.score)})"


def dimension_stage_text(framework: Framework, result: DimensionResult) -> str:
    """ "Stage 2 · Make it Stick, nearly Stage 3": a 2.9 is not Stage 3, and says how close."""
    if result.stage is None or result.score is None:
        return NOT_ASSESSED
    return stage_text(framework, result.stage) + _nearly(result.score, result.stage)


def _nearly(score: Fraction, stage: int) -> str:
    return f", nearly Stage {stage + 1}" if nearly_next(score, stage) else ""


def stage_rule(framework: Framework) -> str:
    """How a score becomes a stage, under the rules the run was taken with."""
    if framework.scoring_rules == 1:
        return (
            "A dimension's stage is its score rounded to the nearest stage, halves rounding down."
        )
    return (
        "A stage is reached when the score is at least that stage: 2.99 is Stage 2, nearly Stage 3."
    )


def agreement_rule(framework: Framework) -> str:
    """What "aligned" and "split" mean, under the rules the run was taken with."""
    if framework.scoring_rules == 1:
        return "aligned: members' stages span at most one stage; split: they span more"
    return "aligned: members' scores within one point of each other; split: further apart"


def start_reason(framework: Framework, profile: Profile) -> str:
    """Why the place to start is where it is, to follow "Start with <dimension>"."""
    start = profile.place_to_start
    if start is None:
        return ""
    anchor = profile.anchor
    if (
        framework.scoring_rules >= 2
        and start.dimension_id == anchor.dimension_id
        and anchor.stage is not None
        and anchor.stage < START_WITH_ANCHOR_BELOW
    ):
        return (
            f"it is below Stage {START_WITH_ANCHOR_BELOW}, and every other move builds on "
            "documented outcomes"
        )
    return "the lowest score"


def count_of(count: int, word: str, plural_word: str | None = None) -> str:
    """ "1 member", "3 members"."""
    return f"{count} {word if count == 1 else (plural_word or word + 's')}"


def coverage_text(team: TeamProfile, dimension_id: str) -> str:
    """How many members could answer a dimension, when that changes what the team sees.

    A dimension fewer than the minimum could answer shows no figure, and says so instead of a
    score; how many said "don't know" is a finding in itself (a knowledge gap), so it is said
    whenever anyone did.
    """
    coverage = team.coverage_of(dimension_id)
    if coverage is None:
        return ""
    said: list[str] = []
    if coverage.withheld:
        said.append(
            f"Only {coverage.answered} could answer this; figures are shown from {team.minimum}."
        )
    elif coverage.answered == 0:
        said.append("Nobody could answer this, so it is not assessed.")
    if coverage.unknown:
        said.append(
            f"{count_of(coverage.unknown, 'member')} did not know at least one of its questions."
        )
    return " ".join(said)


def detail_note(team: TeamProfile) -> str:
    """Why members' ranges or per-option counts are missing, when some are ("" otherwise)."""
    spreads = [s for s in team.dimensions if s is not None]
    counts_held = any(team.minimum <= q.answered < team.detail_minimum for q in team.questions)
    if all(team.shows_range(s) for s in spreads) and not counts_held:
        return ""
    return (
        "Members' lowest and highest scores and how many chose each option are shown only "
        f"where at least {team.detail_minimum} answered, so that nobody's answers can be "
        "worked out from them."
    )


def unknown_note(framework: Framework, profile: Profile) -> str:
    """A person's own "don't know" answers: how many, and that they are not scored."""
    total = sum(d.unknown for d in profile.dimensions)
    if not total:
        return ""
    unscored = [
        framework.dimension(d.dimension_id).name
        for d in profile.dimensions
        if d.unknown and not d.assessed
    ]
    note = (
        f"You answered “don't know” to {count_of(total, 'question')}: "
        f"{'it is' if total == 1 else 'they are'} not scored"
    )
    if unscored:
        verb = "is" if len(unscored) == 1 else "are"
        note += f", so {' and '.join(unscored)} {verb} not assessed"
    return note + "."


def dimension_unknown_text(result: DimensionResult) -> str:
    """What a person's own answers in a dimension leave unscored, or "" when nothing.

    "1 of 4 questions “don't know”, not scored"; "you answered “don't know” to every question";
    "2 of 3 questions answered" (for answers missing, as from a CSV with empty cells).
    """
    if result.unknown:
        if not result.assessed:
            if result.unknown == result.asked:
                return "you answered “don't know” to every question"
            return f"{result.unknown} of {result.asked} questions “don't know”, the rest unanswered"
        return f"{result.unknown} of {result.asked} questions “don't know”, not scored"
    if result.assessed and result.answered < result.asked:
        return f"{result.answered} of {result.asked} questions answered"
    return ""


def counts_hidden_text(team: TeamProfile, question: QuestionSpread) -> str:
    """Why a question's counts are not shown, in a sentence's words ("" when shown)."""
    if team.shows_question(question):
        return ""
    if not question.answered:
        return "nobody chose an option"
    if team.changed_by_few:
        return (
            f"counts not shown: fewer than {team.minimum} people joined or left since the "
            "previous run"
        )
    return f"counts not shown: fewer than {max(team.minimum, team.detail_minimum)} chose an option"


def option_counts(question: Question, spread: QuestionSpread) -> tuple[tuple[str, int], ...]:
    """(label, how many chose it), most chosen first, ties by label: never in stage order.

    Each count is read through the option's own stage, never its place in the file, and the
    order says nothing about stages, so a list of options shown to a channel is no answer key.
    """
    pairs = [(option.label, spread.counts[option.stage - 1]) for option in question.options]
    return tuple(sorted(pairs, key=lambda pair: (-pair[1], pair[0].casefold(), pair[0])))


GLOSSARY = ("desired_outcome", "required_outcome", "appropriate_experience")
"""Terms the advice uses throughout, defined once at the top of a report."""


def glossary(framework: Framework) -> tuple[Term, ...]:
    """The glossary's terms this framework has (none for a framework without terms)."""
    known = {term.id for term in framework.terms}
    return tuple(framework.term(term_id) for term_id in GLOSSARY if term_id in known)


def terms_applied(
    framework: Framework,
    dimension_id: str,
    *,
    answers: Mapping[str, int | None] | None = None,
    team: TeamProfile | None = None,
) -> tuple[Term, ...]:
    """Terms named by options chosen in a dimension, to explain where they apply.

    A person's report explains the terms of the options they chose; a team's, those of options
    someone chose on a question whose counts are shown. The glossary's terms are defined once,
    above, and not again here.
    """
    found: list[Term] = []
    for question in framework.questions_in(dimension_id):
        spread = team.question(question.id) if team is not None else None
        if spread is not None and team is not None and not team.shows_question(spread):
            continue
        for option in question.options:
            if option.term is None or option.term in GLOSSARY:
                continue
            if spread is not None:
                chosen = spread.counts[option.stage - 1] > 0
            else:
                chosen = answers is not None and answers.get(question.id) == option.stage
            term = framework.term(option.term)
            if chosen and term not in found:
                found.append(term)
    return tuple(found)


QUESTIONS_CHANGED = (
    "The questions changed between these two runs (a new version of the assessment), so part "
    "of any change may come from the questions rather than from how the work is done."
)


STAGES_ONLY = (
    "Only a few people joined or left since the previous run, so only stages are compared, "
    "and this run's per-option counts are not shown: the difference could be their answers alone."
)


def trend_note(trend: Trend | None) -> str:
    """Said wherever a trend is shown between runs taken with different versions, or shown as
    stages only."""
    if trend is None:
        return ""
    notes = [QUESTIONS_CHANGED] if trend.questions_changed else []
    if trend.stages_only:
        notes.append(STAGES_ONLY)
    return " ".join(notes)


def delta_text(delta: Fraction) -> str:
    """A signed change, one decimal rounded half away from zero; two where one would say 0.0.

    A real but small change (+0.04) shown as "+0.0" would read as "no change" next to an arrow.
    """
    if delta == 0:
        return "±0.0"
    for places in (1, 2):
        scale = 10**places
        shown = math.floor(abs(delta) * scale + Fraction(1, 2))
        if shown:
            sign = "+" if delta > 0 else "-"
            return f"{sign}{shown / scale:.{places}f}"
    return "+0.00" if delta > 0 else "-0.00"


def change_text(change: Change) -> str:
    """ "↑ +0.4" for a scored change, "new" when there was no earlier score, "" when none now.

    A trend shown as stages only reads "↑ from Stage 2", "↓ from Stage 3" or "→ same stage".
    """
    if change.stages_only:
        if change.is_new:
            return "new"
        if change.direction is None:
            return ""
        if change.stage_changed:
            return f"{ARROWS[change.direction]} from Stage {change.stage_before}"
        return f"{ARROWS[change.direction]} same stage"
    if change.delta is None or change.direction is None:
        return "new" if change.after is not None and change.before is None else ""
    return f"{ARROWS[change.direction]} {delta_text(change.delta)}"


def date_text(when: datetime) -> str:
    """ "Nov 28, 2026, 14:05 UTC": month names fixed in English whatever the process locale."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    zone = " UTC" if when.tzinfo is not None else ""
    return f"{_MONTHS[when.month - 1]} {when.day}, {when.year}, {when:%H:%M}{zone}"
