"""The stand-in refuses what Slack's own types refuse, naming the place, as Slack answers.

Each call goes through slack_sdk's real WebClient to the stand-in over HTTP; each refusal is a
violation that would fail the test of a bot that made it (taken here, since it is provoked).
"""

from __future__ import annotations

import filecmp
import json
import time
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin import SlackStandIn
from standin.schema_check import (
    argument_problems,
    blocks_problems,
    dotted,
    methods_with_schema,
    view_schema_problems,
)

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"  # beside the repository, as in CI
PACKAGED = ROOT / "standin" / "slack_types"
ANA, GENERAL = "U0ANA", "C0GENERAL"


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def question_blocks(number: int = 1) -> list[dict[str, Any]]:
    """A question message as the bot sends one: a header, the statement, five answer buttons."""
    return [
        {"type": "header", "text": plain(f"Question {number} of 15")},
        {"type": "section", "text": mrkdwn("*Our team can name each customer's outcome.*")},
        {
            "type": "actions",
            "block_id": f"answer-{number}",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"answer-{score}",
                    "text": plain(label),
                    "value": f"q{number}:{score}",
                }
                for score, label in enumerate(
                    ["Not at all", "A little", "Partly", "Mostly", "Fully"], start=1
                )
            ],
        },
        {"type": "context", "elements": [mrkdwn("You can change an answer until you submit.")]},
    ]


def form_view(questions: int = 15) -> dict[str, Any]:
    """A modal with one radio-button input per question."""
    blocks: list[dict[str, Any]] = [{"type": "section", "text": mrkdwn("Answer each question.")}]
    for number in range(1, questions + 1):
        blocks.append(
            {
                "type": "input",
                "block_id": f"q{number}",
                "label": plain(f"Question {number}"),
                "element": {
                    "type": "radio_buttons",
                    "action_id": "answer",
                    "options": [
                        {"text": plain(label), "value": str(score)}
                        for score, label in enumerate(
                            ["Not at all", "A little", "Partly", "Mostly", "Fully"], start=1
                        )
                    ],
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": "form",
        "title": plain("Readiness"),
        "submit": plain("Submit"),
        "blocks": blocks,
    }


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    standin.add_user(ANA, "ana")
    standin.add_channel(GENERAL, "general", [ANA])
    return WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)


def refused(excinfo: pytest.ExceptionInfo[SlackApiError]) -> tuple[str, list[str]]:
    response = excinfo.value.response
    return str(response["error"]), list(response.get("response_metadata", {}).get("messages", []))


def test_a_misspelt_block_field_is_invalid_blocks_naming_the_field(
    standin: SlackStandIn, client: WebClient
) -> None:
    blocks = question_blocks()
    blocks[2]["elements"][0]["acton_id"] = blocks[2]["elements"][0].pop("action_id")
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=GENERAL, text="Question 1", blocks=blocks)
    error, messages = refused(excinfo)
    assert error == "invalid_blocks"
    assert any("[json-pointer:/blocks/2/elements/0/acton_id]" in m for m in messages), messages
    [violation] = standin.take_violations()
    assert "blocks[2].elements[0].acton_id" in violation
    assert standin.messages(GENERAL) == []


def test_a_missing_field_inside_an_accessory_is_named_where_it_belongs(
    standin: SlackStandIn, client: WebClient
) -> None:
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": mrkdwn("One")},
        {"type": "divider"},
        {
            "type": "section",
            "text": mrkdwn("Pick"),
            "accessory": {"type": "static_select", "action_id": "pick"},
        },
    ]
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=GENERAL, text="Pick", blocks=blocks)
    error, messages = refused(excinfo)
    assert error == "invalid_blocks"
    assert "[json-pointer:/blocks/2/accessory/options]" in " ".join(messages)
    assert "blocks[2].accessory.options" in standin.take_violations()[0]


def test_an_element_a_block_does_not_take_is_refused_at_its_type(
    standin: SlackStandIn, client: WebClient
) -> None:
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": mrkdwn("Why?")},
        {"type": "actions", "elements": [{"type": "plain_text_input", "action_id": "why"}]},
    ]
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=GENERAL, text="Why?", blocks=blocks)
    error, messages = refused(excinfo)
    assert error == "invalid_blocks"
    assert any(
        "plain_text_input' is not allowed here" in m
        and "[json-pointer:/blocks/1/elements/0/type]" in m
        for m in messages
    ), messages
    assert "blocks[1].elements[0].type" in standin.take_violations()[0]


def test_a_misspelt_field_in_an_update_is_refused_and_the_message_kept(
    standin: SlackStandIn, client: WebClient
) -> None:
    posted = client.chat_postMessage(channel=GENERAL, text="Q", blocks=question_blocks())
    bad = question_blocks()
    bad[1]["txt"] = bad[1].pop("text")
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_update(channel=GENERAL, ts=posted["ts"], text="Q", blocks=bad)
    assert refused(excinfo)[0] == "invalid_blocks"
    assert "blocks[1].txt" in standin.take_violations()[0]
    assert standin.messages(GENERAL)[0].blocks[1]["text"]["text"].startswith("*Our team")


def test_a_view_without_its_required_fields_is_refused_naming_each(
    standin: SlackStandIn, client: WebClient
) -> None:
    view = form_view(2)
    del view["title"]
    del view["blocks"][1]["label"]
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id="12345.98765.abcd2358fdea", view=view)
    error, messages = refused(excinfo)
    assert error == "invalid_arguments"
    joined = " ".join(messages)
    assert "missing required field: title [json-pointer:/view/title]" in joined
    assert "missing required field: label [json-pointer:/view/blocks/1/label]" in joined
    [violation] = standin.take_violations()
    assert "view.title" in violation and "view.blocks[1].label" in violation


def test_a_home_tab_with_a_block_type_slack_does_not_know_is_refused(
    standin: SlackStandIn, client: WebClient
) -> None:
    view = {"type": "home", "blocks": [{"type": "sectoin", "text": mrkdwn("Hi")}]}
    with pytest.raises(SlackApiError) as excinfo:
        client.views_publish(user_id=ANA, view=view)
    error, messages = refused(excinfo)
    assert error == "invalid_arguments"
    assert any("'sectoin'" in m and "/view/blocks/0/type" in m for m in messages), messages
    assert "view.blocks[0].type" in standin.take_violations()[0]


def test_a_current_method_missing_its_argument_is_refused_naming_it(
    standin: SlackStandIn, client: WebClient
) -> None:
    """conversations.canvases.create is newer than Slack's 2020 OpenAPI: known by its type."""
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call(
            "conversations.canvases.create",
            json={"document_content": {"type": "markdown", "markdown": "# Plan"}},
        )
    error, messages = refused(excinfo)
    assert error == "invalid_arguments"
    assert messages == ["[ERROR] missing required field: channel_id [json-pointer:/channel_id]"]
    [violation] = standin.take_violations()
    assert "at channel_id" in violation


def test_a_current_method_called_right_is_known_though_not_modelled(
    standin: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("canvases.create", json={"title": "A standalone canvas"})
    assert refused(excinfo)[0] == "not_modelled"
    assert "not model" in standin.take_violations()[0]


def test_a_misspelt_or_mistyped_argument_is_refused(
    standin: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call(
            "chat.postMessage", json={"channel": GENERAL, "text": "hi", "thread_tss": "1.2"}
        )
    error, messages = refused(excinfo)
    assert error == "invalid_arguments"
    assert messages == ["[ERROR] 'thread_tss' is not a field here [json-pointer:/thread_tss]"]
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("conversations.history", params={"channel": GENERAL, "limit": "many"})
    assert refused(excinfo)[1] == ["[ERROR] must be a number [json-pointer:/limit]"]
    assert len(standin.take_violations()) == 2
    assert standin.messages(GENERAL) == []


def test_form_posted_arguments_are_read_as_the_types_slack_reads() -> None:
    """slack_sdk sends booleans as "1"/"0", numbers and JSON as strings: all are fine."""
    args = {
        "channel": GENERAL,
        "text": "hi",
        "blocks": json.dumps(question_blocks()),
        "unfurl_links": "0",
        "metadata": json.dumps({"event_type": "step", "event_payload": {"step": 3}}),
        "team_id": "T123",
    }
    assert argument_problems("chat.postMessage", args) == []
    assert argument_problems("conversations.history", {"channel": "C1", "limit": "20"}) == []
    assert (
        argument_problems(
            "files.getUploadURLExternal", {"filename": "a.png", "length": "9", "alt_txt": "A chart"}
        )
        == []
    )


def test_what_the_bot_sends_fits_slacks_types() -> None:
    assert blocks_problems(question_blocks()) == []
    assert view_schema_problems(form_view()) == []


def test_dotted_paths() -> None:
    assert dotted("/blocks/2/accessory/action_id") == "blocks[2].accessory.action_id"
    assert dotted("/channel_id") == "channel_id"
    assert dotted("") == ""


def test_checking_a_call_costs_little() -> None:
    """Per call, once the schemas are loaded: a question message and a 15-question form."""
    blocks, view = question_blocks(), form_view()
    blocks_problems(blocks), view_schema_problems(view)  # load once
    runs = 50
    started = time.perf_counter()
    for _ in range(runs):
        argument_problems("chat.postMessage", {"channel": GENERAL, "text": "Q", "blocks": blocks})
        blocks_problems(blocks)
    message_ms = (time.perf_counter() - started) / runs * 1000
    started = time.perf_counter()
    for _ in range(runs):
        argument_problems("views.open", {"trigger_id": "1.2.3", "view": view})
        view_schema_problems(view)
    view_ms = (time.perf_counter() - started) / runs * 1000
    print(f"schema check per call: question message {message_ms:.2f} ms, form {view_ms:.2f} ms")
    # A guard against a regression by an order of magnitude, loose enough for a busy machine.
    assert message_ms < 100 and view_ms < 500


def test_the_methods_slacks_types_describe_are_known() -> None:
    assert {"chat.postMessage", "views.open", "conversations.canvases.create"} <= set(
        methods_with_schema()
    )


@pytest.mark.skipif(
    not (REFERENCE / "slack_block_kit_blocks.schema.json").exists(),
    reason=f"no reference schemas at {REFERENCE} to compare the packaged copies with",
)
def test_packaged_schemas_are_the_reference_ones() -> None:
    pairs = [
        (
            PACKAGED / "slack_block_kit_blocks.schema.json",
            REFERENCE / "slack_block_kit_blocks.schema.json",
        ),
        (
            PACKAGED / "slack_block_kit_view.schema.json",
            REFERENCE / "slack_block_kit_view.schema.json",
        ),
        (PACKAGED / "LICENSE-slack-node-sdk", REFERENCE / "LICENSE-slack-node-sdk"),
    ]
    reference_arguments = sorted((REFERENCE / "slack_web_api_arguments").glob("*.json"))
    packaged_arguments = sorted((PACKAGED / "arguments").glob("*.json"))
    assert [p.name for p in packaged_arguments] == [p.name for p in reference_arguments]
    pairs += [(PACKAGED / "arguments" / ref.name, ref) for ref in reference_arguments]
    stale = [str(mine) for mine, ref in pairs if not filecmp.cmp(mine, ref, shallow=False)]
    assert not stale, f"copy these again from {REFERENCE}: {stale}"
