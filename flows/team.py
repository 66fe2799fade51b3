"""Team runs in a channel: open, join, report progress, close (by a person or the deadline).

A team profile is only ever computed from members who finished, and only shown once at least
the minimum number have: below that, averages would let people work out each other's answers.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from flows import plans, workspace_settings
from flows.commands import ClosesOn
from flows.comments import comments_snapshot, team_comments
from flows.conversation import ask_current, begin_response, owe
from flows.errors import NotAllowed, RunOver, StaleClick
from flows.history import membership_change, previous_team_profile
from flows.progress import team_progress
from flows.sentences import Person, Typed, words
from flows.services import Services
from flows.snapshots import team_snapshot
from flows.steps import Ask, NeedMoreAnswers, TeamComments, TeamProfileReady, TeamProgress
from scoring import TeamProfile, score_team
from storage import responses, roles, runs
from storage.errors import ChannelHasOpenRun, NotFound, RunNotOpen
from storage.models import AssessmentRun, Response, RunKind, RunStatus


class TeamRunAlreadyOpen(NotAllowed):
    def __init__(self, progress: TeamProgress) -> None:
        super().__init__(
            words(
                "This channel already has a team assessment open "
                f"({progress.completed} responded so far). Use ",
                Typed("/readiness status"),
                " to see it, or ",
                Typed("/readiness close"),
                " to close it first.",
            )
        )
        self.progress = progress


class TooFewMembers(NotAllowed):
    """A team run the channel could never finish: it has fewer people than the minimum."""

    def __init__(self, *, invited: int, minimum: int, chosen: workspace_settings.Choices) -> None:
        missing = minimum - invited
        people = f"{invited} person" if invited == 1 else f"{invited} people"
        said: list[str | Typed | Person] = [
            f"A team profile here needs at least {minimum} people to answer, and this channel "
            f"has {people} besides me, so this team run could never show one. Nothing was "
            f"started. Invite {missing} more {'person' if missing == 1 else 'people'} "
            "(",
            Typed("/invite @name"),
            "), then run ",
            Typed("/readiness team"),
            " again.",
        ]
        lowest = workspace_settings.LOWEST_MIN_RESPONDENTS
        if minimum > chosen.min_respondents and invited >= chosen.min_respondents:
            said += [" Or ask for fewer answers: ", Typed(f"/readiness team min {invited}"), "."]
        elif chosen.min_respondents > lowest and invited >= lowest:
            said += [
                f" A workspace admin can lower the workspace's minimum (never below {lowest}) in ",
                Typed("/readiness settings"),
                ".",
            ]
        super().__init__(words(*said), log_detail=f"{invited} members for a minimum of {minimum}")


def start_team_run(
    services: Services,
    *,
    workspace_id: str,
    channel_id: str,
    started_by: str,
    closes_in: timedelta | None,
    min_respondents: int | None,
    invited: int | None,
    is_admin: bool = False,
    closes_on: ClosesOn | None = None,
    timezone: str | None = None,
) -> TeamProgress:
    """Open the channel's team run. Refused before anything is stored when the person may not
    start one, the closing day cannot be, or the channel has fewer people (`invited`) than the
    run's minimum: such a run could never show a team profile."""
    chosen = workspace_settings.require_starter(
        services,
        workspace_id=workspace_id,
        user_id=started_by,
        is_admin=is_admin,
        what="team assessments",
    )
    minimum = workspace_settings.minimum_for(chosen, min_respondents)
    if invited is not None and invited < minimum:
        raise TooFewMembers(invited=invited, minimum=minimum, chosen=chosen)
    now = services.clock()
    if closes_on is not None:
        closes_at = closes_on.deadline(now=now, timezone=timezone)
    else:
        closes_at = now + (closes_in or chosen.default_deadline)
    with services.database.session() as session:
        try:
            run = runs.open_run(
                session,
                workspace_id=workspace_id,
                kind=RunKind.TEAM,
                started_by=started_by,
                framework_version=services.framework.version,
                now=now,
                channel_id=channel_id,
                closes_at=closes_at,
                min_respondents=minimum,
            )
        except ChannelHasOpenRun as taken:
            existing = runs.get_run(session, workspace_id=workspace_id, run_id=taken.run_id)
            raise TeamRunAlreadyOpen(team_progress(session, existing)) from None
        run.invited = invited
        run.show_due_at = services.due()  # the invitation
        session.flush()
        return team_progress(session, run)


def join_team_run(
    services: Services, *, workspace_id: str, user_id: str, run_id: str, dm_channel_id: str | None
) -> Ask:
    """The member's next question in the team run: the first, or where they left off."""
    with services.database.session() as session:
        response = _join_open_run(services, session, workspace_id, user_id, run_id)
        answers = responses.answers_of(session, response_id=response.id)
        if response.current_question_id is None and not answers:
            return begin_response(services, response, dm_channel_id)
        response.channel_id = dm_channel_id
        owe(services, response)
        return ask_current(services, response, answers)


def team_response_id(services: Services, *, workspace_id: str, user_id: str, run_id: str) -> str:
    """The member's response to the team run, created if needed (for the all-at-once form)."""
    with services.database.session() as session:
        return _join_open_run(services, session, workspace_id, user_id, run_id).id


def _join_open_run(
    services: Services, session: Session, workspace_id: str, user_id: str, run_id: str
) -> Response:
    """The member's response to an open team run they have not finished yet."""
    run = _get_run(session, workspace_id, run_id)
    if run.status is not RunStatus.OPEN:
        raise RunOver("This team assessment has closed, so it no longer takes answers.")
    response = responses.join_run(session, run=run, user_id=user_id, now=services.clock())
    if response.completed_at is not None:
        raise StaleClick(
            "You have already taken part in this team assessment — thank you! Your own "
            "profile is in your DM with me."
        )
    return response


def team_status(services: Services, *, workspace_id: str, channel_id: str) -> TeamProgress | None:
    with services.database.session() as session:
        run = runs.open_team_run_in_channel(
            session, workspace_id=workspace_id, channel_id=channel_id
        )
        return None if run is None else team_progress(session, run)


def close_team_run(
    services: Services,
    *,
    workspace_id: str,
    channel_id: str,
    user_id: str,
    is_admin: bool,
    run_id: str | None = None,
) -> TeamProfileReady | NeedMoreAnswers:
    """Close the channel's open run at someone's request, if they may and enough have answered.
    `run_id`: a button's run, which must still be the channel's open one."""
    with services.database.session() as session:
        run = _open_run_in(session, workspace_id, channel_id, run_id)
        _require_starter_or_admin(run, user_id, is_admin, "close")
        return _close(services, session, run)


def close_due_runs(services: Services) -> list[TeamProfileReady | NeedMoreAnswers]:
    """Close every run whose deadline has passed. Safe to run from several workers at once: the
    run row is locked while it closes, and a run someone else closed is skipped."""
    outcomes: list[TeamProfileReady | NeedMoreAnswers] = []
    with services.database.session() as session:
        due = [(r.workspace_id, r.id) for r in runs.due_team_runs(session, now=services.clock())]
    for workspace_id, run_id in due:
        with services.database.session() as session:
            try:
                run = runs.lock_open_run(session, workspace_id=workspace_id, run_id=run_id)
            except (RunNotOpen, NotFound):
                continue
            if run.closes_at is None or run.closes_at > services.clock():
                continue  # extended or already handled by another worker meanwhile
            outcome = _close(services, session, run)
            if isinstance(outcome, NeedMoreAnswers):
                # The run stays open without a deadline until the starter acts, so nothing
                # else will say so: the notice is owed until it is in the channel.
                run.below_minimum_at, run.closes_at = run.closes_at, None
                run.below_minimum_due_at = services.due()
                outcome = NeedMoreAnswers(
                    team_progress(session, run),
                    deadline=run.below_minimum_at,
                    owed=run.below_minimum_due_at,
                )
            outcomes.append(outcome)
    return outcomes


def _close(
    services: Services, session: Session, run: AssessmentRun
) -> TeamProfileReady | NeedMoreAnswers:
    members = responses.completed_answers(session, run_id=run.id)
    if len(members) < run.min_respondents:
        return NeedMoreAnswers(team_progress(session, run))
    # The run's own framework and minimum: a run opened before a new version shipped is scored
    # with the questions its members answered, and no figure rests on fewer than its minimum.
    framework = services.framework_for(run.framework_version)
    # Who joined or left since the last published run decides, once and for good, whether this
    # run's counts and score deltas may be shown (subtracting two runs' counts must not give
    # a newcomer's answers): it is frozen in the snapshot with the rest.
    team = score_team(
        framework,
        members,
        minimum=run.min_respondents,
        membership_change=membership_change(session, run),
        # Member by member beside `members` (both in response order): the groups the result
        # may be split by are frozen with it, and no role is kept beside anyone's answers.
        roles=roles.completed_roles(session, run_id=run.id),
    )
    # The comments as the report shows them, frozen now: their writers may leave later.
    said = team_comments(session, run, framework)
    runs.close_run(
        session,
        workspace_id=run.workspace_id,
        run_id=run.id,
        now=services.clock(),
        snapshot={**team_snapshot(team), "comments": comments_snapshot(said)},
        respondents=len(members),
    )
    run.show_due_at = services.due()  # the team profile
    plans.team_profile_posted(session, run, services)  # and the channel's plan shows it
    return team_profile_ready(session, run, team, said)


def team_profile_ready(
    session: Session, run: AssessmentRun, team: TeamProfile, comments: TeamComments | None = None
) -> TeamProfileReady:
    """A closed run's team profile, as first posted, or posted again by the timetable."""
    earlier = previous_team_profile(
        session,
        workspace_id=run.workspace_id,
        channel_id=run.channel_id or "",
        before_run_id=run.id,
    )
    if run.closed_at is None:
        raise ValueError(f"run {run.id} has a team profile but no closing time")
    return TeamProfileReady(
        progress=team_progress(session, run),
        team=team,
        previous=earlier,
        closed_at=run.closed_at,
        parts_shown=run.profile_parts_shown or 0,
        profile_ts=run.profile_ts,
        comments=comments or TeamComments(),
        review=plans.review_before(
            session,
            workspace_id=run.workspace_id,
            channel_id=run.channel_id or "",
            before_run_id=run.id,
        ),
    )


def extend_team_run(
    services: Services,
    *,
    workspace_id: str,
    channel_id: str,
    user_id: str,
    is_admin: bool,
    by: timedelta,
    run_id: str | None = None,
) -> TeamProgress:
    with services.database.session() as session:
        run = _open_run_in(session, workspace_id, channel_id, run_id)
        _require_starter_or_admin(run, user_id, is_admin, "extend")
        now = services.clock()
        base = run.closes_at if run.closes_at and run.closes_at > now else now
        run.closes_at = base + by
        return team_progress(session, run)


def cancel_team_run(
    services: Services,
    *,
    workspace_id: str,
    channel_id: str,
    user_id: str,
    is_admin: bool,
    run_id: str | None = None,
) -> TeamProgress:
    with services.database.session() as session:
        run = _open_run_in(session, workspace_id, channel_id, run_id)
        _require_starter_or_admin(run, user_id, is_admin, "cancel")
        runs.cancel_run(session, workspace_id=workspace_id, run_id=run.id, now=services.clock())
        return team_progress(session, run)


def _get_run(session: Session, workspace_id: str, run_id: str) -> AssessmentRun:
    try:
        run = runs.get_run(session, workspace_id=workspace_id, run_id=run_id)
    except NotFound:
        raise StaleClick("That team assessment no longer exists.") from None
    if run.kind is not RunKind.TEAM:
        raise StaleClick("That button is not for a team assessment.")
    return run


def _open_run_in(
    session: Session, workspace_id: str, channel_id: str, run_id: str | None = None
) -> AssessmentRun:
    run = runs.open_team_run_in_channel(session, workspace_id=workspace_id, channel_id=channel_id)
    if run is not None and run_id is not None and run.id != run_id:
        raise RunOver("That team assessment is no longer open, so nothing was changed.")
    if run is None:
        raise RunOver(
            words(
                "There is no open team assessment in this channel. Start one with ",
                Typed("/readiness team"),
                ".",
            )
        )
    return runs.lock_open_run(session, workspace_id=workspace_id, run_id=run.id)


def may_manage(started_by: str, user_id: str, *, is_admin: bool) -> bool:
    """Who may close, extend or cancel a team run: whoever started it, or a workspace admin."""
    return user_id == started_by or is_admin


def _require_starter_or_admin(run: AssessmentRun, user_id: str, is_admin: bool, verb: str) -> None:
    if not may_manage(run.started_by, user_id, is_admin=is_admin):
        raise NotAllowed(
            words(
                "Only ",
                Person(run.started_by),
                f", who started this team assessment, or a workspace admin can {verb} it.",
            ),
            log_detail=f"{user_id} may not {verb} run {run.id}",
        )
