"""Role groups: shown only where nobody's scores can be worked out by subtracting them from the
team's, and the widest gaps between them named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from scoring import Role, default_framework, score_team
from scoring.groups import role_groups
from scoring.individual import dimension_scores
from tests.scoring.builders import answers, everywhere

L, C, OPS, U = Role.LEADERSHIP, Role.CSM, Role.OPERATIONS, Role.UNDISCLOSED


def _shown(roles: Sequence[Role | None], minimum: int = 3) -> list[Role]:
    members = [everywhere(2) for _ in roles]
    scores = [dimension_scores(default_framework(), m) for m in members]
    groups, _ = role_groups(default_framework(), scores, roles, minimum=minimum)
    return [g.role for g in groups]


def test_groups_are_shown_when_each_and_the_remainder_reach_the_minimum() -> None:
    assert _shown([L] * 3 + [C] * 3 + [OPS] * 3) == [L, C, OPS]
    assert _shown([L] * 3 + [C] * 3) == [L, C]  # remainder empty
    assert _shown([L] * 3 + [C] * 3 + [U, None, OPS]) == [L, C]  # remainder of three, mixed


def test_a_remainder_below_the_minimum_drops_the_smallest_group_or_the_whole_split() -> None:
    # 3 + 3 + 2 "prefer not to say": the two would be the team minus the groups. No split.
    assert _shown([L] * 3 + [C] * 3 + [U] * 2) == []
    # 3 + 3 + 2 operations: operations is too small, so it joins the remainder, which is too small.
    assert _shown([L] * 3 + [C] * 3 + [OPS] * 2) == []
    # 4 + 3 + 1: dropping the smaller group makes a remainder of four, but one group is no split.
    assert _shown([L] * 4 + [C] * 3 + [None]) == []
    # 4 + 3 + 3 + 1: dropping a three makes the remainder four; two groups stay.
    assert _shown([L] * 4 + [C] * 3 + [OPS] * 3 + [None]) == [L, C]


def test_prefer_not_to_say_is_never_a_group() -> None:
    assert _shown([U] * 3 + [C] * 3) == []
    assert _shown([U] * 3 + [C] * 3 + [L] * 3) == [L, C]


def test_the_same_roles_in_another_order_give_the_same_groups() -> None:
    roles: Sequence[Role | None] = [L, C, OPS, L, C, OPS, L, C, OPS, None]
    assert _shown(roles, minimum=3) == _shown(list(reversed(roles)), minimum=3)


def test_a_dimension_figure_is_hidden_where_subtraction_would_give_someone_away() -> None:
    framework = default_framework()
    # Leadership: 3, all answered renewal. CSM: 3, only 2 answered renewal. Operations: 3.
    members = [everywhere(3) for _ in range(3)]
    members += [everywhere(2), everywhere(2), answers(outcomes=[2, 2, 2, 2])]
    members += [everywhere(1) for _ in range(3)]
    roles: Sequence[Role | None] = [L] * 3 + [C] * 3 + [OPS] * 3
    scores = [dimension_scores(framework, m) for m in members]
    groups, _ = role_groups(framework, scores, roles, minimum=3)
    by_role = {g.role: g for g in groups}
    assert [g.role for g in groups] == [L, C, OPS]
    # CSM's renewal rests on two: hidden. Leadership's and operations' stay (the rest is two,
    # CSM's answerers: too few, so the smaller of the two is hidden too).
    assert by_role[C].figure("renewal") is None
    shown = [r for r in (L, OPS) if by_role[r].figure("renewal") is not None]
    assert len(shown) == 1
    figures = [f for r in shown if (f := by_role[r].figure("renewal")) is not None]
    assert 8 - sum(f.respondents for f in figures) >= 3
    # Where everyone answered, every group's figure is shown, with its mean and stage.
    outcomes = by_role[C].figure("outcomes")
    assert outcomes is not None and (outcomes.mean, outcomes.stage) == (Fraction(2), 2)


def test_the_widest_gaps_name_the_highest_and_lowest_group() -> None:
    framework = default_framework()
    members = [answers(outcomes=[3, 3, 3, 3], health=[2, 2]) for _ in range(3)]
    members += [answers(outcomes=[2, 2, 2, 2], health=[2, 3]) for _ in range(3)]
    roles: Sequence[Role | None] = [L] * 3 + [C] * 3
    team = score_team(framework, members, minimum=3, roles=roles)
    assert [g.role for g in team.groups] == [L, C]
    # Outcomes differ by a point, health by half a point: both named, the wider first.
    assert [g.dimension_id for g in team.gaps] == ["outcomes", "health"]
    gap = team.gaps[0]
    assert (gap.dimension_id, gap.high_role, gap.low_role) == ("outcomes", L, C)
    assert (gap.high_mean, gap.high_stage) == (Fraction(3), 3)
    assert (gap.low_mean, gap.low_stage) == (Fraction(2), 2)


def test_without_roles_the_team_result_is_unchanged() -> None:
    framework = default_framework()
    members = [everywhere(s) for s in (1, 2, 3, 4, 2)]
    plain = score_team(framework, members, minimum=3)
    assert plain.groups == () and plain.gaps == ()
    split = score_team(framework, members, minimum=1, roles=[L, L, C, C, None])
    assert split.groups
    assert replace(split, groups=(), gaps=()) == score_team(framework, members, minimum=1)
