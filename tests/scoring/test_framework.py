"""The shipped framework is complete; a broken framework file is refused naming its entry."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Any

import pytest

from scoring import FrameworkError, default_framework
from scoring.framework import parse_framework, shipped_framework, shipped_versions

SHIPPED = (
    resources.files("scoring").joinpath("frameworks", "2026.1.toml").read_text(encoding="utf-8")
)


def test_shipped_framework_has_the_four_stages_in_order() -> None:
    names = [s.name for s in default_framework().stages]
    assert names == ["Make it Work", "Make it Stick", "Make it Matter", "Make it Ours"]


def test_shipped_framework_has_six_dimensions_with_outcomes_as_anchor() -> None:
    framework = default_framework()
    assert [(d.number, d.name) for d in framework.dimensions] == [
        (1, "Outcome Definition & Success Planning"),
        (2, "Onboarding"),
        (3, "Customer Engagement Model"),
        (4, "Health Scoring"),
        (5, "Renewal Motion"),
        (6, "Expansion Motion"),
    ]
    assert framework.anchor_dimension.number == 1


def test_questions_are_spread_where_the_framework_puts_the_weight() -> None:
    framework = default_framework()
    per_dimension = {d.id: len(framework.questions_in(d.id)) for d in framework.dimensions}
    assert per_dimension == {
        "outcomes": 4,
        "onboarding": 2,
        "engagement": 3,
        "health": 2,
        "renewal": 2,
        "expansion": 2,
    }
    assert len(framework.questions) == 15


def test_every_option_fits_slack_and_signals_one_stage() -> None:
    for question in default_framework().questions:
        assert [o.stage for o in question.options] == [1, 2, 3, 4]
        for option in question.options:
            assert len(option.text) < 150, (question.id, option.text)
            assert len(option.label) <= 60, (question.id, option.label)


def test_every_dimension_and_stage_has_two_or_three_next_moves() -> None:
    for dimension in default_framework().dimensions:
        for stage in dimension.stages:
            assert 2 <= len(stage.next_moves) <= 3, (dimension.id, stage.stage)


def test_desired_outcome_shapes_the_outcome_questions_and_advice() -> None:
    framework = default_framework()
    outcome_words = " ".join(
        [q.prompt + (q.help or "") for q in framework.questions_in("outcomes")]
        + [m for s in framework.dimension("outcomes").stages for m in s.next_moves]
    )
    assert "Required Outcome" in outcome_words
    assert "Appropriate Experience" in outcome_words


def _broken(edit: Any) -> str:
    """The shipped file with one edit applied, re-serialised by hand as TOML via tomllib data."""
    data = tomllib.loads(SHIPPED)
    edit(data)
    return _to_toml(data)


def _to_toml(data: dict[str, Any]) -> str:
    """Just enough TOML writing for these tests: scalars, string lists and arrays of tables."""

    def scalar(value: Any) -> str:
        if isinstance(value, str):
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(value, list):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        return str(value).lower() if isinstance(value, bool) else str(value)

    def table(prefix: str, entry: dict[str, Any]) -> list[str]:
        lines = [f"[[{prefix}]]"]
        nested = []
        for key, value in entry.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                nested.append((key, value))
            else:
                lines.append(f"{key} = {scalar(value)}")
        for key, entries in nested:
            for item in entries:
                lines.extend(table(f"{prefix}.{key}", item))
        return lines

    lines = [f"{k} = {scalar(v)}" for k, v in data.items() if not isinstance(v, list)]
    for key, entries in data.items():
        if isinstance(entries, list):
            for entry in entries:
                lines.extend(table(key, entry))
    return "\n".join(lines)


def test_round_trip_helper_reproduces_the_shipped_framework() -> None:
    assert parse_framework(_broken(lambda d: None)) == shipped_framework("2026.1")


def test_every_shipped_version_loads_and_the_newest_is_the_default() -> None:
    """Older versions stay loadable: runs taken with them are still shown and scored."""
    versions = shipped_versions()
    assert versions[:2] == ("2026.1", "2026.2")
    assert [shipped_framework(v).version for v in versions] == list(versions)
    assert default_framework().version == versions[-1]
    assert shipped_framework("2026.1").scoring_rules == 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            '[[contradictions]]\nid = "x"\nnote = "Which is true?"\n'
            'claim = { question = "renewal.motion", stages = [1] }\n'
            'conflict = { question = "renewal.nope", stages = [4] }\n',
            "contradiction 'x' names unknown question 'renewal.nope'",
        ),
        ('[[terms]]\nid = "a"\nname = "A"\nmeaning = "m"\n' * 2, "duplicate term id 'a'"),
    ],
)
def test_contradictions_and_terms_must_name_what_exists(edit: str, message: str) -> None:
    with pytest.raises(FrameworkError, match=re.escape(message)):
        parse_framework(SHIPPED + "\n" + edit)


def test_an_option_may_only_name_a_defined_term() -> None:
    text = SHIPPED.replace('label = "Contract and contacts"', 'term = "nope"\nlabel = "x"', 1)
    if text == SHIPPED:
        text = SHIPPED.replace("\n  stage = 1\n", '\n  stage = 1\n  term = "nope"\n', 1)
    with pytest.raises(FrameworkError, match="names unknown term 'nope'"):
        parse_framework(text)


def _duplicate_question_id(data: dict[str, Any]) -> None:
    data["questions"][1]["id"] = data["questions"][0]["id"]


def _three_options(data: dict[str, Any]) -> None:
    data["questions"][4]["options"].pop()


def _two_options_on_one_stage(data: dict[str, Any]) -> None:
    data["questions"][12]["options"][3]["stage"] = 2


def _unknown_dimension(data: dict[str, Any]) -> None:
    data["questions"][6]["dimension"] = "marketing"


def _option_too_long(data: dict[str, Any]) -> None:
    data["questions"][2]["options"][0]["text"] = "x" * 150


def _stage_missing_in_dimension(data: dict[str, Any]) -> None:
    data["dimensions"][3]["stages"].pop(2)


def _unknown_key(data: dict[str, Any]) -> None:
    data["questions"][0]["weight"] = 2


def _anchor_unknown(data: dict[str, Any]) -> None:
    data["anchor"] = "sales"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_duplicate_question_id, "duplicate question id 'outcomes.documentation'"),
        (_three_options, "question 'onboarding.first_value' must have exactly 4 options, got 3"),
        (_two_options_on_one_stage, "question 'renewal.motion' has two options on stage 2"),
        (
            _unknown_dimension,
            "question 'engagement.interactions' names unknown dimension 'marketing'",
        ),
        (
            _option_too_long,
            "questions[outcomes.timing].options[0].text: String should have at most",
        ),
        (_stage_missing_in_dimension, "dimension 'health' must describe stages 1, 2, 3, 4"),
        (_unknown_key, "questions[outcomes.documentation].weight: Extra inputs are not permitted"),
        (_anchor_unknown, "anchor 'sales' is not a dimension id"),
    ],
)
def test_a_broken_framework_is_refused_naming_the_entry(edit: Any, expected: str) -> None:
    with pytest.raises(FrameworkError, match=re.escape(expected)):
        parse_framework(_broken(edit), source="edited.toml")


def test_invalid_toml_is_refused_with_the_file_named() -> None:
    with pytest.raises(FrameworkError, match=r"^edited\.toml: not valid TOML"):
        parse_framework("version = ", source="edited.toml")
