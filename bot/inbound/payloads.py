"""What our buttons and modals carry, parsed strictly: Slack hands back whatever a message held,
and a value that does not parse is refused rather than guessed at.

Strictly means numbers too. We write a stage as a JSON integer (`"s":2`), so that is all a
button may carry: pydantic's lax mode would also take `"2"`, `"01"`, `" 3"`, `"+2"`, `2.0`
and `true` (which it reads as Stage 1), none of which we ever wrote. Every number in a model
here is `StrictInt`; whether it is in range (one of the four options) the flow checks, and says
so in words (`flows.conversation`)."""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError

from flows.errors import BadRequest

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


class PickValue(Compact):
    response_id: Id = Field(alias="r")
    question_id: Id = Field(alias="q")
    stage: StrictInt = Field(alias="s")


class QuestionRef(Compact):
    response_id: Id = Field(alias="r")
    question_id: Id = Field(alias="q")


class ResponseRef(Compact):
    response_id: Id = Field(alias="r")


class TeamRunRef(Compact):
    run_id: Id = Field(alias="run")


class FormMetadata(Compact):
    """The modal's private_metadata: whose response the form fills in."""

    response_id: Id = Field(alias="r")
