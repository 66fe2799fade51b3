"""The tables: assessment runs, each person's response, their answers, and team snapshots.

Answers are the source of truth for everything a person sees; a team snapshot freezes the
aggregate at close so a closed run's profile never changes, even after members delete their data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar
from uuid import uuid4

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from scoring import new_seed

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime in UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


COMMENT_MAX_LENGTH = 500
"""The longest comment taken, in characters (Slack's input enforces it too)."""
MOVE_MAX_LENGTH = 300
"""The longest commitment taken, in characters: a framework's next move is at most 260."""


def new_id() -> str:
    """Random ids: they appear in button values and links, so they must not be guessable."""
    return uuid4().hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
    }


class RunKind(StrEnum):
    INDIVIDUAL = "individual"
    TEAM = "team"


class RunStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class SkipReason(StrEnum):
    """Why a schedule's slot opened no run."""

    STILL_OPEN = "still_open"
    """The channel's previous team run was still open."""
    TOO_FEW = "too_few"
    """The channel had fewer people than the schedule's minimum."""


def _enum(kind: type[StrEnum], name: str) -> Enum:
    return Enum(
        kind,
        name=name,
        native_enum=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class AssessmentRun(Base):
    __tablename__ = "assessment_run"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[RunKind] = mapped_column(_enum(RunKind, "run_kind"))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    started_by: Mapped[str] = mapped_column(String(32))
    status: Mapped[RunStatus] = mapped_column(
        _enum(RunStatus, "run_status"), default=RunStatus.OPEN
    )
    opened_at: Mapped[datetime]
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    min_respondents: Mapped[int] = mapped_column(Integer, default=1)
    framework_version: Mapped[str] = mapped_column(String(32))
    invited: Mapped[int | None] = mapped_column(Integer)
    """Channel members asked to take part when a team run opened ("3 of 12 responded")."""
    message_ts: Mapped[str | None] = mapped_column(String(32))
    """The team invitation message, updated as members finish."""
    show_due_at: Mapped[datetime | None] = mapped_column(index=True)
    """A team run's announcement is owed (the invitation while open, the team profile once
    closed): if it is not known to be in the channel by then, the timetable posts it."""
    profile_ts: Mapped[str | None] = mapped_column(String(32))
    """The posted team profile, once known: its full report goes in this message's thread."""
    profile_parts_shown: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How many parts of the team profile are known to be in the channel (the message, its
    chart, its full report): a restarted worker carries on from the next."""
    below_minimum_due_at: Mapped[datetime | None] = mapped_column(index=True)
    """The deadline passed with too few finished, and the channel is owed a notice saying so
    (the run stays open without a deadline, so nothing else would say it): if it is not known
    to be in the channel by then, the timetable posts it."""
    below_minimum_at: Mapped[datetime | None]
    """The deadline that notice is about: a run extended and then short again gets a new one."""

    responses: Mapped[list[Response]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )
    team_result: Mapped[TeamResult | None] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("min_respondents >= 1", name="min_respondents_positive"),
        # One open team run per channel, enforced by the database so two workers racing to
        # open one cannot both win.
        Index(
            "uq_assessment_run_open_team_channel",
            "workspace_id",
            "channel_id",
            unique=True,
            sqlite_where=text("status = 'open' AND kind = 'team'"),
            postgresql_where=text("status = 'open' AND kind = 'team'"),
        ),
    )


class Response(Base):
    """One person taking part in one run: where they are, and whether they finished."""

    __tablename__ = "response"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    run_id: Mapped[str] = mapped_column(ForeignKey("assessment_run.id", ondelete="CASCADE"))
    workspace_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    current_question_id: Mapped[str | None] = mapped_column(String(64))
    """The question the conversation is waiting on; None before the first and after the last."""
    channel_id: Mapped[str | None] = mapped_column(String(32))
    """The DM the conversation happens in."""
    message_ts: Mapped[str | None] = mapped_column(String(32))
    """The message showing the current question, so it can collapse once answered."""
    show_due_at: Mapped[datetime | None] = mapped_column(index=True)
    """The person's next step (a question, or their profile once finished) is owed: if it is not
    known to be on their screen by then, the timetable shows it."""
    profile_ts: Mapped[str | None] = mapped_column(String(32))
    """The person's posted profile, once known: its full report goes in this message's thread."""
    profile_parts_shown: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How many parts of the profile are known to be in the DM (the message, its chart, its
    full report): a restarted worker carries on from the next."""
    option_seed: Mapped[str | None] = mapped_column(String(16), default=new_seed)
    """What this person's order of each question's options is drawn from (scoring.option_order),
    random and fixed when the response starts, so every screen shows them the same order. None
    for a response started before options were shuffled: `seed` stands in its id."""

    role: Mapped[str | None] = mapped_column(String(16))
    """The part of the org the person answered as (a `scoring.Role` value); None when they
    were not asked or skipped the question. Only ever shown back to them."""

    run: Mapped[AssessmentRun] = relationship(back_populates="responses")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        UniqueConstraint("run_id", "user_id"),
        Index("ix_response_workspace_user", "workspace_id", "user_id"),
    )

    @property
    def seed(self) -> str:
        """The seed of this response's option order. A response from before the shuffle has
        none stored; its id is as random and as fixed, so it stands in (its question messages
        shown before then carry the stage they showed, and are taken as shown)."""
        return self.option_seed or self.id


class Answer(Base):
    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    stage: Mapped[int | None] = mapped_column(Integer)
    """The stage of the option chosen; None for "don't know / not my area", an answer that moves
    the person on and is counted, but is never scored."""
    answered_at: Mapped[datetime]
    revision: Mapped[int] = mapped_column(Integer, default=1)
    """1 when first given, +1 each time the person changes it: tells a change from a repeat."""
    message_ts: Mapped[str | None] = mapped_column(String(32))
    """The collapsed question message in the DM, reopened when the person goes back to it."""

    response: Mapped[Response] = relationship(back_populates="answers")

    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        CheckConstraint("stage IS NULL OR stage BETWEEN 1 AND 4", name="stage_in_range"),
    )


class Comment(Base):
    """A person's optional answer to "What holds us back from the next stage?" for one
    dimension of one response. Personal data, like the answers: only ever shown back to the
    writer, or in a team report without a name, among at least five (`flows.comments`)."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    dimension_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(COMMENT_MAX_LENGTH))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("response_id", "dimension_id"),)


class TeamResult(Base):
    """The team profile frozen at close. Aggregates only: it never holds one person's answers."""

    __tablename__ = "team_result"

    run_id: Mapped[str] = mapped_column(
        ForeignKey("assessment_run.id", ondelete="CASCADE"), primary_key=True
    )
    respondents: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]

    run: Mapped[AssessmentRun] = relationship(back_populates="team_result")


class Schedule(Base):
    """A channel's recurring team run: when it is next due, and how each run is set up."""

    __tablename__ = "schedule"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    rule: Mapped[dict[str, Any]]
    """The recurrence (flows.recurrence), as its JSON form."""
    timezone: Mapped[str] = mapped_column(String(64))
    """The IANA zone of the person who set it: "the first Monday at 09:00" is their 09:00."""
    run_hours: Mapped[int] = mapped_column(Integer)
    """How long each scheduled run stays open."""
    min_respondents: Mapped[int] = mapped_column(Integer)
    next_due_at: Mapped[datetime]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    skipped_slot: Mapped[datetime | None]
    """The last slot that opened no run, if one did not."""
    skipped_because: Mapped[SkipReason | None] = mapped_column(_enum(SkipReason, "skip_reason"))
    skipped_members: Mapped[int | None] = mapped_column(Integer)
    """How many people the channel had besides the bot then (for `SkipReason.TOO_FEW`)."""
    skip_notice_due_at: Mapped[datetime | None] = mapped_column(index=True)
    """The channel is owed the notice that `skipped_slot` opened nothing (nothing else would tell
    it that a run it expected will not come): if it is not known to be in the channel by then, the
    timetable posts it."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "channel_id"),
        Index("ix_schedule_next_due_at", "next_due_at"),
    )


class Reminder(Base):
    """A reminder owed to one person, or (`user_id` "") a round of them: written down once,
    whichever worker gets there, and kept so each one goes once."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("assessment_run.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    """"halfway" or "last_day"."""
    sent_at: Mapped[datetime]
    """When it was written down as owed."""
    show_due_at: Mapped[datetime | None] = mapped_column(index=True)
    """Owed until known to be shown: the person's DM, or for a round, writing down who it is
    for. If not done by then (Slack refused, the worker died), the timetable does it."""

    __table_args__ = (UniqueConstraint("run_id", "user_id", "kind"),)


class ReminderOptOut(Base):
    """Someone who said "stop reminding me": no reminder goes to them in this workspace."""

    __tablename__ = "reminder_opt_out"

    workspace_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime]


class RememberedRole(Base):
    """The role a person last chose, offered again ("Same as last time") on their next run.
    Deleted with forget me; skipping the question leaves it as it was."""

    __tablename__ = "remembered_role"

    workspace_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime]


class WorkspaceSettings(Base):
    """What a workspace's admins chose; a workspace without a row uses the defaults."""

    __tablename__ = "workspace_settings"

    workspace_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    min_respondents: Mapped[int] = mapped_column(Integer)
    default_run_days: Mapped[int] = mapped_column(Integer)
    starters: Mapped[str] = mapped_column(String(16))
    """"anyone", or "admins" (workspace admins and the people in `allowed_starters`)."""
    allowed_starters: Mapped[list[str]] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime]

    __table_args__ = (
        CheckConstraint("min_respondents >= 3", name="min_respondents_at_least_three"),
    )


class CommitmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Commitment(Base):
    """One move a channel's team committed to after a team profile: what, who, by when, and
    what became of it. Kept with the run whose profile it follows, so the next run can say how
    the round went (`flows.plans`)."""

    __tablename__ = "commitment"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    run_id: Mapped[str] = mapped_column(ForeignKey("assessment_run.id", ondelete="CASCADE"))
    """The team run whose profile the plan follows: the round this commitment belongs to."""
    position: Mapped[int] = mapped_column(Integer)
    """Its place in the plan (1, 2, 3, ...): the canvas and messages list in this order."""
    dimension_id: Mapped[str | None] = mapped_column(String(64))
    """The dimension the move is about; None for a move of the team's own on no dimension."""
    move: Mapped[str] = mapped_column(String(MOVE_MAX_LENGTH))
    owner_id: Mapped[str | None] = mapped_column(String(32))
    """Who sees it through; None once they asked to be forgotten (the commitment stays)."""
    due_on: Mapped[date]
    status: Mapped[CommitmentStatus] = mapped_column(
        _enum(CommitmentStatus, "commitment_status"), default=CommitmentStatus.OPEN
    )
    zone: Mapped[str] = mapped_column(String(64))
    """The IANA zone the due date is read in (the planner's): reminders go at 09:00 there."""
    remind_at: Mapped[datetime | None] = mapped_column(index=True)
    """When the owner is to be reminded of `due_on` (three working days before); None when
    there is nothing to remind of (settled, reminded, or set inside that window)."""
    reminded_for: Mapped[date | None]
    """The due date the owner was last reminded of: one reminder per due date."""
    show_due_at: Mapped[datetime | None] = mapped_column(index=True)
    """The owner's reminder is owed until known to be in their DM (see `flows.owed`)."""
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    settled_at: Mapped[datetime | None]
    """When it was marked done or dropped."""

    __table_args__ = (Index("ix_commitment_channel", "workspace_id", "channel_id"),)


class ChannelPlan(Base):
    """Where a channel's plan is shown: its canvas, or (when the channel cannot have ours) a
    message in the team profile's thread; and whether showing it again is owed."""

    __tablename__ = "channel_plan"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    canvas_id: Mapped[str | None] = mapped_column(String(32))
    """The channel canvas the app created."""
    no_canvas: Mapped[str | None] = mapped_column(String(64))
    """Why there is no canvas of ours (Slack's error), once Slack said so."""
    message_ts: Mapped[str | None] = mapped_column(String(32))
    """Without a canvas: the plan message, in the thread of `thread_ts`."""
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    lead_id: Mapped[str | None] = mapped_column(String(32))
    """Who planned last: told once, plainly, when there can be no canvas."""
    lead_told_at: Mapped[datetime | None]
    show_due_at: Mapped[datetime | None] = mapped_column(index=True)
    """The plan changed (or a run closed) and the canvas or message is owed a rewrite."""
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Counts the changes that made a rewrite owed. A rewrite settles what is owed only if no
    change came after it was taken (times cannot tell: two can fall in the same instant)."""
    updated_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("workspace_id", "channel_id"),)


class KnownName(Base):
    """What people call a channel or their workspace ("cs-team", "Acme"), as Slack last told
    us: so a printable report and the CLI can name their subject without asking Slack. Only
    channels and workspaces, never people."""

    __tablename__ = "known_name"

    workspace_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    object_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    """A channel id, or the workspace id itself for the workspace's name."""
    name: Mapped[str] = mapped_column(String(255))
    learned_at: Mapped[datetime]


class SlackDelivery(Base):
    """A request Slack delivered, kept for a while so it is acted on once.

    A verbatim replay carries the same signature and is refused. A redelivery (Slack retrying an
    event it thinks we missed, or a click sent twice) is signed afresh but has the same
    `delivery_key` (the event id, or a hash of the body) and is acknowledged without acting.
    """

    __tablename__ = "slack_delivery"

    signature: Mapped[str] = mapped_column(String(100), primary_key=True)
    delivery_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
