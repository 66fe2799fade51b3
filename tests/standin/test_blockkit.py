"""Block Kit limits, each checked at its boundary: the limit passes, one more fails."""

from __future__ import annotations

from typing import Any

import pytest

from standin.blockkit import message_problems, view_problems
from standin.visible import visible_text


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def button(label: str = "Go", **extra: Any) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": extra.pop("action_id", "go"),
        "text": plain(label),
        **extra,
    }


def option(text: str = "One", value: str = "1", **extra: Any) -> dict[str, Any]:
    return {"text": plain(text), "value": value, **extra}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text)}


def actions(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(elements)}


def modal(*blocks: dict[str, Any], **extra: Any) -> dict[str, Any]:
    view: dict[str, Any] = {"type": "modal", "title": plain("Assessment"), "blocks": list(blocks)}
    view.update(extra)
    return view


def radio(count: int) -> dict[str, Any]:
    return {
        "type": "radio_buttons",
        "action_id": "pick",
        "options": [option(f"O{n}", str(n)) for n in range(count)],
    }


def select(count: int) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": "pick",
        "placeholder": plain("Choose"),
        "options": [option(f"O{n}", str(n)) for n in range(count)],
    }


def input_block(element: dict[str, Any], label: str = "Answer", **extra: Any) -> dict[str, Any]:
    return {"type": "input", "block_id": "q", "label": plain(label), "element": element, **extra}


# (description, blocks at the limit, blocks one past it)
MESSAGE_LIMITS: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]] = [
    ("50 blocks", [{"type": "divider"}] * 50, [{"type": "divider"}] * 51),
    ("section text 3000", [section("x" * 3000)], [section("x" * 3001)]),
    (
        "10 section fields of 2000",
        [{"type": "section", "fields": [mrkdwn("x" * 2000)] * 10}],
        [{"type": "section", "fields": [mrkdwn("x" * 2000)] * 11}],
    ),
    (
        "section field 2000",
        [{"type": "section", "fields": [mrkdwn("x" * 2000)]}],
        [{"type": "section", "fields": [mrkdwn("x" * 2001)]}],
    ),
    (
        "header 150",
        [{"type": "header", "text": plain("x" * 150)}],
        [{"type": "header", "text": plain("x" * 151)}],
    ),
    (
        "context 10 elements",
        [{"type": "context", "elements": [mrkdwn("x")] * 10}],
        [{"type": "context", "elements": [mrkdwn("x")] * 11}],
    ),
    (
        "actions 25 elements",
        [actions(*[button(action_id=f"b{n}") for n in range(25)])],
        [actions(*[button(action_id=f"b{n}") for n in range(26)])],
    ),
    ("button text 75", [actions(button("x" * 75))], [actions(button("x" * 76))]),
    ("button value 2000", [actions(button(value="v" * 2000))], [actions(button(value="v" * 2001))]),
    (
        "button url 3000",
        [actions(button(url="https://e.com/" + "u" * 2986))],
        [actions(button(url="https://e.com/" + "u" * 2987))],
    ),
    (
        "action_id 255",
        [actions(button(action_id="a" * 255))],
        [actions(button(action_id="a" * 256))],
    ),
    (
        "block_id 255",
        [{"type": "divider", "block_id": "b" * 255}],
        [{"type": "divider", "block_id": "b" * 256}],
    ),
    (
        "block_ids unique",
        [{"type": "divider", "block_id": "a"}, {"type": "divider", "block_id": "b"}],
        [{"type": "divider", "block_id": "a"}, {"type": "divider", "block_id": "a"}],
    ),
    (
        "action_ids unique in a block",
        [actions(button(action_id="a"), button(action_id="b"))],
        [actions(button(action_id="a"), button(action_id="a"))],
    ),
    ("10 radio options", [actions(radio(10))], [actions(radio(11))]),
    ("100 select options", [actions(select(100))], [actions(select(101))]),
    (
        "option text 75",
        [actions({**select(1), "options": [option("x" * 75)]})],
        [actions({**select(1), "options": [option("x" * 76)]})],
    ),
    (
        "option value 150",
        [actions({**select(1), "options": [option(value="v" * 150)]})],
        [actions({**select(1), "options": [option(value="v" * 151)]})],
    ),
    (
        "option description 75",
        [actions({**select(1), "options": [option(description=plain("d" * 75))]})],
        [actions({**select(1), "options": [option(description=plain("d" * 76))]})],
    ),
    (
        "image alt_text 2000",
        [{"type": "image", "image_url": "https://e.com/i.png", "alt_text": "a" * 2000}],
        [{"type": "image", "image_url": "https://e.com/i.png", "alt_text": "a" * 2001}],
    ),
    ("text objects need text", [section("x")], [section("")]),
    (
        "header must be plain_text",
        [{"type": "header", "text": plain("Hi")}],
        [{"type": "header", "text": mrkdwn("Hi")}],
    ),
    (
        "button text must be plain_text",
        [actions(button())],
        [actions({**button(), "text": mrkdwn("Go")})],
    ),
    (
        "select option text must be plain_text",
        [actions(select(1))],
        [actions({**select(1), "options": [{"text": mrkdwn("x"), "value": "1"}]})],
    ),
    (
        "text object type",
        [section("x")],
        [{"type": "section", "text": {"type": "markdown", "text": "x"}}],
    ),
    ("input blocks are not for messages", [section("x")], [input_block(radio(2))]),
    ("unknown block types", [{"type": "divider"}], [{"type": "carousel"}]),
]


@pytest.mark.parametrize(
    ("at_limit", "past_limit"),
    [(ok, bad) for _, ok, bad in MESSAGE_LIMITS],
    ids=[name for name, _, _ in MESSAGE_LIMITS],
)
def test_message_limits(at_limit: list[dict[str, Any]], past_limit: list[dict[str, Any]]) -> None:
    assert message_problems(text="t", blocks=at_limit) == []
    assert message_problems(text="t", blocks=past_limit) != []


def test_message_text_limit() -> None:
    assert message_problems(text="x" * 40_000, blocks=None) == []
    [problem] = message_problems(text="x" * 40_001, blocks=None)
    assert problem.pointer == "/text"


def test_problems_read_like_slacks() -> None:
    [problem] = message_problems(text="t", blocks=[actions(button("x" * 76))])
    assert str(problem) == (
        "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"
    )


VIEW_LIMITS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("100 blocks", modal(*[{"type": "divider"}] * 100), modal(*[{"type": "divider"}] * 101)),
    ("title 24", modal(title=plain("x" * 24)), modal(title=plain("x" * 25))),
    (
        "submit 24",
        modal(input_block(radio(2)), submit=plain("x" * 24)),
        modal(input_block(radio(2)), submit=plain("x" * 25)),
    ),
    ("close 24", modal(close=plain("x" * 24)), modal(close=plain("x" * 25))),
    ("title is plain_text", modal(), modal(title=mrkdwn("Assessment"))),
    ("title is required", modal(), {"type": "modal", "blocks": []}),
    (
        "private_metadata 3000",
        modal(private_metadata="m" * 3000),
        modal(private_metadata="m" * 3001),
    ),
    ("callback_id 255", modal(callback_id="c" * 255), modal(callback_id="c" * 256)),
    ("external_id 255", modal(external_id="e" * 255), modal(external_id="e" * 256)),
    (
        "input label 2000",
        modal(input_block(radio(2), label="l" * 2000), submit=plain("Next")),
        modal(input_block(radio(2), label="l" * 2001), submit=plain("Next")),
    ),
    (
        "input hint 2000",
        modal(input_block(radio(2), hint=plain("h" * 2000)), submit=plain("Next")),
        modal(input_block(radio(2), hint=plain("h" * 2001)), submit=plain("Next")),
    ),
    (
        "input label is plain_text",
        modal(input_block(radio(2)), submit=plain("Next")),
        modal({**input_block(radio(2)), "label": mrkdwn("Answer")}, submit=plain("Next")),
    ),
    (
        "a modal with inputs needs submit",
        modal(input_block(radio(2)), submit=plain("Next")),
        modal(input_block(radio(2))),
    ),
    ("modal type", modal(), {**modal(), "type": "home"}),
]


@pytest.mark.parametrize(
    ("at_limit", "past_limit"),
    [(ok, bad) for _, ok, bad in VIEW_LIMITS],
    ids=[name for name, _, _ in VIEW_LIMITS],
)
def test_modal_limits(at_limit: dict[str, Any], past_limit: dict[str, Any]) -> None:
    assert view_problems(at_limit, expected_type="modal") == []
    assert view_problems(past_limit, expected_type="modal") != []


def test_home_tabs_take_inputs_but_must_be_home() -> None:
    home = {"type": "home", "blocks": [section("Welcome"), input_block(radio(2))]}
    assert view_problems(home, expected_type="home") == []
    assert view_problems(modal(), expected_type="home") != []


def test_visible_text_reads_what_a_person_sees() -> None:
    blocks = [
        {"type": "header", "text": plain("Your profile")},
        {"type": "section", "text": mrkdwn("*Stage 2*"), "fields": [mrkdwn("Onboarding 3.0")]},
        {"type": "context", "elements": [mrkdwn("Framework v1")]},
        actions(button("Share"), select(2)),
    ]
    assert visible_text(blocks).splitlines() == [
        "Your profile",
        "*Stage 2*",
        "Onboarding 3.0",
        "Framework v1",
        "Share",
        "Choose",
        "O0",
        "O1",
    ]
    assert visible_text({"text": "fallback only"}) == "fallback only"
    escaped = [section("Definition &amp; Planning &lt;!channel&gt;")]
    assert visible_text(escaped) == "Definition &amp; Planning &lt;!channel&gt;"  # as sent
    assert visible_text({"text": "fallback", "blocks": blocks}).startswith("Your profile")
    view = modal(input_block(radio(2), label="How?"), submit=plain("Next"))
    assert visible_text(view).splitlines() == ["Assessment", "How?", "O0", "O1", "Next"]
