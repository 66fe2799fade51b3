"""Answers written the way a reader thinks of them: per dimension, in question order."""

from __future__ import annotations

from functools import cache
from importlib import resources

from scoring import Framework, default_framework
from scoring.framework import parse_framework


def answers(framework: Framework | None = None, **stages: list[int]) -> dict[str, int]:
    """`answers(outcomes=[1, 2, 2, 3], renewal=[4, 4])` -> {question id: stage}."""
    framework = framework or default_framework()
    chosen: dict[str, int] = {}
    for dimension_id, picks in stages.items():
        questions = framework.questions_in(dimension_id)
        assert len(picks) <= len(questions), f"{dimension_id} has {len(questions)} questions"
        chosen |= {q.id: s for q, s in zip(questions, picks, strict=False)}
    return chosen


def everywhere(stage: int, framework: Framework | None = None) -> dict[str, int]:
    return {q.id: stage for q in (framework or default_framework()).questions}


TEST_VERSION = "test.2"
TERMS = (
    (
        "desired_outcome",
        "Desired Outcome",
        "What a customer needs to achieve: their Required Outcome, reached through an "
        "Appropriate Experience.",
    ),
    ("required_outcome", "Required Outcome", "The business result the customer must get."),
    (
        "appropriate_experience",
        "Appropriate Experience",
        "The way the customer needs to reach that result, given their team, limits and setting.",
    ),
    (
        "middle_cohort",
        "Middle Cohort Conundrum",
        "Customers who stay because leaving is hard, not because they got results: they churn "
        "late, and all at once.",
    ),
)
CONTRADICTION_NOTE = (
    "You said nothing consistent is written down about customers' outcomes, yet that your "
    "health score tracks progress on them. Which is true today?"
)
_TERMS = "".join(
    f'\n[[terms]]\nid = "{i}"\nname = "{name}"\nmeaning = "{meaning}"\n'
    for i, name, meaning in TERMS
)
_CONTRADICTIONS = f"""
[[contradictions]]
id = "no_outcomes_yet_health_on_outcomes"
claim = {{ question = "outcomes.documentation", stages = [1] }}
conflict = {{ question = "health.measures", stages = [3, 4] }}
note = "{CONTRADICTION_NOTE}"
"""


@cache
def rules_2_framework() -> Framework:
    """The 2026.1 questions under scoring rules 2, with terms and a contradiction rule.

    The shipped 2026.1 keeps rules 1 (its runs show what they showed) and has no terms; this
    variant lets tests exercise the rules and words of a newer version without depending on
    the wording of whichever version ships next. "Usage evidence" (renewal.price_basis, the
    Stage 3 option) names the Middle Cohort Conundrum.
    """
    text = (resources.files("scoring") / "frameworks" / "2026.1.toml").read_text(encoding="utf-8")
    text = text.replace('version = "2026.1"', f'version = "{TEST_VERSION}"', 1)
    text = text.replace("scoring_rules = 1", "scoring_rules = 2", 1)
    usage = 'label = "Usage evidence"\n'
    assert text.count(usage) == 1
    text = text.replace(usage, usage + '  term = "middle_cohort"\n')
    first_stage = text.index("[[stages]]")
    text = text[:first_stage] + _TERMS + "\n" + text[first_stage:] + _CONTRADICTIONS
    return parse_framework(text, source="rules_2_framework")
