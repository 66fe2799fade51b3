"""From a team profile to a roadmap: the moves a channel commits to, who sees each through and
by when, and what became of them by the next run.

A plan belongs to the channel's latest published team run (a *round*): it proposes the next
moves of the place to start and of the dimensions the team is split on, and holds up to
`PLAN_SIZE` open commitments, each with an owner and a due date. Whoever started that run,
workspace admins and the people the workspace settings allow to start runs may plan; a
commitment's owner may also settle it (done, dropped) or give it a new date. Every change makes
the channel's plan owed a rewrite (its canvas, `ChannelPlan.show_due_at`), and three working
days before a due date the owner's reminder falls due (`Commitment.remind_at`), each shown once
through the show-once protocol (`flows.owed`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from flows import workspace_settings
from flows.errors import BadRequest, NotAllowed, StaleClick, UserFacingError
from flows.history import latest_published
from flows.sentences import Person, Typed, words
from flows.services import Services
from flows.snapshots import team_from_snapshot
from scoring import Framework, TeamProfile
from scoring.team import Agreement
from storage import plans as stored
from storage import reminders
from storage.models import (
    MOVE_MAX_LENGTH,
    AssessmentRun,
    ChannelPlan,
    Commitment,
    CommitmentStatus,
    TeamResult,
)

PLAN_SIZE = 3
"""At most this many open commitments per round: more is a wish list, not a plan."""
REMIND_WORKING_DAYS = 3
REMIND_AT = time(9, 0)
"""The owner is reminded at 09:00 (the planner's zone), three working days before the date."""
LONGEST_PLAN = timedelta(days=366)
DEFAULT_ZONE = "UTC"


@dataclass(frozen=True)
class ProposedMove:
    """A next move the framework suggests for a dimension at the team's stage."""

    key: str
    """Stable within a round ("<dimension>.<stage>.<n>"): what the plan modal's choice carries."""
    dimension_id: str
    stage: int
    """The stage the team is at in the dimension (the move leads from it to the next)."""
    text: str
    place_to_start: bool
    """Proposed because the dimension is the place to start (otherwise: the team is split)."""


@dataclass(frozen=True)
class CommitmentView:
    id: str
    run_id: str
    position: int
    dimension_id: str | None
    move: str
    owner_id: str | None
    due_on: date
    status: CommitmentStatus
    settled_at: datetime | None

    @property
    def open(self) -> bool:
        return self.status is CommitmentStatus.OPEN


@dataclass(frozen=True)
class PlanRound:
    """The channel's current round: the run the plan follows and what the plan holds."""

    workspace_id: str
    channel_id: str
    run_id: str
    started_by: str
    closed_at: datetime
    framework_version: str
    proposals: tuple[ProposedMove, ...]
    commitments: tuple[CommitmentView, ...]
    """This round's commitments, in plan order (settled ones too)."""
    carried: tuple[CommitmentView, ...] = ()
    """Commitments still open from earlier rounds."""

    @property
    def open(self) -> tuple[CommitmentView, ...]:
        return tuple(c for c in (*self.carried, *self.commitments) if c.open)


@dataclass(frozen=True)
class MoveInput:
    """One line of the plan modal as the person left it."""

    move: str
    dimension_id: str | None
    owner_id: str | None
    due_on: date | None
    commitment_id: str | None = None
    """The commitment this line shows (editing a plan); None for a new one."""


class PlanProblems(UserFacingError):
    """Lines of a plan that cannot be kept as they are: `problems[line][field]` says why, for
    the modal to show beside the field (nothing is saved)."""

    def __init__(self, problems: dict[int, dict[str, str]]) -> None:
        super().__init__("Some of the plan needs another look.")
        self.problems = problems


class NoTeamProfile(UserFacingError):
    def __init__(self) -> None:
        super().__init__(
            words(
                "This channel has no team profile to plan from yet. Run ",
                Typed("/readiness team"),
                " first; once its profile is posted, plan the next moves from it.",
            )
        )


def current_round(services: Services, *, workspace_id: str, channel_id: str) -> PlanRound:
    """The channel's plan as it stands; refused when the channel has no team profile yet."""
    with services.database.session() as session:
        return _round(services, session, workspace_id=workspace_id, channel_id=channel_id)


def _may_plan(session: Session, round_: PlanRound, *, user_id: str, is_admin: bool) -> bool:
    chosen = workspace_settings.choices_in(session, workspace_id=round_.workspace_id)
    return user_id == round_.started_by or chosen.may_start(user_id, is_admin=is_admin)


def require_planner(services: Services, round_: PlanRound, *, user_id: str, is_admin: bool) -> None:
    with services.database.session() as session:
        _require_planner(session, round_, user_id=user_id, is_admin=is_admin)


def _require_planner(session: Session, round_: PlanRound, *, user_id: str, is_admin: bool) -> None:
    if not _may_plan(session, round_, user_id=user_id, is_admin=is_admin):
        raise NotAllowed(
            words(
                "Only ",
                Person(round_.started_by),
                ", workspace admins and the people they named can plan this channel's next "
                "moves. Ask one of them.",
            )
        )


def save_plan(
    services: Services,
    *,
    workspace_id: str,
    channel_id: str,
    run_id: str,
    user_id: str,
    is_admin: bool,
    lines: Sequence[MoveInput],
    zone: str | None,
    members: Collection[str] | None = None,
) -> PlanRound:
    """Keep the plan as the modal left it: new lines become commitments, edited ones change,
    emptied ones are dropped. `members`: the channel's people, when Slack could say (an owner
    must be one of them). Refused as a whole (`PlanProblems`) if any line cannot be kept."""
    now = services.clock()
    zone = _zone(zone)
    with services.database.session() as session:
        round_ = _round(services, session, workspace_id=workspace_id, channel_id=channel_id)
        _require_planner(session, round_, user_id=user_id, is_admin=is_admin)
        if round_.run_id != run_id:
            raise StaleClick(
                "A newer team profile was posted in this channel since this plan was opened. "
                "Open the plan again to plan from it."
            )
        shown = {c.id: c for c in round_.open}
        today = now.astimezone(ZoneInfo(zone)).date()
        problems = _problems(lines, shown, today=today, members=members)
        kept = [line for line in lines if line.move.strip()]
        if not problems and _new_open(round_, lines) > PLAN_SIZE:
            problems = {0: {"move": f"A plan holds at most {PLAN_SIZE} open moves."}}
        if problems:
            raise PlanProblems(problems)
        for line in lines:
            if line.commitment_id is not None and not line.move.strip():
                _settle(session, shown[line.commitment_id].id, CommitmentStatus.DROPPED, now)
        position = max((c.position for c in round_.commitments), default=0)
        for line in kept:
            assert line.due_on is not None
            if line.commitment_id is not None:
                row = session.get(Commitment, line.commitment_id)
                assert row is not None
                due_changed = row.due_on != line.due_on
                row.move, row.owner_id = line.move.strip(), line.owner_id
                row.dimension_id = line.dimension_id
                row.due_on, row.updated_at = line.due_on, now
                if due_changed:
                    row.zone = zone
                    row.remind_at = reminder_time(line.due_on, zone, now=now)
                continue
            position += 1
            session.add(
                Commitment(
                    workspace_id=workspace_id,
                    channel_id=channel_id,
                    run_id=run_id,
                    position=position,
                    dimension_id=line.dimension_id,
                    move=line.move.strip(),
                    owner_id=line.owner_id,
                    due_on=line.due_on,
                    zone=zone,
                    remind_at=reminder_time(line.due_on, zone, now=now),
                    created_by=user_id,
                    created_at=now,
                    updated_at=now,
                )
            )
        stored.owe_plan(
            session,
            workspace_id=workspace_id,
            channel_id=channel_id,
            now=now,
            owed_until=services.due(),
            lead_id=user_id,
        )
        session.flush()
        return _round(services, session, workspace_id=workspace_id, channel_id=channel_id)


def settle(
    services: Services,
    *,
    workspace_id: str,
    commitment_id: str,
    user_id: str,
    is_admin: bool,
    status: CommitmentStatus,
) -> CommitmentView:
    """Mark a commitment done or dropped (its owner, or someone who may plan). Settling one
    already settled the same way changes nothing (a double click)."""
    if status is CommitmentStatus.OPEN:
        raise BadRequest("A commitment is reopened by planning it again.")
    now = services.clock()
    with services.database.session() as session:
        row = _changeable(session, workspace_id, commitment_id, user_id, is_admin)
        if row.status is not status:
            _settle(session, row.id, status, now)
            stored.owe_plan(
                session,
                workspace_id=workspace_id,
                channel_id=row.channel_id,
                now=now,
                owed_until=services.due(),
            )
        session.flush()
        return _view(row)


def new_date(
    services: Services,
    *,
    workspace_id: str,
    commitment_id: str,
    user_id: str,
    is_admin: bool,
    due_on: date,
    zone: str | None = None,
) -> CommitmentView:
    """ "Not yet": the commitment stays open with a later date, and a reminder before it."""
    now = services.clock()
    with services.database.session() as session:
        row = _changeable(session, workspace_id, commitment_id, user_id, is_admin)
        if row.status is not CommitmentStatus.OPEN:
            raise StaleClick("This commitment is already settled; nothing was changed.")
        today = now.astimezone(ZoneInfo(row.zone)).date()
        problem = _date_problem(due_on, today)
        if problem is not None:
            raise PlanProblems({0: {"due_on": problem}})
        if due_on != row.due_on:
            row.due_on, row.updated_at = due_on, now
            row.zone = _zone(zone) if zone else row.zone
            row.remind_at = reminder_time(due_on, row.zone, now=now)
            stored.owe_plan(
                session,
                workspace_id=workspace_id,
                channel_id=row.channel_id,
                now=now,
                owed_until=services.due(),
            )
        session.flush()
        return _view(row)


def channel_of(services: Services, *, workspace_id: str, commitment_id: str) -> str:
    """The channel whose plan holds the commitment (to show it again after a change)."""
    with services.database.session() as session:
        row = stored.get_commitment(session, workspace_id=workspace_id, commitment_id=commitment_id)
        if row is None:
            raise BadRequest("That commitment is not in this workspace.")
        return row.channel_id


def require_changeable(
    services: Services, *, workspace_id: str, commitment_id: str, user_id: str, is_admin: bool
) -> CommitmentView:
    """The commitment, if this person may settle it or give it a new date (refused otherwise):
    asked before a modal for it opens, so that nobody else sees one."""
    with services.database.session() as session:
        return _view(_changeable(session, workspace_id, commitment_id, user_id, is_admin))


def commitment(services: Services, *, workspace_id: str, commitment_id: str) -> CommitmentView:
    with services.database.session() as session:
        row = stored.get_commitment(session, workspace_id=workspace_id, commitment_id=commitment_id)
        if row is None:
            raise BadRequest("That commitment is not in this workspace.")
        return _view(row)


def reminder_time(due_on: date, zone: str, *, now: datetime) -> datetime | None:
    """09:00 in `zone`, `REMIND_WORKING_DAYS` working days (Monday to Friday) before `due_on`;
    None when that has passed already (the date was set inside the window: the owner was
    there when it was set)."""
    day = due_on
    left = REMIND_WORKING_DAYS
    while left:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    at = datetime.combine(day, REMIND_AT, tzinfo=ZoneInfo(zone))
    return at if at > now else None


@dataclass(frozen=True)
class RoundReview:
    """What became of a round's commitments, for the next run's invitation and profile."""

    run_id: str
    closed_at: datetime
    commitments: tuple[CommitmentView, ...]


def review_before(
    session: Session, *, workspace_id: str, channel_id: str, before_run_id: str
) -> RoundReview | None:
    """The commitments made after the channel's last published run before `before_run_id`
    (None when there is no such run, or nothing was committed after it)."""
    found = latest_published(
        session, workspace_id=workspace_id, channel_id=channel_id, before_run_id=before_run_id
    )
    if found is None:
        return None
    run, _ = found
    made = stored.commitments_of_run(session, workspace_id=workspace_id, run_id=run.id)
    if not made:
        return None
    assert run.closed_at is not None
    return RoundReview(run.id, run.closed_at, tuple(_view(c) for c in made))


def _round(
    services: Services, session: Session, *, workspace_id: str, channel_id: str
) -> PlanRound:
    found = latest_published(session, workspace_id=workspace_id, channel_id=channel_id)
    if found is None:
        raise NoTeamProfile()
    return _round_after(services, session, *found)


def _round_after(
    services: Services, session: Session, run: AssessmentRun, result: TeamResult
) -> PlanRound:
    """The round that follows `run`'s published `result`."""
    workspace_id, channel_id = run.workspace_id, run.channel_id or ""
    assert run.closed_at is not None
    framework = services.framework_for(run.framework_version)
    team = team_from_snapshot(result.snapshot)
    made = stored.commitments_of_run(session, workspace_id=workspace_id, run_id=run.id)
    carried = stored.open_commitments_before(
        session, workspace_id=workspace_id, channel_id=channel_id, run_id=run.id
    )
    return PlanRound(
        workspace_id=workspace_id,
        channel_id=channel_id,
        run_id=run.id,
        started_by=run.started_by,
        closed_at=run.closed_at,
        framework_version=run.framework_version,
        proposals=proposals(framework, team),
        commitments=tuple(_view(c) for c in made),
        carried=tuple(_view(c) for c in carried),
    )


def proposals(framework: Framework, team: TeamProfile) -> tuple[ProposedMove, ...]:
    """The next moves of the place to start, then of each dimension the team is split on (in
    framework order), from the stage the team is at. A dimension at Stage 4 has none."""
    start = team.profile.place_to_start
    chosen: list[str] = [start.dimension_id] if start is not None else []
    split = [
        spread.dimension_id
        for spread in team.dimensions
        if spread is not None and spread.agreement is Agreement.SPLIT
    ]
    chosen.extend(d for d in split if d not in chosen)
    moves: list[ProposedMove] = []
    for dimension_id in chosen:
        result = team.profile.dimension(dimension_id)
        if result.stage is None or result.stage >= 4:
            continue
        entry = framework.dimension(dimension_id).stage(result.stage)
        moves.extend(
            ProposedMove(
                key=f"{dimension_id}.{result.stage}.{index}",
                dimension_id=dimension_id,
                stage=result.stage,
                text=text,
                place_to_start=start is not None and dimension_id == start.dimension_id,
            )
            for index, text in enumerate(entry.next_moves, start=1)
        )
    return tuple(moves)


def _problems(
    lines: Sequence[MoveInput],
    shown: dict[str, CommitmentView],
    *,
    today: date,
    members: Collection[str] | None,
) -> dict[int, dict[str, str]]:
    problems: dict[int, dict[str, str]] = {}
    for index, line in enumerate(lines):
        found: dict[str, str] = {}
        if line.commitment_id is not None and line.commitment_id not in shown:
            found["move"] = "This move was settled or changed meanwhile; open the plan again."
        if line.move.strip():
            if len(line.move.strip()) > MOVE_MAX_LENGTH:
                found["move"] = f"Keep a move to {MOVE_MAX_LENGTH} characters."
            if line.owner_id is None:
                found["owner"] = "Pick who sees this move through."
            elif members is not None and line.owner_id not in members:
                found["owner"] = "Pick someone in this channel: the plan is theirs."
            if line.due_on is None:
                found["due_on"] = "Pick the date it is due."
            elif (problem := _date_problem(line.due_on, today)) is not None:
                found["due_on"] = problem
        if found:
            problems[index] = found
    return problems


def _date_problem(due_on: date, today: date) -> str | None:
    if due_on <= today:
        return "Pick a date after today."
    if due_on > today + LONGEST_PLAN:
        return "Pick a date within the next year: a plan runs to the next run or two."
    return None


def _new_open(round_: PlanRound, lines: Sequence[MoveInput]) -> int:
    """How many open commitments the plan would hold once saved."""
    touched = {line.commitment_id for line in lines if line.commitment_id is not None}
    untouched = [c for c in round_.open if c.id not in touched]
    return len(untouched) + sum(1 for line in lines if line.move.strip())


def _changeable(
    session: Session,
    workspace_id: str,
    commitment_id: str,
    user_id: str,
    is_admin: bool,
) -> Commitment:
    row = stored.get_commitment(session, workspace_id=workspace_id, commitment_id=commitment_id)
    if row is None:
        raise BadRequest("That commitment is not in this workspace.")
    if row.owner_id == user_id:
        return row
    run = session.get(AssessmentRun, row.run_id)
    chosen = workspace_settings.choices_in(session, workspace_id=workspace_id)
    if (run is not None and run.started_by == user_id) or chosen.may_start(
        user_id, is_admin=is_admin
    ):
        return row
    raise NotAllowed(
        "Only the move's owner, whoever started the team run, workspace admins and the people "
        "they named can change it."
    )


def _settle(session: Session, commitment_id: str, status: CommitmentStatus, now: datetime) -> None:
    row = session.get(Commitment, commitment_id)
    assert row is not None
    row.status, row.settled_at, row.updated_at = status, now, now
    row.remind_at = None


def _view(row: Commitment) -> CommitmentView:
    return CommitmentView(
        id=row.id,
        run_id=row.run_id,
        position=row.position,
        dimension_id=row.dimension_id,
        move=row.move,
        owner_id=row.owner_id,
        due_on=row.due_on,
        status=row.status,
        settled_at=row.settled_at,
    )


def _zone(zone: str | None) -> str:
    """The zone given, if Python knows it; UTC otherwise (Slack may not say, or say oddly)."""
    if not zone:
        return DEFAULT_ZONE
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_ZONE
    return zone


def still_to_remind(session: Session, row: Commitment) -> bool:
    """An owner to remind: open, owned, and the owner has not asked us to stop."""
    if row.status is not CommitmentStatus.OPEN or row.owner_id is None:
        return False
    return not reminders.opted_out(session, workspace_id=row.workspace_id, user_ids=[row.owner_id])


@dataclass(frozen=True)
class CommitmentReminder:
    """An owner's reminder of a due date, written down and owed until their DM shows it."""

    workspace_id: str
    channel_id: str
    commitment: CommitmentView
    owed: datetime | None


def due_reminders(services: Services, *, limit: int = 100) -> list[CommitmentReminder]:
    """Owners' reminders that have come, each claimed by this caller only: one per commitment
    and due date (`reminded_for`), owed until shown (`flows.owed.OneMessage`)."""
    now = services.clock()
    claimed: list[CommitmentReminder] = []
    with services.database.session() as session:
        due_ids = stored.reminders_due(session, now=now, limit=limit)
    for commitment_id in due_ids:
        lease = services.due()
        with services.database.session() as session:
            row = stored.claim_reminder(session, commitment_id=commitment_id, now=now, lease=lease)
            if row is None:
                continue
            if not still_to_remind(session, row):
                row.show_due_at = None
                continue
            claimed.append(CommitmentReminder(row.workspace_id, row.channel_id, _view(row), lease))
    return claimed


def owed_reminder(session: Session, row: Commitment, lease: datetime) -> CommitmentReminder | None:
    """A reminder still worth showing after a while owed (None: settled or opted out since)."""
    if not still_to_remind(session, row):
        return None
    return CommitmentReminder(row.workspace_id, row.channel_id, _view(row), lease)


@dataclass(frozen=True)
class PlanPage:
    """Everything the channel's plan shows, read at once: the latest team profile (and the
    one before, for the trend), the commitments, and where the plan is shown."""

    plan_id: str
    round_: PlanRound
    team: TeamProfile
    previous: TeamProfile | None
    respondents: int
    profile_ts: str | None
    """The team profile message, to link to (None until it is posted)."""
    canvas_id: str | None
    no_canvas: str | None
    message_ts: str | None
    thread_ts: str | None
    lead_id: str | None
    lead_told: bool
    owed: datetime | None


def plan_page(services: Services, *, workspace_id: str, channel_id: str) -> PlanPage | None:
    """The channel's plan as it is to be shown now; None when it has none (nobody planned)."""
    with services.database.session() as session:
        return _page(services, session, workspace_id=workspace_id, channel_id=channel_id)


def _page(
    services: Services, session: Session, *, workspace_id: str, channel_id: str
) -> PlanPage | None:
    where = stored.channel_plan(session, workspace_id=workspace_id, channel_id=channel_id)
    if where is None:
        return None
    found = latest_published(session, workspace_id=workspace_id, channel_id=channel_id)
    if found is None:
        raise NoTeamProfile()
    run, result = found
    earlier = latest_published(
        session, workspace_id=workspace_id, channel_id=channel_id, before_run_id=run.id
    )
    return PlanPage(
        plan_id=where.id,
        round_=_round_after(services, session, run, result),
        team=team_from_snapshot(result.snapshot),
        previous=None if earlier is None else team_from_snapshot(earlier[1].snapshot),
        respondents=result.respondents,
        profile_ts=run.profile_ts,
        canvas_id=where.canvas_id,
        no_canvas=where.no_canvas,
        message_ts=where.message_ts,
        thread_ts=where.thread_ts,
        lead_id=where.lead_id,
        lead_told=where.lead_told_at is not None,
        owed=where.show_due_at,
    )


def owed_page(services: Services, session: Session, plan: ChannelPlan) -> PlanPage | None:
    """A plan owed a rewrite, read in the session that took it (None: nothing to show)."""
    try:
        return _page(services, session, workspace_id=plan.workspace_id, channel_id=plan.channel_id)
    except NoTeamProfile:
        return None


def canvas_made(services: Services, page: PlanPage, canvas_id: str) -> None:
    """The channel canvas the app created: later rewrites edit it."""
    with services.database.session() as session:
        where = session.get(ChannelPlan, page.plan_id)
        if where is not None:
            where.canvas_id, where.no_canvas = canvas_id, None


def no_canvas(services: Services, page: PlanPage, reason: str) -> None:
    """Slack said the channel cannot have our canvas (`reason`, its error): the plan is shown
    as a message from now on."""
    with services.database.session() as session:
        where = session.get(ChannelPlan, page.plan_id)
        if where is not None:
            where.canvas_id, where.no_canvas = None, reason


def plan_message_shown(
    services: Services, page: PlanPage, *, message_ts: str, thread_ts: str | None
) -> None:
    """Without a canvas, the plan message (updated in place on each rewrite)."""
    with services.database.session() as session:
        where = session.get(ChannelPlan, page.plan_id)
        if where is not None:
            where.message_ts, where.thread_ts = message_ts, thread_ts


def lead_told(services: Services, page: PlanPage) -> None:
    """The lead was told why there is no canvas: never again for this channel."""
    with services.database.session() as session:
        where = session.get(ChannelPlan, page.plan_id)
        if where is not None and where.lead_told_at is None:
            where.lead_told_at = services.clock()


def team_profile_posted(session: Session, run: AssessmentRun, services: Services) -> None:
    """A new team profile closes a round: a channel with a plan shows it (call in the
    transaction that froze the result)."""
    if run.channel_id is not None:
        stored.owe_plan_if_any(
            session,
            workspace_id=run.workspace_id,
            channel_id=run.channel_id,
            owed_until=services.due(),
        )
