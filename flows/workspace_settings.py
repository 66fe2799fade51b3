"""Per-workspace choices made by its admins: the minimum for a team profile, the default
deadline, and who may start team runs and schedules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from flows.errors import NotAllowed
from flows.sentences import Typed, words
from flows.services import Services
from storage.models import WorkspaceSettings

LOWEST_MIN_RESPONDENTS = 3
"""Below three, a team average gives away what each member answered."""
HIGHEST_MIN_RESPONDENTS = 20
"""The settings modal offers 3 to 20, and can only show a minimum it offers."""
MAX_RUN_DAYS = 60


class Starters(StrEnum):
    ANYONE = "anyone"
    ADMINS = "admins"
    """Workspace admins, and the people named in `allowed_starters`."""


@dataclass(frozen=True)
class Choices:
    min_respondents: int = LOWEST_MIN_RESPONDENTS
    default_run_days: int = 7
    starters: Starters = Starters.ANYONE
    allowed_starters: tuple[str, ...] = field(default_factory=tuple)

    @property
    def default_deadline(self) -> timedelta:
        return timedelta(days=self.default_run_days)

    def may_start(self, user_id: str, *, is_admin: bool) -> bool:
        return self.starters is Starters.ANYONE or is_admin or user_id in self.allowed_starters


def choices(services: Services, *, workspace_id: str) -> Choices:
    with services.database.session() as session:
        return choices_in(session, workspace_id=workspace_id)


def choices_in(session: Session, *, workspace_id: str) -> Choices:
    """The workspace's choices, read in a transaction already open (on SQLite a second one
    would wait for it)."""
    stored = session.get(WorkspaceSettings, workspace_id)
    if stored is None:
        return Choices()
    return Choices(
        min_respondents=stored.min_respondents,
        default_run_days=stored.default_run_days,
        starters=Starters(stored.starters),
        allowed_starters=tuple(stored.allowed_starters),
    )


def require_admin(is_admin: bool) -> None:
    if not is_admin:
        raise NotAllowed("Only workspace admins can change Outcome Readiness settings.")


def save_choices(
    services: Services,
    *,
    workspace_id: str,
    user_id: str,
    is_admin: bool,
    min_respondents: int,
    default_run_days: int,
    starters: Starters,
    allowed_starters: Sequence[str],
) -> Choices:
    require_admin(is_admin)
    if min_respondents < LOWEST_MIN_RESPONDENTS:
        raise NotAllowed(
            f"The minimum cannot go below {LOWEST_MIN_RESPONDENTS}: with fewer, a team average "
            "gives away what each member answered."
        )
    if min_respondents > HIGHEST_MIN_RESPONDENTS:
        raise NotAllowed(f"The minimum can be at most {HIGHEST_MIN_RESPONDENTS}.")
    if not 1 <= default_run_days <= MAX_RUN_DAYS:
        raise NotAllowed(f"The default deadline must be between 1 and {MAX_RUN_DAYS} days.")
    with services.database.session() as session:
        stored = session.get(WorkspaceSettings, workspace_id) or WorkspaceSettings(
            workspace_id=workspace_id
        )
        stored.min_respondents = min_respondents
        stored.default_run_days = default_run_days
        stored.starters = starters.value
        stored.allowed_starters = list(dict.fromkeys(allowed_starters))
        stored.updated_by = user_id
        stored.updated_at = services.clock()
        session.add(stored)
    return choices(services, workspace_id=workspace_id)


def minimum_for(chosen: Choices, requested: int | None) -> int:
    """The run's minimum: what was asked for, but never below the workspace's own minimum."""
    if requested is None:
        return chosen.min_respondents
    if requested < chosen.min_respondents:
        raise NotAllowed(
            words(
                f"A team profile here needs at least {chosen.min_respondents} respondents, so "
                "nobody's answers can be worked out from the average. Try ",
                Typed(f"min {chosen.min_respondents}"),
                " or more.",
            )
        )
    return requested


def require_starter(
    services: Services, *, workspace_id: str, user_id: str, is_admin: bool, what: str
) -> Choices:
    """The workspace's choices, once it is clear this person may start `what`."""
    chosen = choices(services, workspace_id=workspace_id)
    if not chosen.may_start(user_id, is_admin=is_admin):
        raise NotAllowed(
            f"In this workspace only admins and the people they named can start {what}. "
            "Ask a workspace admin."
        )
    return chosen
