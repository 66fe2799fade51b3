"""What a report is drawn from: one profile (a person's or a team's) and what surrounds it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from flows.plans import RoundReview
from flows.steps import TeamComments
from scoring import Framework, Profile, Role, TeamProfile, Trend, compare, contradictions
from scoring.framework import Contradiction


@dataclass(frozen=True)
class ReportData:
    """Everything the chart and the page need; renderers read it and never look anything up.

    The same shape serves a person and a team: for a team, `profile` is `team.profile` and
    `team` adds the spread of members' scores and the per-question answer counts.
    """

    framework: Framework
    title: str
    """E.g. "#cs-team · Acme — Team Outcome Readiness profile"; shown as written (escaped)."""
    subtitle: str
    """E.g. "Nov 14 – Nov 28, 2026 · 6 respondents · framework 2026.2"."""
    generated_at: datetime
    profile: Profile
    team: TeamProfile | None = None
    previous: Profile | None = None
    """An earlier profile of the same person or team, for the trend."""
    framework_version: str | None = None
    """The assessment's version the run was taken with, as stored with it (None: this one's)."""
    answers: Mapping[str, int | None] | None = None
    """A person's own answers (never a team's): for the notes on answers that disagree and the
    terms of the options they chose. Only ever shown back to that person's own report."""
    role: Role | None = None
    """The role a person's own response was given as (never a team's): their report says it."""
    own_comments: Mapping[str, str] | None = None
    """A person's own comments (dimension id -> text), only ever in their own report."""
    team_comments: TeamComments | None = None
    """A team's comments as frozen at close: unsigned, shuffled, shown only among enough."""
    review: RoundReview | None = None
    """A team's last round: what the channel committed to after its previous profile, and
    what became of it (None: nothing was committed)."""
    chart_title: str = ""
    """The chart's own title, e.g. "#cs-team · Nov 28, 2026": a chart forwarded on its own
    still says whom and when it shows (none drawn when empty)."""
    chart_note: str = ""
    """The line under the chart's title, e.g. "6 respondents, team mean"."""

    def __post_init__(self) -> None:
        # A profile from another framework version could name dimensions this framework lacks;
        # refusing it here gives one clear error instead of a KeyError deep inside a renderer.
        expected = [d.id for d in self.framework.dimensions]
        actual = [d.dimension_id for d in self.profile.dimensions]
        if actual != expected:
            raise ValueError(
                f"profile dimensions {actual} do not match framework {self.framework.version} "
                f"dimensions {expected}"
            )
        if self.team is not None and self.team.profile != self.profile:
            raise ValueError("for a team report, profile must be team.profile")
        if self.team is not None and (self.answers is not None or self.own_comments):
            raise ValueError("a team report never carries one person's answers or comments")
        if self.team is not None and self.role is not None:
            raise ValueError("a team report never carries one person's role")

    @cached_property
    def trend(self) -> Trend | None:
        """The change since `previous`, or None for a first run."""
        if self.previous is None:
            return None
        stages_only = self.team is not None and self.team.trend_stages_only
        return compare(self.previous, self.profile, stages_only=stages_only)

    @property
    def previous_scores_shown(self) -> bool:
        """Whether the chart draws the previous run's outline: not when its trend is stages only,
        where the two outlines would give the deltas the trend leaves out."""
        return self.previous is not None and (self.team is None or not self.team.trend_stages_only)

    @cached_property
    def disagreements(self) -> tuple[Contradiction, ...]:
        """A person's answers that cannot both be true (at most two); none for a team."""
        return () if self.answers is None else contradictions(self.framework, self.answers)

    @property
    def is_team(self) -> bool:
        return self.team is not None


def band_shown(data: ReportData) -> bool:
    """The members' range is drawn only where every assessed dimension's may be shown: a band
    pinched to the mean in one dimension would read as the members agreeing there."""
    team = data.team
    if team is None:
        return False
    spreads = [s for s in team.dimensions if s is not None]
    return bool(spreads) and all(team.shows_range(s) for s in spreads)
