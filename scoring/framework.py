"""The Outcome Readiness framework as validated, immutable data.

The assessment's words live in `framework.toml` beside this module so that product people can edit
them without touching code; everything that would make the scoring wrong (a missing stage, a
question on an unknown dimension, two options on one stage) is refused at load time with an error
that names the entry, so a bad edit fails in CI rather than in a customer's report.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

STAGE_NUMBERS = (1, 2, 3, 4)
OPTION_TEXT_LIMIT = 150
"""Slack shows an option's full text in a section field; we keep it well inside one line's worth."""
OPTION_LABEL_LIMIT = 60
"""Buttons and radio options are cut at 75 characters by Slack; 60 leaves room for a prefix."""

StageNumber = Annotated[int, Field(ge=1, le=4)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")]


class FrameworkError(ValueError):
    """The framework file is unusable; the message names the file and the offending entry."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Stage(_Frozen):
    number: StageNumber
    name: Text
    summary: Annotated[Text, StringConstraints(max_length=280)]


class Term(_Frozen):
    """A word of the framework that the report explains where it applies ("Desired Outcome")."""

    id: Identifier
    name: Text
    meaning: Annotated[Text, StringConstraints(max_length=400)]


class DimensionStage(_Frozen):
    """What one stage looks like inside one dimension, and how to move on from it."""

    stage: StageNumber
    looks_like: Annotated[Text, StringConstraints(max_length=300)]
    next_moves: Annotated[
        tuple[Annotated[Text, StringConstraints(max_length=260)], ...],
        Field(min_length=2, max_length=3),
    ]


class Dimension(_Frozen):
    id: Identifier
    number: Annotated[int, Field(ge=1)]
    name: Text
    short_name: Annotated[Text, StringConstraints(max_length=20)]
    purpose: Annotated[Text, StringConstraints(max_length=150)]
    stages: tuple[DimensionStage, ...]

    @model_validator(mode="after")
    def _one_entry_per_stage(self) -> Self:
        numbers = tuple(s.stage for s in self.stages)
        if numbers != STAGE_NUMBERS:
            raise ValueError(
                f"dimension {self.id!r} must describe stages 1, 2, 3, 4 in order, got {numbers}"
            )
        return self

    def stage(self, number: int) -> DimensionStage:
        return self.stages[number - 1]


class Option(_Frozen):
    """One answer to a question. Its `stage` is what it signals; where it stands in the file says
    nothing (each respondent sees the four in an order of their own, `scoring.option_order`)."""

    stage: StageNumber
    label: Annotated[Text, StringConstraints(max_length=OPTION_LABEL_LIMIT)]
    text: Annotated[Text, StringConstraints(max_length=OPTION_TEXT_LIMIT - 1)]
    term: Identifier | None = None
    """A term this option names in practice (the report explains it to whoever chose it)."""


class Question(_Frozen):
    id: Identifier
    dimension: Identifier
    prompt: Annotated[Text, StringConstraints(max_length=200)]
    help: Annotated[Text, StringConstraints(max_length=200)] | None = None
    options: tuple[Option, ...]

    @model_validator(mode="after")
    def _four_options_one_per_stage(self) -> Self:
        if len(self.options) != len(STAGE_NUMBERS):
            raise ValueError(
                f"question {self.id!r} must have exactly 4 options, got {len(self.options)}"
            )
        doubled = sorted(n for n, c in Counter(o.stage for o in self.options).items() if c > 1)
        if doubled:
            raise ValueError(
                f"question {self.id!r} has two options on stage {doubled[0]}; "
                "each option must signal a different stage"
            )
        labels = [o.label.casefold() for o in self.options]
        if len(set(labels)) != len(labels):
            raise ValueError(f"question {self.id!r} has two options with the same label")
        return self

    def option(self, stage: int) -> Option:
        return next(o for o in self.options if o.stage == stage)


class AnswerPattern(_Frozen):
    question: Identifier
    stages: Annotated[tuple[StageNumber, ...], Field(min_length=1, max_length=3)]


class Contradiction(_Frozen):
    """Two answers that cannot both be true today ("no documented outcomes" and "a health score
    built on documented outcomes"): the personal profile points them out and asks which holds."""

    id: Identifier
    claim: AnswerPattern
    conflict: AnswerPattern
    note: Annotated[Text, StringConstraints(max_length=300)]


class Framework(_Frozen):
    version: Text
    anchor: Identifier
    scoring_rules: Literal[1, 2] = 2
    """1: the first version's rules (a score rounds to the nearer stage, halves down; the place
    to start is the lowest dimension; "aligned" means members' stages span at most one). 2: a
    stage is reached when the score is at least that stage; the place to start is the anchor
    while it is below Stage 3; "aligned" means members' scores lie within one point. A closed
    run keeps the rules of the version it was taken with, so it shows what it showed."""
    terms: tuple[Term, ...] = ()
    stages: tuple[Stage, ...]
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    contradictions: tuple[Contradiction, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        numbers = tuple(s.number for s in self.stages)
        if numbers != STAGE_NUMBERS:
            raise ValueError(f"stages must be numbered 1, 2, 3, 4 in order, got {numbers}")
        _refuse_duplicates("dimension id", [d.id for d in self.dimensions])
        _refuse_duplicates("dimension number", [str(d.number) for d in self.dimensions])
        _refuse_duplicates("question id", [q.id for q in self.questions])
        dimension_ids = {d.id for d in self.dimensions}
        if self.anchor not in dimension_ids:
            raise ValueError(f"anchor {self.anchor!r} is not a dimension id")
        for question in self.questions:
            if question.dimension not in dimension_ids:
                raise ValueError(
                    f"question {question.id!r} names unknown dimension {question.dimension!r}"
                )
        asked = {q.dimension for q in self.questions}
        for dimension in self.dimensions:
            if dimension.id not in asked:
                raise ValueError(f"dimension {dimension.id!r} has no questions")
        _refuse_duplicates("term id", [t.id for t in self.terms])
        term_ids = {t.id for t in self.terms}
        for question in self.questions:
            for option in question.options:
                if option.term is not None and option.term not in term_ids:
                    raise ValueError(f"question {question.id!r} names unknown term {option.term!r}")
        _refuse_duplicates("contradiction id", [c.id for c in self.contradictions])
        question_ids = {q.id for q in self.questions}
        for rule in self.contradictions:
            for pattern in (rule.claim, rule.conflict):
                if pattern.question not in question_ids:
                    raise ValueError(
                        f"contradiction {rule.id!r} names unknown question {pattern.question!r}"
                    )
        return self

    def dimension(self, dimension_id: str) -> Dimension:
        return self._dimensions_by_id[dimension_id]

    def question(self, question_id: str) -> Question:
        return self._questions_by_id[question_id]

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]

    def term(self, term_id: str) -> Term:
        return next(t for t in self.terms if t.id == term_id)

    def questions_in(self, dimension_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.dimension == dimension_id)

    @property
    def anchor_dimension(self) -> Dimension:
        return self.dimension(self.anchor)

    @property
    def _dimensions_by_id(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.dimensions}

    @property
    def _questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


def _refuse_duplicates(what: str, values: list[str]) -> None:
    doubled = sorted(v for v, c in Counter(values).items() if c > 1)
    if doubled:
        raise ValueError(f"duplicate {what} {doubled[0]!r}")


def parse_framework(text: str, *, source: str = "framework") -> Framework:
    """Parse and validate framework TOML, turning every problem into one readable FrameworkError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{source}: not valid TOML: {exc}") from exc
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(error, data) for error in exc.errors())
        raise FrameworkError(f"{source}: {problems}") from exc


def _describe(error: object, data: object) -> str:
    """Name the entry by its id ("question 'renewal.motion'") rather than by list position."""
    assert isinstance(error, dict)
    location: list[str] = []
    node = data
    for part in error["loc"]:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
            ident = node.get("id") if isinstance(node, dict) else None
            location[-1:] = [f"{location[-1] if location else ''}[{ident or part}]"]
        else:
            node = node.get(part) if isinstance(node, dict) else None
            location.append(str(part))
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{'.'.join(location)}: {message}" if location else message


def load_framework(path: Path | None = None) -> Framework:
    """Load a framework file, or the one shipped with the package when no path is given."""
    if path is not None:
        return parse_framework(path.read_text(encoding="utf-8"), source=str(path))
    return default_framework()


def default_framework() -> Framework:
    """The newest version shipped: what new runs are taken with."""
    return shipped_framework(shipped_versions()[-1])


@cache
def shipped_versions() -> tuple[str, ...]:
    """Every version in `scoring/frameworks/`, oldest first ("2026.1" < "2026.2" < "2027.1").

    Older versions stay shipped because runs taken with them are still shown, scored and
    compared with their own questions and rules.
    """
    folder = resources.files(__package__).joinpath("frameworks")
    names = [f.name.removesuffix(".toml") for f in folder.iterdir() if f.name.endswith(".toml")]
    return tuple(sorted(names, key=_version_key))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@cache
def shipped_framework(version: str) -> Framework:
    """The shipped framework of `version`; KeyError if no such version was ever shipped."""
    if version not in shipped_versions():
        raise KeyError(version)
    source = f"scoring/frameworks/{version}.toml"
    text = resources.files(__package__).joinpath("frameworks", f"{version}.toml")
    framework = parse_framework(text.read_text(encoding="utf-8"), source=source)
    if framework.version != version:
        raise FrameworkError(f"{source}: says version {framework.version!r}")
    return framework
