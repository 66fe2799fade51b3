"""Where parts of the org see a team's result differently: role groups and their widest gaps.

A group's figures are published beside the team's, so the rule is about subtraction: whoever is
not in a shown group (the remainder: "prefer not to say", no role, groups too small) can be
worked out as the team minus the groups. So a group is shown only when it, and the remainder,
each have at least the run's minimum, or the remainder is empty; and per dimension a group's
figure is shown only when the people it rests on, and everyone answered there but not in a
shown figure, again each reach the minimum (or the latter are none). "Prefer not to say" is
never a group, and one group alone is never a split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from scoring.framework import Framework
from scoring.numbers import mean, stage_for
from scoring.roles import Role

GAP_THRESHOLD = Fraction(1, 2)
"""The least difference between two groups' means worth naming."""
GAPS_NAMED = 2


@dataclass(frozen=True, slots=True)
class GroupFigure:
    dimension_id: str
    respondents: int
    """The group's members who answered at least one of the dimension's questions."""
    mean: Fraction
    stage: int


@dataclass(frozen=True, slots=True)
class GroupProfile:
    role: Role
    respondents: int
    figures: tuple[GroupFigure, ...]
    """Only the dimensions whose figure may be shown, in framework order."""

    def figure(self, dimension_id: str) -> GroupFigure | None:
        return next((f for f in self.figures if f.dimension_id == dimension_id), None)


@dataclass(frozen=True, slots=True)
class Gap:
    """The widest difference between two groups in one dimension: the highest and the lowest."""

    dimension_id: str
    high_role: Role
    high_mean: Fraction
    high_stage: int
    low_role: Role
    low_mean: Fraction
    low_stage: int

    @property
    def width(self) -> Fraction:
        return self.high_mean - self.low_mean


RoleAnswers = Mapping[Role | None, tuple[int, Fraction]]
"""One dimension's answers by role: how many of the role answered it, and their mean score.
(None gathers everyone in no role.)"""


def role_groups(
    framework: Framework,
    scores: Sequence[Mapping[str, Fraction | None]],
    roles: Sequence[Role | None],
    *,
    minimum: int,
) -> tuple[tuple[GroupProfile, ...], tuple[Gap, ...]]:
    """The groups a team result may be split by, and its widest gaps; ((), ()) when none may.

    `scores` are the members' dimension scores (as `scoring.individual.dimension_scores` gives
    them) and `roles` lines up with them, member by member.
    Deterministic: the same answers and roles give the same groups whatever order the members
    come in.
    """
    if len(roles) != len(scores):
        raise ValueError(f"{len(roles)} roles for {len(scores)} members")
    answered: list[RoleAnswers] = []
    for dimension in framework.dimensions:
        by_role: dict[Role | None, list[Fraction]] = {}
        for role, member in zip(roles, scores, strict=True):
            if (score := member[dimension.id]) is not None:
                by_role.setdefault(role, []).append(score)
        answered.append({role: (len(v), mean(v)) for role, v in by_role.items()})
    return groups_from_counts(framework, role_sizes(roles), len(roles), answered, minimum=minimum)


def role_sizes(roles: Sequence[Role | None]) -> dict[Role, int]:
    """How many members gave each role."""
    sizes = dict.fromkeys(Role, 0)
    for role in roles:
        if role in sizes:
            sizes[role] += 1
    return sizes


def groups_from_counts(
    framework: Framework,
    sizes: Mapping[Role, int],
    total: int,
    answered: Sequence[RoleAnswers],
    *,
    minimum: int,
) -> tuple[tuple[GroupProfile, ...], tuple[Gap, ...]]:
    """`role_groups` from what it rests on: each role's size among the `total` members, and
    per dimension (in framework order) each role's count and mean there. `score_team` counts
    these straight from its tally, without a score per member."""
    floor = max(minimum, 1)
    chosen = _qualifying_roles(sizes, total, floor)
    if len(chosen) < 2:
        return (), ()
    figures: dict[Role, list[GroupFigure]] = {role: [] for role in chosen}
    for dimension, by_role in zip(framework.dimensions, answered, strict=True):
        # Over the people who answered this dimension: the team's figure minus the shown
        # groups' would otherwise give the others' scores.
        shown = _safe_to_show(
            {role: by_role[role][0] if role in by_role else 0 for role in chosen},
            sum(count for count, _ in by_role.values()),
            floor,
        )
        for role in shown:
            count, group_mean = by_role[role]
            figures[role].append(
                GroupFigure(
                    dimension.id, count, group_mean, stage_for(group_mean, framework.scoring_rules)
                )
            )
    groups = tuple(GroupProfile(role, sizes[role], tuple(figures[role])) for role in chosen)
    return groups, _widest_gaps(framework, groups)


def _qualifying_roles(sizes: Mapping[Role, int], total: int, floor: int) -> list[Role]:
    """The roles shown as groups, in `Role` order (`_safe_to_show`); fewer than two left
    means no split."""
    groups = {role: sizes.get(role, 0) for role in Role if role.is_group}
    candidates = _safe_to_show(groups, total, floor)
    return candidates if len(candidates) >= 2 else []


def _safe_to_show(sizes: Mapping[Role, int], total: int, floor: int) -> list[Role]:
    """The roles whose figures may stand beside a figure of `total` people: each rests on at
    least `floor`, and everyone in no shown role is none or at least `floor` too. The smallest
    (the last in `Role` order on a tie) joins the rest until that holds."""
    order = list(Role)
    shown = [role for role, size in sizes.items() if size >= floor]
    while shown:
        rest = total - sum(sizes[role] for role in shown)
        if rest == 0 or rest >= floor:
            break
        shown.remove(min(shown, key=lambda role: (sizes[role], -order.index(role))))
    return shown


def _widest_gaps(framework: Framework, groups: tuple[GroupProfile, ...]) -> tuple[Gap, ...]:
    """Per dimension with two or more group figures, its highest against its lowest group;
    the widest (at least half a point) first, ties in framework order; at most two."""
    gaps: list[Gap] = []
    for dimension in framework.dimensions:
        present = [(g.role, f) for g in groups if (f := g.figure(dimension.id)) is not None]
        if len(present) < 2:
            continue
        high_role, high = max(present, key=lambda pair: pair[1].mean)
        low_role, low = min(present, key=lambda pair: pair[1].mean)
        if high.mean - low.mean >= GAP_THRESHOLD:
            gaps.append(
                Gap(
                    dimension.id,
                    high_role,
                    high.mean,
                    high.stage,
                    low_role,
                    low.mean,
                    low.stage,
                )
            )
    gaps.sort(key=lambda gap: -gap.width)  # stable: ties keep framework order
    return tuple(gaps[:GAPS_NAMED])
