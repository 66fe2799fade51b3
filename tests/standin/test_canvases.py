"""Channel canvases as Slack keeps them: one per channel, edited by replacing its content, and
refused with Slack's own errors where a workspace cannot have them.

Each call goes through slack_sdk's real WebClient (`conversations_canvases_create`,
`canvases_edit`) to the stand-in over HTTP.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin import SlackStandIn

ANA, BEN = "U0ANA", "U0BEN"
GENERAL, PRIVATE, ELSEWHERE = "C0GENERAL", "C0PRIVATE", "C0ELSEWHERE"


def markdown(text: str) -> dict[str, str]:
    return {"type": "markdown", "markdown": text}


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    standin.add_user(ANA, "ana")
    standin.add_user(BEN, "ben")
    standin.add_channel(GENERAL, "general", [ANA, BEN])
    standin.add_channel(PRIVATE, "leads", [ANA], is_private=True, include_bot=False)
    standin.add_channel(ELSEWHERE, "random", [ANA], include_bot=False)
    return WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)


def error_of(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


def messages_of(excinfo: pytest.ExceptionInfo[SlackApiError]) -> list[str]:
    metadata: dict[str, Any] = excinfo.value.response.get("response_metadata") or {}
    return list(metadata.get("messages", []))


def test_the_app_creates_the_channel_canvas(standin: SlackStandIn, client: WebClient) -> None:
    answer = client.conversations_canvases_create(
        channel_id=GENERAL,
        document_content=markdown("# Our plan\n- [ ] Name outcomes"),
        title="Plan",
    )
    canvas_id = answer["canvas_id"]
    assert canvas_id.startswith("F")
    canvas = standin.canvas(GENERAL)
    assert canvas is not None
    assert (canvas.id, canvas.title, canvas.markdown) == (
        canvas_id,
        "Plan",
        "# Our plan\n- [ ] Name outcomes",
    )
    assert canvas.created_by == standin.workspace.bot_user_id
    assert [version.operation for version in canvas.history] == ["create"]
    assert standin.canvas(ELSEWHERE) is None


def test_a_form_post_and_no_content_are_fine(standin: SlackStandIn, client: WebClient) -> None:
    """slack_sdk sends JSON; a form post carries document_content as a JSON string. Without
    content, Slack creates the canvas empty."""
    client.api_call(
        "conversations.canvases.create",
        data={"channel_id": GENERAL, "document_content": json.dumps(markdown("hello"))},
    )
    assert standin.canvas(GENERAL) is not None
    assert standin.canvas(GENERAL).markdown == "hello"  # type: ignore[union-attr]
    standin.add_channel("C0SECOND", "second", [ANA])
    client.api_call("conversations.canvases.create", json={"channel_id": "C0SECOND"})
    assert standin.canvas("C0SECOND").markdown == ""  # type: ignore[union-attr]


def test_a_channel_has_one_canvas(standin: SlackStandIn, client: WebClient) -> None:
    client.conversations_canvases_create(channel_id=GENERAL, document_content=markdown("first"))
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_canvases_create(channel_id=GENERAL, document_content=markdown("2nd"))
    assert error_of(excinfo) == "channel_canvas_already_exists"
    assert standin.canvas(GENERAL).markdown == "first"  # type: ignore[union-attr]


def test_a_canvas_someone_else_made_is_visible_and_blocks_the_apps(
    standin: SlackStandIn, client: WebClient
) -> None:
    made = standin.add_channel_canvas(GENERAL, "# Team notes", ANA, title="Notes")
    seen = standin.canvas(GENERAL)
    assert seen is not None
    assert (seen.id, seen.markdown, seen.created_by, seen.title) == (
        made.id,
        "# Team notes",
        ANA,
        "Notes",
    )
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_canvases_create(channel_id=GENERAL, document_content=markdown("x"))
    assert error_of(excinfo) == "channel_canvas_already_exists"
    # The app may not take it away from the channel.
    with pytest.raises(SlackApiError) as excinfo:
        client.canvases_delete(canvas_id=made.id)
    assert error_of(excinfo) == "restricted_action"
    with pytest.raises(ValueError):
        standin.add_channel_canvas(GENERAL, "again", BEN)


def test_channels_the_bot_cannot_use(standin: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_canvases_create(channel_id="C0NOWHERE", document_content=markdown("x"))
    assert error_of(excinfo) == "channel_not_found"
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_canvases_create(channel_id=PRIVATE, document_content=markdown("x"))
    assert error_of(excinfo) == "channel_not_found"
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_canvases_create(channel_id=ELSEWHERE, document_content=markdown("x"))
    assert error_of(excinfo) == "not_in_channel"
    assert standin.canvas(ELSEWHERE) is None
    assert standin.violations == []


def test_edit_replaces_the_content_and_keeps_the_history(
    standin: SlackStandIn, client: WebClient
) -> None:
    canvas_id = client.conversations_canvases_create(
        channel_id=GENERAL, document_content=markdown("# Plan v1")
    )["canvas_id"]
    client.canvases_edit(
        canvas_id=canvas_id,
        changes=[{"operation": "replace", "document_content": markdown("# Plan v2")}],
    )
    client.canvases_edit(
        canvas_id=canvas_id,
        changes=[{"operation": "insert_at_end", "document_content": markdown("- [x] done")}],
    )
    canvas = standin.canvas(GENERAL)
    assert canvas is not None
    assert canvas.markdown == "# Plan v2\n- [x] done"
    assert [(v.operation, v.markdown) for v in canvas.history] == [
        ("create", "# Plan v1"),
        ("replace", "# Plan v2"),
        ("insert_at_end", "# Plan v2\n- [x] done"),
    ]
    assert {v.by for v in canvas.history} == {standin.workspace.bot_user_id}


def test_the_app_may_write_in_a_canvas_a_person_made(
    standin: SlackStandIn, client: WebClient
) -> None:
    made = standin.add_channel_canvas(GENERAL, "notes", ANA)
    client.canvases_edit(
        canvas_id=made.id,
        changes=[{"operation": "insert_at_start", "document_content": markdown("# Top")}],
    )
    assert standin.canvas(GENERAL).markdown == "# Top\nnotes"  # type: ignore[union-attr]


def test_an_unknown_or_deleted_canvas_is_not_found(
    standin: SlackStandIn, client: WebClient
) -> None:
    change = [{"operation": "replace", "document_content": markdown("x")}]
    with pytest.raises(SlackApiError) as excinfo:
        client.canvases_edit(canvas_id="F0NOSUCHONE", changes=change)
    assert error_of(excinfo) == "canvas_not_found"
    canvas_id = client.conversations_canvases_create(
        channel_id=GENERAL, document_content=markdown("v1")
    )["canvas_id"]
    client.canvases_delete(canvas_id=canvas_id)
    assert standin.canvas(GENERAL) is None
    with pytest.raises(SlackApiError) as excinfo:
        client.canvases_edit(canvas_id=canvas_id, changes=change)
    assert error_of(excinfo) == "canvas_not_found"
    # Deleted, the channel may have a canvas again.
    client.conversations_canvases_create(channel_id=GENERAL, document_content=markdown("v2"))
    assert standin.violations == []


def test_another_workspaces_canvas_is_not_found(standin: SlackStandIn, client: WebClient) -> None:
    canvas_id = client.conversations_canvases_create(
        channel_id=GENERAL, document_content=markdown("ours")
    )["canvas_id"]
    other = standin.add_workspace(team_name="Other", domain="other")
    theirs = WebClient(base_url=standin.api_url, token=other.bot_token)
    with pytest.raises(SlackApiError) as excinfo:
        theirs.canvases_edit(
            canvas_id=canvas_id,
            changes=[{"operation": "replace", "document_content": markdown("mine now")}],
        )
    assert error_of(excinfo) == "canvas_not_found"
    assert standin.canvas(GENERAL).markdown == "ours"  # type: ignore[union-attr]


def test_a_free_workspace_cannot_create_channel_canvases(
    standin: SlackStandIn, client: WebClient
) -> None:
    standin.switch_off_canvases(free_plan=True)
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_canvases_create(channel_id=GENERAL, document_content=markdown("x"))
    assert error_of(excinfo) == "team_tier_cannot_create_channel_canvases"
    assert standin.canvas(GENERAL) is None
    standin.switch_on_canvases()
    client.conversations_canvases_create(channel_id=GENERAL, document_content=markdown("x"))
    assert standin.violations == []


def test_canvases_disabled_refuse_create_and_edit(standin: SlackStandIn, client: WebClient) -> None:
    canvas_id = client.conversations_canvases_create(
        channel_id=GENERAL, document_content=markdown("before")
    )["canvas_id"]
    standin.switch_off_canvases()
    standin.add_channel("C0SECOND", "second", [ANA])
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_canvases_create(channel_id="C0SECOND", document_content=markdown("x"))
    assert error_of(excinfo) == "canvas_disabled_user_team"
    with pytest.raises(SlackApiError) as excinfo:
        client.canvases_edit(
            canvas_id=canvas_id,
            changes=[{"operation": "replace", "document_content": markdown("after")}],
        )
    assert error_of(excinfo) == "canvas_disabled_user_team"
    assert standin.canvas(GENERAL).markdown == "before"  # type: ignore[union-attr]
    assert standin.violations == []


@pytest.mark.parametrize(
    "document_content",
    [
        {"type": "markdwn", "markdown": "x"},
        {"type": "markdown"},
        {"type": "markdown", "markdown": "x", "blocks": []},
        "just text",
    ],
)
def test_a_bad_document_content_is_a_violation(
    standin: SlackStandIn, client: WebClient, document_content: Any
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call(
            "conversations.canvases.create",
            json={"channel_id": GENERAL, "document_content": document_content},
        )
    assert error_of(excinfo) == "invalid_arguments"
    assert any("document_content" in message for message in messages_of(excinfo))
    [violation] = standin.take_violations()
    assert violation.startswith("conversations.canvases.create: invalid_arguments")
    assert standin.canvas(GENERAL) is None


def test_a_form_post_of_content_that_is_not_json_is_a_violation(
    standin: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call(
            "conversations.canvases.create",
            data={"channel_id": GENERAL, "document_content": "# not json"},
        )
    assert error_of(excinfo) == "invalid_arguments"
    assert len(standin.take_violations()) == 1


def test_markdown_over_slacks_limit_is_a_violation(
    standin: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_canvases_create(
            channel_id=GENERAL, document_content=markdown("x" * 1_048_577)
        )
    assert error_of(excinfo) == "invalid_arguments"
    assert len(standin.take_violations()) == 1


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ([], "invalid_arguments"),
        ([{"operation": "rewrite", "document_content": markdown("x")}], "invalid_arguments"),
        ([{"operation": "replace", "document_content": {"markdown": "x"}}], "invalid_arguments"),
        ([{"operation": "replace"}], "canvas_editing_failed"),
        (
            [
                {
                    "operation": "insert_after",
                    "section_id": "temp:C:AAA",
                    "document_content": markdown("x"),
                }
            ],
            "not_modelled",
        ),
    ],
)
def test_bad_edits_are_violations(
    standin: SlackStandIn, client: WebClient, changes: list[Any], error: str
) -> None:
    canvas_id = client.conversations_canvases_create(
        channel_id=GENERAL, document_content=markdown("kept")
    )["canvas_id"]
    with pytest.raises(SlackApiError) as excinfo:
        client.canvases_edit(canvas_id=canvas_id, changes=changes)
    assert error_of(excinfo) == error
    assert len(standin.take_violations()) == 1
    canvas = standin.canvas(GENERAL)
    assert canvas is not None
    assert canvas.markdown == "kept" and len(canvas.history) == 1


def test_an_edit_without_its_arguments_is_a_violation(
    standin: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("canvases.edit", json={"canvas_id": "F0ANY"})
    assert error_of(excinfo) == "invalid_arguments"
    assert messages_of(excinfo) == [
        "[ERROR] missing required field: changes [json-pointer:/changes]"
    ]
    assert len(standin.take_violations()) == 1
