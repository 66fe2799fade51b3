"""The driver against a real bolt app over real HTTP: signed requests in, the bot's answers out
through the stand-in, and Slack's shapes checked against Slack's published schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import Ack, BoltRequest, Respond, Say
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin import Delivery, SlackStandIn, visible_text
from standin.pytest_plugin import BoltUnderTest

ANA, BO = "U0ANA", "U0BO"
GENERAL = "C0GENERAL"
WRAPPER_SCHEMA = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "reference"
    / "slack_common_event_wrapper_schema.json"
)

QUESTION_MODAL: dict[str, Any] = {
    "type": "modal",
    "callback_id": "question",
    "title": {"type": "plain_text", "text": "Outcome Readiness"},
    "submit": {"type": "plain_text", "text": "Next"},
    "notify_on_close": True,
    "blocks": [
        {
            "type": "input",
            "block_id": "q1",
            "label": {"type": "plain_text", "text": "Are customer outcomes written down?"},
            "element": {
                "type": "radio_buttons",
                "action_id": "answer",
                "options": [
                    {"text": {"type": "plain_text", "text": "Rarely"}, "value": "1"},
                    {"text": {"type": "plain_text", "text": "Always, pre-sale"}, "value": "4"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "note",
            "optional": True,
            "label": {"type": "plain_text", "text": "Anything to add?"},
            "element": {"type": "plain_text_input", "action_id": "text"},
        },
        {
            "type": "section",
            "block_id": "help",
            "text": {"type": "mrkdwn", "text": "Need help?"},
            "accessory": {
                "type": "button",
                "action_id": "explain",
                "text": {"type": "plain_text", "text": "Explain"},
                "value": "q1",
            },
        },
    ],
}

START_BLOCKS: list[dict[str, Any]] = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "Take the assessment?"}},
    {
        "type": "actions",
        "block_id": "start",
        "elements": [
            {
                "type": "button",
                "action_id": "begin",
                "text": {"type": "plain_text", "text": "Begin"},
                "value": "run-1",
                "style": "primary",
            },
            {
                "type": "static_select",
                "action_id": "pace",
                "placeholder": {"type": "plain_text", "text": "Pace"},
                "options": [
                    {"text": {"type": "plain_text", "text": "Quick"}, "value": "quick"},
                    {"text": {"type": "plain_text", "text": "Thorough"}, "value": "thorough"},
                ],
            },
        ],
    },
]


@pytest.fixture
def people(standin: SlackStandIn) -> None:
    standin.add_user(ANA, "ana")
    standin.add_user(BO, "bo")
    standin.add_channel(GENERAL, "general", [ANA, BO])


@pytest.fixture
def received() -> list[dict[str, Any]]:
    """What listeners were given, appended from bolt's worker threads."""
    return []


def test_signed_slash_command_reaches_the_listener_and_its_replies_appear(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.command("/readiness")
    def start(ack: Ack, command: dict[str, Any], say: Say, respond: Respond) -> None:
        ack()
        received.append(command)
        say(text=f"<@{command['user_id']}> started a team run")
        respond(text="Only you see this")

    result = bolt.driver.slash_command(ANA, "/readiness", "team", channel_id=GENERAL)
    assert result.status == 200
    standin.wait_for(lambda: standin.ephemerals(ANA, GENERAL), description="respond()")
    [command] = received
    assert command["text"] == "team"
    assert command["channel_name"] == "general"
    assert command["trigger_id"] == result.trigger_id
    assert [m.text for m in standin.messages(GENERAL)] == [f"<@{ANA}> started a team run"]
    assert [e.text for e in standin.ephemerals(ANA, GENERAL)] == ["Only you see this"]
    assert standin.ephemerals(BO) == []


def test_a_commands_acknowledgement_is_shown_to_the_person(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None
) -> None:
    @bolt.app.command("/readiness")
    def start(ack: Ack) -> None:
        ack(text="Working on it…")

    bolt.driver.slash_command(BO, "/readiness", channel_id=GENERAL)
    assert [e.text for e in standin.ephemerals(BO, GENERAL)] == ["Working on it…"]


def test_a_bad_acknowledgement_is_a_violation(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None
) -> None:
    @bolt.app.command("/readiness")
    def start(ack: Ack) -> None:
        ack(text="t", blocks=[{"type": "header", "text": {"type": "mrkdwn", "text": "No"}}])

    bolt.driver.slash_command(BO, "/readiness", channel_id=GENERAL)
    [violation] = standin.take_violations()
    assert "slash command acknowledgement: invalid_blocks" in violation


def test_a_click_reaches_the_action_listener_with_the_right_action(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.action("begin")
    def begin(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        received.append(body)
        respond(text="Started", replace_original=True)

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    ts = client.chat_postMessage(channel=GENERAL, text="Take it?", blocks=START_BLOCKS)["ts"]
    [message] = standin.messages(GENERAL)
    result = bolt.driver.click(BO, message=message, action_id="begin")
    assert result.status == 200
    standin.wait_for(lambda: standin.messages(GENERAL)[0].text == "Started")
    [body] = received
    [action] = body["actions"]
    assert (action["type"], action["action_id"], action["block_id"]) == ("button", "begin", "start")
    assert action["value"] == "run-1"
    assert action["text"]["text"] == "Begin"
    assert body["user"]["id"] == BO
    assert body["container"] == {
        "type": "message",
        "message_ts": ts,
        "channel_id": GENERAL,
        "is_ephemeral": False,
    }
    assert body["message"]["blocks"] == message.blocks
    assert body["state"]["values"]["start"]["pace"] == {
        "type": "static_select",
        "selected_option": None,
    }
    assert standin.messages(GENERAL)[0].ts == ts


def test_choosing_from_a_select(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.action("pace")
    def pace(ack: Ack, action: dict[str, Any]) -> None:
        ack()
        received.append(action)

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    client.chat_postMessage(channel=GENERAL, text="Take it?", blocks=START_BLOCKS)
    bolt.driver.click(
        ANA, message=standin.messages(GENERAL)[0], action_id="pace", selected_option="thorough"
    )
    standin.wait_for(lambda: received)
    assert received[0]["selected_option"]["value"] == "thorough"
    with pytest.raises(AssertionError, match="has no option 'slow'"):
        bolt.driver.click(
            ANA, message=standin.messages(GENERAL)[0], action_id="pace", selected_option="slow"
        )


def test_a_person_can_only_click_what_they_see(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None
) -> None:
    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    client.chat_postMessage(channel=GENERAL, text="Take it?", blocks=START_BLOCKS)
    [message] = standin.messages(GENERAL)
    with pytest.raises(AssertionError, match=r"no element 'finish'.*begin='run-1'"):
        bolt.driver.click(ANA, message=message, action_id="finish")
    standin.add_user("U0OUT", "out")
    with pytest.raises(AssertionError, match="not in C0GENERAL"):
        bolt.driver.click("U0OUT", message=message, action_id="begin")
    client.chat_delete(channel=GENERAL, ts=message.ts)
    with pytest.raises(AssertionError, match="is gone"):
        bolt.driver.click(ANA, message=message, action_id="begin")


def test_a_stale_click_sends_the_message_as_the_person_saw_it(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.action("begin")
    def begin(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        received.append(body)

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    ts = client.chat_postMessage(channel=GENERAL, text="Take it?", blocks=START_BLOCKS)["ts"]
    [seen] = standin.messages(GENERAL)
    client.chat_update(channel=GENERAL, ts=ts, text="Started", blocks=[])
    with pytest.raises(AssertionError, match="no element 'begin'"):
        bolt.driver.click(ANA, message=seen, action_id="begin")
    bolt.driver.click(ANA, message=seen, action_id="begin", as_seen=True)
    [body] = standin.wait_for(lambda: received)
    assert body["actions"][0]["value"] == "run-1"
    assert body["container"]["message_ts"] == ts
    assert body["message"]["text"] == "Take it?"


def test_clicking_an_ephemeral_message(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.action("begin")
    def begin(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        received.append(body)
        respond(delete_original=True)

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    client.chat_postEphemeral(channel=GENERAL, user=ANA, text="Take it?", blocks=START_BLOCKS)
    [ephemeral] = standin.ephemerals(ANA)
    with pytest.raises(AssertionError, match="does not see"):
        bolt.driver.click(BO, message=ephemeral, action_id="begin")
    bolt.driver.click(ANA, message=ephemeral, action_id="begin")
    standin.wait_for(lambda: not standin.ephemerals(ANA), description="the ephemeral deleted")
    assert received[0]["container"]["is_ephemeral"] is True
    assert "message" not in received[0]


@pytest.mark.parametrize(
    "delivery",
    [
        Delivery(signed=False),
        Delivery(wrong_secret=True),
        Delivery(tamper_after_signing=True),
        Delivery(timestamp_offset=-6 * 60),
    ],
    ids=["unsigned", "wrong-secret", "tampered", "stale-timestamp"],
)
def test_unsigned_or_tampered_requests_get_401(
    bolt: BoltUnderTest, people: None, received: list[dict[str, Any]], delivery: Delivery
) -> None:
    @bolt.app.command("/readiness")
    def start(ack: Ack) -> None:
        received.append({})
        ack()

    result = bolt.driver.slash_command(ANA, "/readiness", channel_id=GENERAL, delivery=delivery)
    assert result.status == 401
    assert received == []


def test_retry_headers_reach_the_app(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.event("app_home_opened")
    def opened(request: BoltRequest) -> None:
        received.append(dict(request.headers))

    result = bolt.driver.open_home(ANA, delivery=Delivery(retry_num=1, retry_reason="http_timeout"))
    assert result.status == 200
    [headers] = standin.wait_for(lambda: received)
    assert headers["x-slack-retry-num"] == ["1"]
    assert headers["x-slack-retry-reason"] == ["http_timeout"]


def test_modal_flow_open_errors_then_submit(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.command("/readiness")
    def start(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=QUESTION_MODAL)

    @bolt.app.view("question")
    def answer(ack: Ack, view: dict[str, Any]) -> None:
        received.append(view)
        chosen = view["state"]["values"]["q1"]["answer"]["selected_option"]["value"]
        if chosen == "4":
            ack(response_action="errors", errors={"q1": "Are you sure? Pick what happens today."})
        else:
            ack()

    bolt.driver.slash_command(ANA, "/readiness", channel_id=GENERAL)
    [modal] = standin.wait_for(lambda: standin.open_views(ANA), description="the modal")
    assert "Are customer outcomes written down?" in visible_text(modal)

    with pytest.raises(AssertionError, match="required input 'Are customer outcomes"):
        bolt.driver.submit_view(ANA, modal.id, {})

    result = bolt.driver.submit_view(ANA, modal.id, {"q1": {"answer": "4"}})
    assert result.json == {
        "response_action": "errors",
        "errors": {"q1": "Are you sure? Pick what happens today."},
    }
    [still_open] = standin.open_views(ANA)
    assert still_open.errors == {"q1": "Are you sure? Pick what happens today."}
    # Slack sends every input, untouched ones with a null value.
    assert received[0]["state"]["values"]["note"]["text"] == {
        "type": "plain_text_input",
        "value": None,
    }

    bolt.driver.submit_view(ANA, modal.id, {"q1": {"answer": "1"}, "note": {"text": "We try"}})
    assert standin.open_views(ANA) == []
    submitted = received[-1]
    assert submitted["state"]["values"]["q1"]["answer"]["selected_option"]["value"] == "1"
    assert submitted["state"]["values"]["note"]["text"] == {
        "type": "plain_text_input",
        "value": "We try",
    }


def test_response_action_update_and_push(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None
) -> None:
    follow_up = {**QUESTION_MODAL, "callback_id": "second", "notify_on_close": False}

    @bolt.app.view("question")
    def first(ack: Ack) -> None:
        ack(
            response_action="update",
            view={**follow_up, "title": {"type": "plain_text", "text": "Q2"}},
        )

    @bolt.app.view("second")
    def second(ack: Ack) -> None:
        ack(response_action="push", view={**follow_up, "callback_id": "third"})

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    opened = client.views_open(trigger_id=standin.issue_trigger(ANA), view=QUESTION_MODAL)["view"]
    bolt.driver.submit_view(ANA, opened["id"], {"q1": {"answer": "1"}})
    [updated] = standin.open_views(ANA)
    assert (updated.id, updated.data["title"]["text"]) == (opened["id"], "Q2")
    # What was chosen survives the update, as in Slack.
    assert updated.data["state"]["values"]["q1"]["answer"]["selected_option"]["value"] == "1"
    bolt.driver.submit_view(ANA, updated.id, {})
    assert [v.data["callback_id"] for v in standin.open_views(ANA)] == ["second", "third"]


def test_response_action_clear_closes_every_modal(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None
) -> None:
    @bolt.app.view("question")
    def done(ack: Ack) -> None:
        ack(response_action="clear")

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    client.views_open(
        trigger_id=standin.issue_trigger(ANA), view={**QUESTION_MODAL, "callback_id": "first"}
    )
    pushed = client.views_push(trigger_id=standin.issue_trigger(ANA), view=QUESTION_MODAL)["view"]
    assert len(standin.open_views(ANA)) == 2
    bolt.driver.submit_view(ANA, pushed["id"], {"q1": {"answer": "1"}})
    assert standin.open_views(ANA) == []


def test_submitting_a_pushed_modal_returns_to_the_one_beneath(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None
) -> None:
    @bolt.app.view("question")
    def done(ack: Ack) -> None:
        ack()

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    root = client.views_open(
        trigger_id=standin.issue_trigger(ANA), view={**QUESTION_MODAL, "callback_id": "first"}
    )["view"]
    pushed = client.views_push(trigger_id=standin.issue_trigger(ANA), view=QUESTION_MODAL)["view"]
    with pytest.raises(AssertionError, match="not the one on"):
        bolt.driver.submit_view(ANA, root["id"], {"q1": {"answer": "1"}})
    bolt.driver.submit_view(ANA, pushed["id"], {"q1": {"answer": "1"}})
    assert [v.id for v in standin.open_views(ANA)] == [root["id"]]


def test_closing_a_modal_notifies_only_when_asked(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.view_closed("question")
    def closed(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        received.append(body)

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    opened = client.views_open(trigger_id=standin.issue_trigger(ANA), view=QUESTION_MODAL)["view"]
    result = bolt.driver.close_view(ANA, opened["id"])
    assert result is not None and result.status == 200
    assert received[0]["type"] == "view_closed"
    assert received[0]["view"]["id"] == opened["id"]
    quiet = {**QUESTION_MODAL, "notify_on_close": False}
    opened = client.views_open(trigger_id=standin.issue_trigger(ANA), view=quiet)["view"]
    assert bolt.driver.close_view(ANA, opened["id"]) is None
    assert standin.open_views(ANA) == []


def test_clicks_inside_a_modal(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.action("explain")
    def explain(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        received.append(body)

    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    opened = client.views_open(trigger_id=standin.issue_trigger(ANA), view=QUESTION_MODAL)["view"]
    bolt.driver.click(ANA, view=opened["id"], action_id="explain")
    [body] = standin.wait_for(lambda: received)
    assert body["container"] == {"type": "view", "view_id": opened["id"]}
    assert body["view"]["callback_id"] == "question"
    assert "response_url" not in body
    with pytest.raises(AssertionError, match="without dispatch_action"):
        bolt.driver.click(ANA, view=opened["id"], action_id="answer", selected_option="1")


def test_home_tab_and_dm(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None, received: list[dict[str, Any]]
) -> None:
    @bolt.app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        received.append(event)
        client.views_publish(
            user_id=event["user"],
            view={
                "type": "home",
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Welcome"}}],
            },
        )

    @bolt.app.message("hello")
    def hello(message: dict[str, Any], say: Say) -> None:
        say(text=f"Hi <@{message['user']}>")

    bolt.driver.open_home(ANA)
    shown = standin.wait_for(lambda: standin.home(ANA), description="the Home tab")
    assert shown is not None and visible_text(shown) == "Welcome"
    assert received[0]["channel"] == standin.dm_channel_id(ANA)
    bolt.driver.open_home(ANA)
    standin.wait_for(lambda: len(received) == 2)
    assert received[1]["view"]["id"] == shown.id  # a published Home tab comes with the event

    bolt.driver.dm_message(ANA, "hello there")
    standin.wait_for(lambda: len(standin.dm(ANA)) == 2, description="the bot's reply")
    mine, reply = standin.dm(ANA)
    assert (mine.user, mine.text) == (ANA, "hello there")
    assert (reply.user, reply.text) == (standin.workspace.bot_user_id, f"Hi <@{ANA}>")


def test_url_verification(bolt: BoltUnderTest) -> None:
    result = bolt.driver.url_verification("the-challenge")
    assert result.status == 200
    assert result.json == {"challenge": "the-challenge"}


def test_uninstall_revokes_the_token_before_the_event(
    standin: SlackStandIn, bolt: BoltUnderTest, received: list[dict[str, Any]]
) -> None:
    @bolt.app.event("app_uninstalled")
    def uninstalled(event: dict[str, Any]) -> None:
        received.append(event)

    @bolt.app.event("tokens_revoked")
    def revoked(event: dict[str, Any]) -> None:
        received.append(event)

    bolt.driver.tokens_revoked()
    bolt.driver.app_uninstalled()
    standin.wait_for(lambda: len(received) == 2)
    assert {e["type"] for e in received} == {"tokens_revoked", "app_uninstalled"}
    tokens = next(e for e in received if e["type"] == "tokens_revoked")["tokens"]
    assert tokens == {"oauth": [], "bot": [standin.workspace.bot_user_id]}
    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    with pytest.raises(SlackApiError) as excinfo:
        client.auth_test()
    assert excinfo.value.response["error"] == "token_revoked"


def event_envelopes(standin: SlackStandIn, bolt: BoltUnderTest) -> list[dict[str, Any]]:
    results = [
        bolt.driver.open_home(ANA),
        bolt.driver.open_home(ANA, tab="messages"),
        bolt.driver.dm_message(ANA, "hi"),
        bolt.driver.tokens_revoked(oauth=[ANA], bot=[]),
        bolt.driver.app_uninstalled(),
    ]
    return [result.sent for result in results]


@pytest.mark.skipif(
    not WRAPPER_SCHEMA.exists(),
    reason=f"Slack's event wrapper schema is not at {WRAPPER_SCHEMA} (reference files absent)",
)
def test_every_envelope_validates_against_slacks_schema(
    standin: SlackStandIn, bolt: BoltUnderTest, people: None
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(WRAPPER_SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)
    envelopes = event_envelopes(standin, bolt)
    assert len(envelopes) == 5
    for envelope in envelopes:
        errors = [error.message for error in validator.iter_errors(envelope)]
        assert errors == [], (envelope["event"]["type"], errors)
        assert envelope["authorizations"][0]["user_id"] == standin.workspace.bot_user_id
        assert envelope["event_id"].startswith("Ev")
