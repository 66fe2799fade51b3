"""A leader's overview: the latest posted team profile of each of their channels, side by side.

Who may see a channel's profile is decided by the caller, who asked Slack which channels the
person is in; this reads only those. Whatever the number of teams, it reads the database in two
queries: the latest two published results per channel (the latest, and the one its trend is
measured from) with the channel's name as kept, then each channel's schedule; it writes a name
only when Slack gave one not kept yet. The figures are the frozen snapshots, so every
team shows exactly what its posted profile showed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from flows.services import Services
from flows.snapshots import team_from_snapshot
from scoring import Framework, Profile, TeamProfile
from scoring.trend import Trend, compare
from storage import names, runs
from storage.models import (
    AssessmentRun,
    KnownName,
    Response,
    RunKind,
    RunStatus,
    Schedule,
    TeamResult,
)

LATEST_TWO = 2
"""The latest profile and the previous one, which its trend compares with."""


@dataclass(frozen=True)
class TeamOverview:
    """One channel's latest posted team profile, as the channel saw it."""

    channel_id: str
    channel_name: str
    """As Slack gave it when the person asked ("cs-team"); empty when Slack gave none."""
    run_id: str
    closed_at: datetime
    team: TeamProfile
    previous: Profile | None
    framework: Framework
    next_run_at: datetime | None
    """When the channel's next scheduled run opens (None: no schedule)."""

    @property
    def profile(self) -> Profile:
        return self.team.profile

    @property
    def trend(self) -> Trend | None:
        """The change since the previous run, as the posted profile showed it (stages only when
        a few people joined or left)."""
        if self.previous is None:
            return None
        return compare(self.previous, self.profile, stages_only=self.team.trend_stages_only)


@dataclass(frozen=True)
class Overview:
    teams: tuple[TeamOverview, ...]
    """Channels with a posted team profile, in the order asked (by name when all were)."""
    without_profile: tuple[str, ...]
    """Channels asked about that have no posted team profile yet."""


def teams_overview(
    services: Services, *, workspace_id: str, channels: Mapping[str, str]
) -> Overview:
    """The latest team profile of each of `channels` ({channel id: name}, channels the person
    is in, as Slack said just now), and the names Slack gave, kept for the printable pages."""
    with services.database.session() as session:
        published, known = _latest_two(session, workspace_id, list(channels))
        schedules = _next_runs(session, workspace_id, list(published))
        named = {c: channels[c] for c in published if channels.get(c)}
        names.remember_all(
            session, workspace_id=workspace_id, names=named, known=known, now=services.clock()
        )
    teams: list[TeamOverview] = []
    for channel_id in channels:
        found = published.get(channel_id)
        if not found:
            continue
        (run, result), *earlier = found
        assert run.closed_at is not None
        previous = team_from_snapshot(earlier[0][1].snapshot).profile if earlier else None
        teams.append(
            TeamOverview(
                channel_id=channel_id,
                channel_name=channels[channel_id],
                run_id=run.id,
                closed_at=run.closed_at,
                team=team_from_snapshot(result.snapshot),
                previous=previous,
                framework=services.framework_for(run.framework_version),
                next_run_at=schedules.get(channel_id),
            )
        )
    missing = tuple(c for c in channels if c not in published)
    return Overview(teams=tuple(teams), without_profile=missing)


def named_channels(
    services: Services, *, workspace_id: str, channel_ids: tuple[str, ...]
) -> Overview:
    """The overview of channels a link names, with the names last kept for them (a page served
    from a link has no Slack call to ask)."""
    with services.database.session() as session:
        known = names.names_of(session, workspace_id=workspace_id, object_ids=channel_ids)
    return teams_overview(
        services,
        workspace_id=workspace_id,
        channels={c: known.get(c, "") for c in dict.fromkeys(channel_ids)},
    )


def _latest_two(
    session: Session, workspace_id: str, channel_ids: list[str]
) -> tuple[dict[str, list[tuple[AssessmentRun, TeamResult]]], dict[str, str]]:
    """Each channel's latest two closed team runs with a result, newest first, and the names
    kept for those channels (to write only the ones Slack changed): one query."""
    if not channel_ids:
        return {}, {}
    newest_first = (
        func.row_number()
        .over(partition_by=AssessmentRun.channel_id, order_by=AssessmentRun.opened_at.desc())
        .label("place")
    )
    ranked = (
        select(AssessmentRun.id.label("run_id"), newest_first)
        .join(TeamResult, TeamResult.run_id == AssessmentRun.id)
        .where(
            AssessmentRun.workspace_id == workspace_id,
            AssessmentRun.kind == RunKind.TEAM,
            AssessmentRun.status == RunStatus.CLOSED,
            AssessmentRun.channel_id.in_(channel_ids),
        )
        .subquery()
    )
    rows = session.execute(
        select(AssessmentRun, TeamResult, KnownName.name)
        .join(TeamResult, TeamResult.run_id == AssessmentRun.id)
        .join(ranked, ranked.c.run_id == AssessmentRun.id)
        .outerjoin(
            KnownName,
            and_(
                KnownName.workspace_id == AssessmentRun.workspace_id,
                KnownName.object_id == AssessmentRun.channel_id,
            ),
        )
        .where(ranked.c.place <= LATEST_TWO)
        .order_by(AssessmentRun.channel_id, ranked.c.place)
    ).all()
    found: dict[str, list[tuple[AssessmentRun, TeamResult]]] = {}
    known: dict[str, str] = {}
    for run, result, name in rows:
        found.setdefault(run.channel_id or "", []).append((run, result))
        if name is not None:
            known[run.channel_id or ""] = name
    return found, known


def _next_runs(session: Session, workspace_id: str, channel_ids: list[str]) -> dict[str, datetime]:
    """When each channel's next scheduled run opens: one query."""
    if not channel_ids:
        return {}
    rows = session.execute(
        select(Schedule.channel_id, Schedule.next_due_at).where(
            Schedule.workspace_id == workspace_id, Schedule.channel_id.in_(channel_ids)
        )
    )
    return {row.channel_id: row.next_due_at for row in rows}


def owner_of(services: Services, *, response_id: str) -> str | None:
    """Whose response this is: the person whose App Home changes when they finish it."""
    with services.database.session() as session:
        return session.scalar(select(Response.user_id).where(Response.id == response_id))


def respondents_of(services: Services, *, run_id: str) -> list[str]:
    """Who finished a run: the people whose App Home shows its channel's profile."""
    with services.database.session() as session:
        return sorted(runs.finishers(session, run_id=run_id))
