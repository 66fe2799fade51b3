"""What our buttons and modals carry, parsed strictly: Slack hands back whatever a message held,
and a value that does not parse is refused rather than guessed at.

Strictly means numbers too. Question messages posted before options had an order of their own
carried a stage as a JSON integer (`"s":2`), so that is all such a button may carry: pydantic's
lax mode would also take `"2"`, `"01"`, `" 3"`, `"+2"`, `2.0` and `true` (which it reads as
Stage 1), none of which we ever wrote. Every number in a model here is `StrictInt`; whether it
is in range (one of the four options) the flow checks, and says so in words
(`flows.conversation`)."""

from __future__ import annotations

from typing import Annotated, Literal, Self, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from flows.errors import BadRequest
from flows.steps import DONT_KNOW, Shown, ShownStage
from scoring import Role

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
T = TypeVar("T", bound="Compact")


class Compact(BaseModel):
    """Short keys: values travel in every button, and Slack caps them at 2,000 characters."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def encode(self) -> str:
        return self.model_dump_json(by_alias=True)

    @classmethod
    def decode(cls: type[T], raw: object) -> T:
        """What a button or modal carried; refused unless it is exactly our JSON. Slack hands
        back the text we gave it, but the value comes from the request: anything at all
        (`None`, a number, a list) is refused, not passed on to the JSON parser."""
        if isinstance(raw, str):
            try:
                return cls.model_validate_json(raw)
            except ValidationError:
                pass
        raise BadRequest(
            "That button did not carry what I expected, so nothing was changed.",
            log_detail=f"unparseable {cls.__name__}: {repr(raw)[:200]}",
        )


DONT_KNOW_VALUE = "dont_know"
"""What the "Don't know / not my area" button and radio option carry instead of a letter."""

Choice = Literal["A", "B", "C", "D", "dont_know"]


class PickValue(Compact):
    """A click on a question: the letter of the option as the person saw it, or don't know.

    Never the stage: a button's value is in the Slack client's copy of the message, where
    anyone can read it, and a stage there would be the answer key. Buttons posted before
    options were shuffled carry `"s"`, the stage of the option they showed (in the framework's
    order); those are still taken, as what was shown.
    """

    response_id: Id = Field(alias="r")
    question_id: Id = Field(alias="q")
    choice: Choice | None = Field(default=None, alias="c")
    stage: StrictInt | None = Field(default=None, alias="s")

    @model_validator(mode="after")
    def _exactly_one_pick(self) -> Self:
        if (self.choice is None) == (self.stage is None):
            raise ValueError("a pick carries either a letter or (from before) a stage")
        return self

    def encode(self) -> str:
        """Without the field not used, so a new button carries no `"s"` key at all."""
        return self.model_dump_json(by_alias=True, exclude_none=True)

    @property
    def shown(self) -> Shown:
        """The pick as the person saw it, for the flow to turn into a stage."""
        if self.stage is not None:
            return ShownStage(self.stage)
        if self.choice == DONT_KNOW_VALUE:
            return DONT_KNOW
        assert self.choice is not None  # one of the two, by `_exactly_one_pick`
        return self.choice


SKIP_ROLE = "skip"
"""What the role select's "Skip" option carries instead of a role."""

RoleChoice = Literal[
    "leadership", "csm", "onboarding", "operations", "sales", "other", "undisclosed", "skip"
]
"""`scoring.Role`'s values, or `SKIP_ROLE`; a test checks the two agree."""


def role_chosen(choice: str) -> Role | None:
    """A role select's choice as a role (None: skipped)."""
    return None if choice == SKIP_ROLE else Role(choice)


class RolePick(Compact):
    """A choice in the role select above the first question: whose response, and the role."""

    response_id: Id = Field(alias="r")
    choice: RoleChoice = Field(alias="o")

    @property
    def role(self) -> Role | None:
        return role_chosen(self.choice)


class QuestionRef(Compact):
    response_id: Id = Field(alias="r")
    question_id: Id = Field(alias="q")


class ResponseRef(Compact):
    response_id: Id = Field(alias="r")


class TeamRunRef(Compact):
    run_id: Id = Field(alias="run")


LONGEST_EXTENSION_DAYS = 14
"""An Extend button adds at most this many days (the button offers 3)."""


class TeamRunExtension(Compact):
    """An Extend button on a team run's controls: the run, and how many days it adds. The run
    must still be the channel's open one, and the clicker allowed to extend it, at the click."""

    run_id: Id = Field(alias="run")
    days: StrictInt = Field(alias="d", ge=1, le=LONGEST_EXTENSION_DAYS)


class CommentRef(Compact):
    """The "Add a comment" button, and the comment modal's private_metadata: whose response,
    and which dimension."""

    response_id: Id = Field(alias="r")
    dimension_id: Id = Field(alias="d")


class FormMetadata(Compact):
    """The modal's private_metadata: whose response the form fills in."""

    response_id: Id = Field(alias="r")


class FollowThroughRef(Compact):
    """A button on a commitment's reminder (Done, Not yet, Drop): which commitment."""

    commitment_id: Id = Field(alias="c")


class NewDateMetadata(Compact):
    """The "Not yet" modal's private_metadata: which commitment, and the reminder message to
    replace once the new date is saved (in the person's DM)."""

    commitment_id: Id = Field(alias="c")
    channel_id: Id = Field(alias="ch")
    message_ts: Id | None = Field(default=None, alias="ts")


class PlanRunRef(Compact):
    """The "Plan next moves" and "Edit plan" buttons: the team run whose profile the plan
    follows (a click on an older profile's button is told to plan from the newer one)."""

    run_id: Id = Field(alias="run")


class PlanMoveRef(Compact):
    """A plan's Done and Drop buttons: the commitment they settle."""

    commitment_id: Id = Field(alias="m")


class PlanMetadata(Compact):
    """The plan modal's private_metadata: the workspace, channel and run it was opened for.
    The workspace is checked against the submission's own (`bot.inbound.workspace`)."""

    workspace_id: Id = Field(alias="w")
    channel_id: Id = Field(alias="c")
    run_id: Id = Field(alias="run")


class ReportRef(Compact):
    """A history entry's "Report" button: the run, and whose report: the clicker's own (their
    answers in it) or the team's (for members of its channel). Who may have it is checked again
    at the click."""

    run_id: Id = Field(alias="run")
    of: Literal["own", "team"] = Field(alias="of")
