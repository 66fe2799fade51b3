"""Properties that must hold for any answers anyone could give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scoring import default_framework, score_individual, score_team
from tests.scoring.builders import everywhere

FRAMEWORK = default_framework()
QUESTION_IDS = [q.id for q in FRAMEWORK.questions]

partial_answers = st.dictionaries(st.sampled_from(QUESTION_IDS), st.integers(1, 4))
complete_answers = st.fixed_dictionaries({qid: st.integers(1, 4) for qid in QUESTION_IDS})
teams = st.lists(partial_answers, min_size=1, max_size=12)


@given(partial_answers)
def test_scores_and_stages_stay_within_one_to_four(answers: dict[str, int]) -> None:
    profile = score_individual(FRAMEWORK, answers)
    for result in profile.dimensions:
        if result.score is not None:
            assert 1 <= result.score <= 4
            assert result.stage in (1, 2, 3, 4)
    if profile.score is not None:
        assert 1 <= profile.score <= 4


@given(complete_answers)
def test_overall_stage_is_never_more_than_one_above_the_anchor(answers: dict[str, int]) -> None:
    profile = score_individual(FRAMEWORK, answers)
    assert profile.stage is not None and profile.anchor.stage is not None
    assert profile.stage <= profile.anchor.stage + 1
    assert profile.stage <= (profile.uncapped_stage or 0)


@given(teams, st.randoms(use_true_random=False))
def test_team_result_does_not_depend_on_member_order(
    members: list[dict[str, int]], random: object
) -> None:
    shuffled = list(members)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert score_team(FRAMEWORK, members) == score_team(FRAMEWORK, shuffled)


@given(teams)
def test_team_scores_lie_between_the_lowest_and_highest_member(
    members: list[dict[str, int]],
) -> None:
    team = score_team(FRAMEWORK, members)
    for spread in team.dimensions:
        if spread is not None:
            assert spread.minimum <= spread.median <= spread.maximum
            assert spread.minimum <= spread.mean <= spread.maximum
            assert sum(spread.stage_counts) == spread.respondents


@given(st.integers(1, 12))
def test_all_fours_give_stage_four_everywhere(size: int) -> None:
    team = score_team(FRAMEWORK, [everywhere(4)] * size)
    assert team.profile.stage == 4
    assert all(d.stage == 4 for d in team.profile.dimensions)
    assert score_individual(FRAMEWORK, everywhere(4)).stage == 4


@given(partial_answers)
def test_a_one_member_team_equals_that_members_profile(answers: dict[str, int]) -> None:
    assert score_team(FRAMEWORK, [answers]).profile == score_individual(FRAMEWORK, answers)
