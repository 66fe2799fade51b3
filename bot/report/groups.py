"""Where roles see it differently: the words every surface uses for a team's role groups.

One place for the Slack message, the full report, the page and the chart's alt text, so they
never disagree. Nothing here exists for a team result without groups (`TeamProfile.groups`):
the groups themselves were chosen by `scoring.groups`, which is where the privacy rule lives.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages.roles import role_label
from scoring import Framework, GroupProfile, Role, TeamProfile, format_score
from scoring.groups import Gap

__all__ = [
    "HEADING",
    "GroupRow",
    "alt_sentence",
    "gap_sentence",
    "gaps_text",
    "group_line",
    "group_rows",
    "groups_note",
    "own_role_line",
    "role_label",
]

HEADING = "Where roles see it differently"
NO_FIGURE = "–"


@dataclass(frozen=True)
class GroupCell:
    stage: str
    """ "Stage 2 (2.3)", or "–" where the group's figure is not shown."""


@dataclass(frozen=True)
class GroupRow:
    label: str
    respondents: int
    cells: tuple[GroupCell, ...]
    """One per dimension, in framework order."""


def group_rows(framework: Framework, team: TeamProfile) -> tuple[GroupRow, ...]:
    return tuple(
        GroupRow(
            label=role_label(group.role),
            respondents=group.respondents,
            cells=tuple(
                GroupCell(_figure_text(group, dimension.id)) for dimension in framework.dimensions
            ),
        )
        for group in team.groups
    )


def _figure_text(group: GroupProfile, dimension_id: str) -> str:
    figure = group.figure(dimension_id)
    if figure is None:
        return NO_FIGURE
    return f"Stage {figure.stage} ({format_score(figure.mean)})"


def group_line(framework: Framework, group: GroupProfile, *, short: bool = True) -> str:
    """ "CS leadership (3): Outcomes Stage 2 (2.3) · Onboarding Stage 3 (3.0) · …"; with
    `short=False`, by the dimensions' full names, for a message that names them so."""
    parts = []
    for figure in group.figures:
        dimension = framework.dimension(figure.dimension_id)
        name = dimension.short_name if short else dimension.name
        parts.append(f"{name} Stage {figure.stage} ({format_score(figure.mean)})")
    return f"{role_label(group.role)} ({group.respondents}): " + " · ".join(parts)


def gap_sentence(framework: Framework, gap: Gap) -> str:
    """ "CS leadership puts Customer Engagement Model at Stage 3 (3.1); CSM / account management
    at Stage 2 (2.2)"."""
    name = framework.dimension(gap.dimension_id).name
    return (
        f"{role_label(gap.high_role)} puts {name} at Stage {gap.high_stage} "
        f"({format_score(gap.high_mean)}); {role_label(gap.low_role)} at Stage {gap.low_stage} "
        f"({format_score(gap.low_mean)})"
    )


def gaps_text(framework: Framework, team: TeamProfile) -> str:
    """The widest gaps as sentences; or, with groups but no gap of half a point, that too."""
    if not team.groups:
        return ""
    if not team.gaps:
        return "No two roles are half a point or more apart in any dimension."
    return " ".join(f"{gap_sentence(framework, gap)}." for gap in team.gaps)


def groups_note(team: TeamProfile) -> str:
    """Why the split is what it is, in one sentence a reader can check."""
    return (
        f"Each role group shown has at least {team.minimum} respondents, and so has everyone "
        'else together (or nobody is left over); "prefer not to say" is never a group. A '
        "dimension shows a group's figure only where as many answered it."
    )


def alt_sentence(framework: Framework, team: TeamProfile, *, named: bool = True) -> str:
    """The groups' outlines in words, for the chart's alt text ("" without groups): each score
    named by its dimension, or (`named=False`, shorter) in the dimensions' order, "–" where the
    group's figure is not shown."""
    if not team.groups:
        return ""
    parts = []
    for group in team.groups:
        if named:
            scores = ", ".join(
                f"{framework.dimension(f.dimension_id).short_name} {format_score(f.mean)}"
                for f in group.figures
            )
        else:
            scores = ", ".join(
                format_score(f.mean) if (f := group.figure(d.id)) is not None else NO_FIGURE
                for d in framework.dimensions
            )
        parts.append(f"{role_label(group.role)} ({group.respondents}): {scores}")
    order = "" if named else " (scores in the order above)"
    return f"One dotted outline per role group{order}: " + "; ".join(parts) + "."


def own_role_line(role: Role | None) -> str:
    """The role a person answered as, on their own profile only ("" when they gave none)."""
    return "" if role is None else f"You answered as: {role_label(role)}"
