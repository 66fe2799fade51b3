"""What the conversation decides should happen next, in terms any front end can show.

The bot turns these into Slack messages; nothing here knows about blocks or channels beyond the
ids and message timestamps it was told.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from scoring import Framework, Profile, Role, TeamProfile, Trend, compare
from scoring.framework import Dimension, Option, Question
from scoring.team import DETAIL_MINIMUM

if TYPE_CHECKING:
    from flows.plans import RoundReview


class DontKnow(Enum):
    """The type of `DONT_KNOW` (an enum of one, so type checkers can tell it from a stage)."""

    DONT_KNOW = "dont_know"


DONT_KNOW = DontKnow.DONT_KNOW
"""The answer "Don't know / not my area": it moves the person on and is counted, but never
scored (stored as a stage of None)."""

DONT_KNOW_WORDS = "Don't know / not my area"
"""How the answer is named, on its button and whenever it is named back to the person."""

Chosen = int | DontKnow
"""What a question was answered with: the stage of the chosen option, or `DONT_KNOW`."""


@dataclass(frozen=True)
class ShownStage:
    """A pick from a question message or form posted before options had an order of their own:
    those showed the options in the framework's order and carried each one's stage, so the
    stage is what the person saw and chose."""

    stage: int


Shown = str | DontKnow | ShownStage
"""A pick as the person saw it: the letter ("A"–"D") of an option in their own order, don't
know, or (from before the shuffle) `ShownStage`. Flows turns it into a stage; the bot never
does, so no button or form needs to carry one."""

Lettered = tuple[tuple[str, Option], ...]
"""A question's options as one response sees them: ("A", option), ("B", option), …"""


def letter_chosen(options: Lettered, chosen: Chosen | None) -> str | None:
    """The letter the chosen option was shown under (None: nothing chosen, or don't know)."""
    return next((letter for letter, option in options if option.stage == chosen), None)


@dataclass(frozen=True)
class RoleOffer:
    """The optional question before the first one: which part of the org the person works in.

    `current` is what the response is given as now (None: no role, whether never chosen or
    skipped); a new response starts as `remembered`, the role the person chose last."""

    current: Role | None
    remembered: Role | None


@dataclass(frozen=True)
class CommentOffer:
    """The person may add (or edit) their comment on a dimension whose questions they have
    all answered: offered on the message after its last question (the next question, or the
    profile), optional, and skipped by not using it."""

    response_id: str
    dimension: Dimension
    text: str | None
    """Their comment so far (None: none yet)."""


@dataclass(frozen=True)
class DimensionComments:
    """A dimension's comments as a team report shows them: the texts, shuffled and unsigned,
    when at least `minimum` people commented; otherwise only how many are held back."""

    dimension_id: str
    shown: tuple[str, ...] = ()
    held_back: int = 0


@dataclass(frozen=True)
class TeamComments:
    """A closed team run's comments, per dimension commented on; frozen with its snapshot."""

    dimensions: tuple[DimensionComments, ...] = ()
    minimum: int = DETAIL_MINIMUM
    """How many must comment on a dimension before any of its comments is shown."""

    def of(self, dimension_id: str) -> DimensionComments | None:
        return next((d for d in self.dimensions if d.dimension_id == dimension_id), None)


@dataclass(frozen=True)
class Ask:
    """Show one question and wait for a pick."""

    response_id: str
    question: Question
    dimension: Dimension
    number: int
    total: int
    chosen: Chosen | None
    """What was already picked, when the person came back to change it (None: nothing yet)."""
    options: Lettered
    """The options in this response's own order, with the letters they are shown under: the
    same on every screen the response is shown on."""
    owed: datetime | None = None
    """The step's `show_due_at` when it was made: whoever shows it first takes it with this
    (see `flows.owed`), so the bot and the timetable never both post it."""
    role: RoleOffer | None = None
    """On the first question only: the role question, asked above it in the same message."""
    comment: CommentOffer | None = None
    """On the first question of a dimension after the first: a comment on the one before."""

    @property
    def can_go_back(self) -> bool:
        return self.number > 1

    @property
    def chosen_letter(self) -> str | None:
        return letter_chosen(self.options, self.chosen)


@dataclass(frozen=True)
class Answered:
    """A question as it reads once answered, for collapsing its message."""

    question: Question
    dimension: Dimension
    number: int
    total: int
    chosen: Chosen
    options: Lettered
    """As in `Ask`: the letter shown is the letter named."""
    message_ts: str | None

    @property
    def letter(self) -> str | None:
        """The letter of the option chosen (None for don't know)."""
        return letter_chosen(self.options, self.chosen)

    @property
    def option(self) -> Option | None:
        """The option chosen (None for don't know)."""
        return next((option for _, option in self.options if option.stage == self.chosen), None)


@dataclass(frozen=True)
class FormQuestion:
    """One question of the all-at-once form, as the response sees it."""

    question: Question
    number: int
    options: Lettered
    chosen: Chosen | None

    @property
    def chosen_letter(self) -> str | None:
        return letter_chosen(self.options, self.chosen)


@dataclass(frozen=True)
class Form:
    """Every question at once, in the response's own option order, prefilled with its answers."""

    response_id: str
    framework: Framework
    """The framework of the person's run: its dimensions and questions are the form's."""
    questions: tuple[FormQuestion, ...]
    role: RoleOffer = RoleOffer(current=None, remembered=None)
    """The optional role question, at the top of the form."""
    comments: Mapping[str, str] = field(default_factory=dict)
    """The person's comments so far (dimension id -> text), prefilling each dimension's."""

    def questions_in(self, dimension_id: str) -> tuple[FormQuestion, ...]:
        return tuple(q for q in self.questions if q.question.dimension == dimension_id)


@dataclass(frozen=True)
class ResumeOffer:
    """An unfinished assessment exists: continue it or start over?"""

    response_id: str
    answered: int
    total: int
    run_kind: str
    started_at: datetime

    @property
    def remaining(self) -> int:
        return self.total - self.answered


@dataclass(frozen=True)
class TeamProgress:
    """Where a team run stands, for the invitation's counter (counts only, never names)."""

    run_id: str
    workspace_id: str
    channel_id: str
    message_ts: str | None
    completed: int
    invited: int | None
    min_respondents: int
    closes_at: datetime | None
    started_by: str
    owed: datetime | None = None
    """The invitation's `show_due_at`, while it is owed (see `Ask.owed`)."""
    review: RoundReview | None = None
    """What the channel committed to after its previous team profile, and what became of it,
    for the invitation to list (None: nothing was committed, or the channel never planned)."""


@dataclass(frozen=True)
class Finished:
    """The person answered everything: their own profile, privately."""

    run_id: str
    workspace_id: str
    finished_at: datetime
    response_id: str
    profile: Profile
    previous: Profile | None
    """The person's own assessment before this one, if any."""
    team: TeamProgress | None
    owed: datetime | None = None
    parts_shown: int = 0
    """How many parts of the profile (message, chart, full report) are known to be shown."""
    profile_ts: str | None = None
    """The profile message, once shown: the full report goes in its thread."""
    answers: Mapping[str, int | None] | None = None
    """The person's own answers (stage, or None for "don't know"), shown back only to them:
    their profile points out two that disagree and explains the terms of options they chose."""
    role: Role | None = None
    """The role this response was given as, said back only to the person."""
    comments: Mapping[str, str] | None = None
    """The person's own comments (dimension id -> text), shown back only to them."""
    comment: CommentOffer | None = None
    """A comment on the last dimension, offered on the profile message."""

    @property
    def trend(self) -> Trend | None:
        return None if self.previous is None else compare(self.previous, self.profile)


@dataclass(frozen=True)
class Advanced:
    """An answer was taken: collapse the answered question, then show what comes next.

    Only the click whose transaction moved the conversation on gets one, and that transaction
    wrote the lease on `next` (its `owed`): whoever shows this holds that lease already."""

    answered: Answered
    next: Ask | Finished


@dataclass(frozen=True)
class AlreadyHandled:
    """This click was already acted on (a double click, or Slack retrying): show nothing new."""


@dataclass(frozen=True)
class WentBack:
    """Reopen the previous question; the message left behind collapses again or goes away."""

    ask: Ask
    reopen_ts: str | None
    """The earlier message where `ask` was answered, to reopen in place (None: post anew)."""
    leaving_ts: str | None
    """The message the person clicked Back on."""
    leaving: Answered | None
    """What that message should go back to showing, if its question was answered already."""


@dataclass(frozen=True)
class MissingAnswers:
    """A form was submitted without some answers."""

    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class TeamProfileReady:
    """A team run closed with enough answers: its profile, frozen, and how the run ended up."""

    progress: TeamProgress
    team: TeamProfile
    previous: Profile | None
    """The channel's previous team profile, if any."""
    closed_at: datetime
    """When the run closed: a profile posted later (Slack was down) still says this day."""
    parts_shown: int = 0
    """How many parts of the team profile (message, chart, full report) are known to be shown."""
    profile_ts: str | None = None
    """The team profile message, once shown: the full report goes in its thread."""
    comments: TeamComments = TeamComments()
    """The members' comments as the full report shows them (never in the channel message)."""
    review: RoundReview | None = None
    """What the channel committed to after its previous team profile, and what became of it
    (None: nothing was committed)."""

    @property
    def trend(self) -> Trend | None:
        if self.previous is None:
            return None
        return compare(self.previous, self.team.profile, stages_only=self.team.trend_stages_only)

    @property
    def run_id(self) -> str:
        return self.progress.run_id

    @property
    def channel_id(self) -> str:
        return self.progress.channel_id

    @property
    def respondents(self) -> int:
        return self.team.respondents


@dataclass(frozen=True)
class NeedMoreAnswers:
    """Closing was asked for, but too few members finished: the run stays open."""

    progress: TeamProgress
    deadline: datetime | None = None
    """The deadline that passed, when it was the deadline that asked (not a person's
    `/readiness close`): the channel is then owed a notice, as `owed` (see `Ask.owed`)."""
    owed: datetime | None = None

    @property
    def needed(self) -> int:
        return max(self.progress.min_respondents - self.progress.completed, 0)
