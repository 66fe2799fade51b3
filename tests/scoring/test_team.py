from __future__ import annotations

from fractions import Fraction

import pytest

from scoring import Agreement, compare, default_framework, score_individual, score_team
from scoring.team import DETAIL_MINIMUM
from tests.scoring.builders import answers, everywhere


def test_team_dimension_is_the_mean_of_members_dimension_scores() -> None:
    framework = default_framework()
    members = [
        answers(outcomes=[2, 2, 2, 2], health=[1, 2]),  # outcomes 2, health 1.5
        answers(outcomes=[3, 3, 3, 3], health=[2, 2]),  # outcomes 3, health 2
        answers(outcomes=[3, 3, 2, 2], health=[4]),  # outcomes 2.5, health 4 (one answer)
    ]
    team = score_team(framework, members)
    outcomes = team.spread("outcomes")
    assert outcomes is not None
    assert (outcomes.mean, outcomes.median, outcomes.minimum, outcomes.maximum) == (
        Fraction(5, 2),
        Fraction(5, 2),
        Fraction(2),
        Fraction(3),
    )
    assert outcomes.stage_counts == (0, 2, 1, 0)  # 2 -> S2, 2.5 -> S2, 3 -> S3
    assert outcomes.agreement is Agreement.ALIGNED
    health = team.spread("health")
    assert health is not None
    # Each member weighs the same, however many questions they answered.
    assert health.mean == (Fraction(3, 2) + 2 + 4) / 3
    assert health.stage_counts == (1, 1, 0, 1)
    assert health.agreement is Agreement.SPLIT
    assert health.respondents == 3
    assert team.spread("renewal") is None
    assert team.profile.dimension("renewal").score is None
    assert team.respondents == 3


@pytest.mark.parametrize(
    ("member_outcomes", "agreement"),
    [
        ([[1, 1, 1, 1], [1, 1, 1, 1]], Agreement.ALIGNED),
        ([[1, 1, 1, 1], [2, 2, 2, 2]], Agreement.ALIGNED),  # adjacent stages still agree
        ([[1, 1, 1, 1], [3, 3, 3, 3]], Agreement.SPLIT),
        ([[2, 2, 2, 2], [3, 3, 3, 3], [4, 4, 4, 4]], Agreement.SPLIT),
        # 2.5 is Stage 2 and 3.5 is Stage 3: an agreement one stage wide.
        ([[3, 3, 2, 2], [4, 4, 3, 3]], Agreement.ALIGNED),
    ],
)
def test_agreement_is_aligned_when_stages_span_at_most_one(
    member_outcomes: list[list[int]], agreement: Agreement
) -> None:
    team = score_team(default_framework(), [answers(outcomes=o) for o in member_outcomes])
    spread = team.spread("outcomes")
    assert spread is not None and spread.agreement is agreement


def test_per_question_counts_and_discussion_prompts_rank_the_widest_disagreement_first() -> None:
    framework = default_framework()
    base = everywhere(3)
    members = [
        base | {"renewal.price_basis": 1, "health.measures": 2, "expansion.origin": 3},
        base | {"renewal.price_basis": 4, "health.measures": 3, "expansion.origin": 3},
        base | {"renewal.price_basis": 1, "health.measures": 4, "expansion.origin": 3},
        base | {"renewal.price_basis": 4, "health.measures": 3, "expansion.origin": 4},
    ]
    team = score_team(framework, members)
    assert team.question("renewal.price_basis").counts == (2, 0, 0, 2)
    assert team.question("health.measures").counts == (0, 1, 2, 1)
    assert team.question("onboarding.handoff").counts == (0, 0, 4, 0)
    prompts = [q.question_id for q in team.discussion_prompts]
    assert prompts == ["renewal.price_basis", "health.measures", "expansion.origin"]


def test_a_team_that_answers_alike_has_nothing_to_discuss() -> None:
    team = score_team(default_framework(), [everywhere(2)] * 4)
    assert team.discussion_prompts == ()


def test_team_overall_uses_the_anchor_rule() -> None:
    members = [everywhere(4) | answers(outcomes=[1, 1, 1, 1])] * 3
    team = score_team(default_framework(), members)
    assert team.profile.stage == 2
    assert team.profile.capped_by_anchor


def test_one_member_team_equals_that_members_profile() -> None:
    framework = default_framework()
    member = answers(outcomes=[1, 2, 3, 4], engagement=[2, 3, 3], renewal=[1, 4])
    assert score_team(framework, [member]).profile == score_individual(framework, member)


@pytest.mark.parametrize(("respondents", "detail"), [(3, False), (4, False), (5, True), (8, True)])
def test_the_members_range_and_per_option_counts_need_five(respondents: int, detail: bool) -> None:
    """With three, the mean and the lowest and highest leave exactly one set of scores: the
    members' own. Means, stages and agreement are shown from the minimum; the rest from five."""
    members = [everywhere(2 + i % 3) for i in range(respondents)]
    team = score_team(default_framework(), members, minimum=3)
    assert team.detail_minimum == DETAIL_MINIMUM == 5
    for spread in team.dimensions:
        assert spread is not None and team.shows_range(spread) is detail
    assert all(team.shows_question(q) is detail for q in team.questions)
    assert team.profile.score is not None and not team.changed_by_few


@pytest.mark.parametrize(
    ("joined_or_left", "hidden"), [(0, False), (1, True), (2, True), (3, False)]
)
def test_fewer_than_the_minimum_joining_or_leaving_hides_counts_and_score_deltas(
    joined_or_left: int, hidden: bool
) -> None:
    members = [everywhere(2 + i % 3) for i in range(6)]
    team = score_team(default_framework(), members, minimum=3, membership_change=joined_or_left)
    assert team.changed_by_few is hidden and team.trend_stages_only is hidden
    assert all(team.shows_question(q) is not hidden for q in team.questions)
    spread = team.spread("outcomes")
    assert spread is not None and team.shows_range(spread), "the range does not depend on it"
    earlier = score_team(default_framework(), members[:5], minimum=3).profile
    trend = compare(earlier, team.profile, stages_only=team.trend_stages_only)
    assert (trend.overall.delta is None) is hidden
    assert trend.overall.stage_before == earlier.stage
