"""The Outcome Readiness framework and its scoring: pure functions over immutable data, no I/O."""

from scoring.framework import Framework, FrameworkError, default_framework, load_framework
from scoring.individual import AnswerError, Answers, score_individual
from scoring.numbers import format_score, stage_for
from scoring.profile import DimensionResult, Profile
from scoring.team import Agreement, DimensionSpread, QuestionSpread, TeamProfile, score_team
from scoring.trend import Change, Direction, Trend, compare

__all__ = [
    "Agreement",
    "AnswerError",
    "Answers",
    "Change",
    "DimensionResult",
    "DimensionSpread",
    "Direction",
    "Framework",
    "FrameworkError",
    "Profile",
    "QuestionSpread",
    "TeamProfile",
    "Trend",
    "compare",
    "default_framework",
    "format_score",
    "load_framework",
    "score_individual",
    "score_team",
    "stage_for",
]
