"""The shipped instrument measures honestly: checks a CS leader's first read would make.

These hold for the current framework (older versions stay shipped only to show runs taken with
them). A failure here names the question to rewrite.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from scoring import default_framework
from scoring.framework import Question

FRAMEWORK = default_framework()
SIMILAR_LENGTH = 30
"""The longest option of a question is at most this many characters longer than the shortest:
a respondent should not be able to pick the most developed-sounding option by its size."""


def test_fifteen_questions_spread_four_two_three_two_two_two() -> None:
    spread = Counter(q.dimension for q in FRAMEWORK.questions)
    assert [spread[d.id] for d in FRAMEWORK.dimensions] == [4, 2, 3, 2, 2, 2]
    assert FRAMEWORK.scoring_rules == 2


@pytest.mark.parametrize("question", FRAMEWORK.questions, ids=lambda q: q.id)
def test_options_are_of_similar_length(question: Question) -> None:
    lengths = {option.stage: len(option.text) for option in question.options}
    assert max(lengths.values()) - min(lengths.values()) <= SIMILAR_LENGTH, lengths


def test_the_stage_4_option_is_rarely_the_longest() -> None:
    longest_is_4 = [
        q.id
        for q in FRAMEWORK.questions
        if (lengths := sorted((len(o.text), o.stage) for o in q.options))[-1][1] == 4
        and lengths[-1][0] > lengths[-2][0]
    ]
    assert len(longest_is_4) <= 4, longest_is_4


@pytest.mark.parametrize("question", FRAMEWORK.questions, ids=lambda q: q.id)
def test_no_option_names_a_stage(question: Question) -> None:
    for option in question.options:
        for words in (option.text, option.label):
            assert not re.search(r"\bstage\b|\b[1-4]\b", words, re.IGNORECASE), words


def test_desired_outcome_and_the_seed_ideas_are_explained_and_measured() -> None:
    terms = {t.id for t in FRAMEWORK.terms}
    assert {
        "desired_outcome",
        "required_outcome",
        "appropriate_experience",
        "middle_cohort",
    } <= terms
    named = {o.term for q in FRAMEWORK.questions for o in q.options if o.term}
    assert {"appropriate_experience", "middle_cohort"} <= named


def test_contradictions_are_about_the_anchor() -> None:
    assert 2 <= len(FRAMEWORK.contradictions) <= 4
    for rule in FRAMEWORK.contradictions:
        assert FRAMEWORK.question(rule.claim.question).dimension == FRAMEWORK.anchor
        assert FRAMEWORK.question(rule.conflict.question).dimension != FRAMEWORK.anchor


def test_health_scoring_first_move_is_not_an_activity_score() -> None:
    """The seed's point: a score of logins and NPS is a usage report, not a health score."""
    first = " ".join(FRAMEWORK.dimension("health").stage(1).next_moves).lower()
    assert not re.search(r"logins|nps|ticket volume", first), first
