"""Modals and Home tabs through the Web API: trigger ids, stacks, hashes and bad views."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin import SlackStandIn, visible_text

ANA = "U0ANA"


def modal(title: str = "Assessment", **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Next"},
        "blocks": [
            {
                "type": "input",
                "block_id": "q1",
                "label": {"type": "plain_text", "text": "How are outcomes recorded?"},
                "element": {
                    "type": "radio_buttons",
                    "action_id": "answer",
                    "options": [
                        {"text": {"type": "plain_text", "text": "Not at all"}, "value": "1"},
                        {"text": {"type": "plain_text", "text": "In the deal"}, "value": "4"},
                    ],
                },
            }
        ],
        **extra,
    }


def home(text: str) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    standin.add_user(ANA, "ana")
    return WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)


def error_of(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


def test_open_with_a_fresh_trigger(standin: SlackStandIn, client: WebClient) -> None:
    trigger = standin.issue_trigger(ANA)
    view = client.views_open(trigger_id=trigger, view=modal(callback_id="assess"))["view"]
    assert view["id"].startswith("V")
    assert view["type"] == "modal"
    assert view["callback_id"] == "assess"
    assert view["root_view_id"] == view["id"]
    assert view["state"] == {"values": {}}  # nothing chosen yet
    [on_screen] = standin.open_views(ANA)
    assert on_screen.id == view["id"]
    assert "How are outcomes recorded?" in visible_text(on_screen)


def test_trigger_ids_are_single_use_and_expire(standin: SlackStandIn, client: WebClient) -> None:
    trigger = standin.issue_trigger(ANA)
    client.views_open(trigger_id=trigger, view=modal())
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=trigger, view=modal())
    assert error_of(excinfo) == "exchanged_trigger_id"
    late = standin.issue_trigger(ANA)
    standin.clock.advance(3.5)
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=late, view=modal())
    assert error_of(excinfo) == "expired_trigger_id"
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id="12345.98765.abcd2358fdea", view=modal())
    assert error_of(excinfo) == "invalid_trigger_id"
    assert standin.violations == []


def test_update_by_id_or_external_id_with_hash(standin: SlackStandIn, client: WebClient) -> None:
    opened = client.views_open(
        trigger_id=standin.issue_trigger(ANA), view=modal(external_id="run-7")
    )["view"]
    updated = client.views_update(
        view_id=opened["id"], hash=opened["hash"], view=modal("Question 2", external_id="run-7")
    )["view"]
    assert updated["id"] == opened["id"]
    assert updated["hash"] != opened["hash"]
    with pytest.raises(SlackApiError) as excinfo:
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Stale"))
    assert error_of(excinfo) == "hash_conflict"
    client.views_update(external_id="run-7", view=modal("Question 3", external_id="run-7"))
    assert standin.open_views(ANA)[0].data["title"]["text"] == "Question 3"
    with pytest.raises(SlackApiError) as excinfo:
        client.views_update(view_id="V0NOPE", view=modal())
    assert error_of(excinfo) == "not_found"


def test_push_stacks_up_to_three(standin: SlackStandIn, client: WebClient) -> None:
    root = client.views_open(trigger_id=standin.issue_trigger(ANA), view=modal("One"))["view"]
    second = client.views_push(trigger_id=standin.issue_trigger(ANA), view=modal("Two"))["view"]
    assert second["previous_view_id"] == root["id"]
    assert second["root_view_id"] == root["id"]
    client.views_push(trigger_id=standin.issue_trigger(ANA), view=modal("Three"))
    with pytest.raises(SlackApiError) as excinfo:
        client.views_push(trigger_id=standin.issue_trigger(ANA), view=modal("Four"))
    assert error_of(excinfo) == "push_limit_reached"
    assert [v.data["title"]["text"] for v in standin.open_views(ANA)] == ["One", "Two", "Three"]


def test_publish_home_per_user(standin: SlackStandIn, client: WebClient) -> None:
    first = client.views_publish(user_id=ANA, view=home("Welcome"))["view"]
    second = client.views_publish(user_id=ANA, view=home("Your profile"), hash=first["hash"])[
        "view"
    ]
    assert second["id"] == first["id"]
    shown = standin.home(ANA)
    assert shown is not None and visible_text(shown) == "Your profile"
    with pytest.raises(SlackApiError) as excinfo:
        client.views_publish(user_id=ANA, view=home("Stale"), hash=first["hash"])
    assert error_of(excinfo) == "hash_conflict"


@pytest.mark.parametrize(
    ("call", "pointer"),
    [
        (lambda c, t: c.views_open(trigger_id=t, view=modal(title="x" * 25)), "/view/title/text"),
        (lambda c, t: c.views_open(trigger_id=t, view={**modal(), "submit": None}), "/view/submit"),
        (lambda c, t: c.views_open(trigger_id=t, view=home("not a modal")), "/view/type"),
        (lambda c, t: c.views_publish(user_id=ANA, view=modal()), "/view/type"),
        (
            lambda c, t: c.views_open(trigger_id=t, view=modal(private_metadata="m" * 3001)),
            "/view/private_metadata",
        ),
    ],
)
def test_bad_views_are_invalid_arguments_and_violations(
    standin: SlackStandIn, client: WebClient, call: Any, pointer: str
) -> None:
    trigger = standin.issue_trigger(ANA)
    with pytest.raises(SlackApiError) as excinfo:
        call(client, trigger)
    assert error_of(excinfo) == "invalid_arguments"
    messages = excinfo.value.response["response_metadata"]["messages"]
    assert any(f"[json-pointer:{pointer}" in message for message in messages), messages
    assert len(standin.take_violations()) == 1
    # A refused view does not use up the trigger.
    client.views_open(trigger_id=trigger, view=modal())


def test_views_open_without_trigger_id_breaks_the_contract(
    standin: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("views.open", json={"view": modal()})
    assert error_of(excinfo) == "invalid_trigger_id"
    assert "missing required field: trigger_id" in standin.take_violations()[0]
