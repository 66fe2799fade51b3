"""The Outcome Readiness framework and its scoring: pure functions over immutable data, no I/O."""

from scoring.contradictions import contradictions
from scoring.framework import (
    Framework,
    FrameworkError,
    default_framework,
    load_framework,
    shipped_framework,
)
from scoring.groups import Gap, GroupFigure, GroupProfile, role_groups
from scoring.individual import AnswerError, Answers, score_individual
from scoring.numbers import format_score, stage_for
from scoring.option_order import LETTERS, letter_of, lettered, new_seed, option_at
from scoring.profile import DimensionResult, Profile
from scoring.roles import Role, role_of
from scoring.team import (
    Agreement,
    DimensionCoverage,
    DimensionSpread,
    QuestionSpread,
    TeamProfile,
    score_team,
)
from scoring.trend import Change, Direction, Trend, compare

__all__ = [
    "LETTERS",
    "Agreement",
    "AnswerError",
    "Answers",
    "Change",
    "DimensionCoverage",
    "DimensionResult",
    "DimensionSpread",
    "Direction",
    "Framework",
    "FrameworkError",
    "Gap",
    "GroupFigure",
    "GroupProfile",
    "Profile",
    "QuestionSpread",
    "Role",
    "TeamProfile",
    "Trend",
    "compare",
    "contradictions",
    "default_framework",
    "format_score",
    "letter_of",
    "lettered",
    "load_framework",
    "new_seed",
    "option_at",
    "role_groups",
    "role_of",
    "score_individual",
    "score_team",
    "shipped_framework",
    "stage_for",
]
