"""Answers that cannot both be true: pointed out to the person, who knows which one holds.

A respondent who says no outcomes are documented and also that renewals rest on outcomes the
customer confirmed has either misread a question or hoped for the better answer. Scoring both as
given would average a guess; the profile instead names the two answers and asks.
"""

from __future__ import annotations

from scoring.framework import Contradiction, Framework
from scoring.individual import Answers

SHOWN_AT_MOST = 2
"""More than two such notes reads as an accusation rather than a question."""


def contradictions(framework: Framework, answers: Answers) -> tuple[Contradiction, ...]:
    """The framework's contradiction rules these answers meet, in the framework's order."""
    met = tuple(
        rule
        for rule in framework.contradictions
        if answers.get(rule.claim.question) in rule.claim.stages
        and answers.get(rule.conflict.question) in rule.conflict.stages
    )
    return met[:SHOWN_AT_MOST]
