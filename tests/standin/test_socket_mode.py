"""Socket Mode in the stand-in, against slack_sdk's own client and slack_bolt's own handler: the
hello, each kind of envelope, acks and their payloads, redelivery of an event whose ack was
lost, refreshes and dropped connections, and the app-level token."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from slack_bolt import Ack, Say
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from standin import (
    NOT_ACKED,
    NOT_CONNECTED,
    Delivery,
    SlackDriver,
    SlackStandIn,
    SocketTransport,
    visible_text,
)
from standin.pytest_plugin import BoltUnderTest, close_in_background

ANA, BO = "U0ANA", "U0BO"
GENERAL = "C0GENERAL"

GREETING = {
    "type": "section",
    "block_id": "greeting",
    "text": {"type": "mrkdwn", "text": "Ready?"},
    "accessory": {
        "type": "button",
        "action_id": "begin",
        "text": {"type": "plain_text", "text": "Begin"},
    },
}
NOTE_MODAL: dict[str, Any] = {
    "type": "modal",
    "callback_id": "note",
    "title": {"type": "plain_text", "text": "A note"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "note",
            "label": {"type": "plain_text", "text": "Your note"},
            "element": {"type": "plain_text_input", "action_id": "text"},
        }
    ],
}


@pytest.fixture
def people(standin: SlackStandIn) -> None:
    standin.add_user(ANA, "ana")
    standin.add_user(BO, "bo")
    standin.add_channel(GENERAL, "general", [ANA, BO])


class RawApp:
    """slack_sdk's builtin Socket Mode client, recording every message and answering each
    envelope with `answer(request)` as its ack payload (None: a bare ack; `silent`: none)."""

    def __init__(self, standin: SlackStandIn) -> None:
        self.messages: list[dict[str, Any]] = []
        self.requests: list[SocketModeRequest] = []
        self.silent = False
        self.answer: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self.client = SocketModeClient(
            app_token=standin.workspace.app_token,
            web_client=WebClient(base_url=standin.api_url),
            ping_interval=1,
        )
        self.client.on_message_listeners.append(self._on_message)
        self.client.socket_mode_request_listeners.append(self._on_request)

    def _on_message(self, raw: str) -> None:
        with self._lock:
            self.messages.append(json.loads(raw))

    def _on_request(self, client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        with self._lock:
            self.requests.append(request)
        if not self.silent:
            ack = SocketModeResponse(envelope_id=request.envelope_id, payload=self.answer)
            client.send_socket_mode_response(ack)

    def close(self) -> None:
        close_in_background(self.client)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if m.get("type") == kind]


@pytest.fixture
def raw_app(standin: SlackStandIn) -> Iterator[RawApp]:
    app = RawApp(standin)
    app.client.connect()
    standin.socket_mode.wait_for_connection()
    yield app
    app.close()


@pytest.fixture
def raw_driver(standin: SlackStandIn) -> SlackDriver:
    return SlackDriver(
        standin, transport=SocketTransport(standin.socket_mode, standin.workspace.team_id)
    )


# --------------------------------------------------------------------------- connecting


def test_the_app_is_greeted_with_hello(standin: SlackStandIn, raw_app: RawApp) -> None:
    [hello] = standin.wait_for(lambda: raw_app.of_type("hello"), description="hello")
    assert hello["num_connections"] == 1
    assert hello["connection_info"] == {"app_id": standin.workspace.app_id}
    assert hello["debug_info"]["approximate_connection_time"] > 0


def test_connections_open_with_the_app_token_only(standin: SlackStandIn) -> None:
    web = WebClient(base_url=standin.api_url)
    url = web.apps_connections_open(app_token=standin.workspace.app_token)["url"]
    assert url.startswith(standin.socket_mode.url + "/link/?ticket=")

    with pytest.raises(SlackApiError) as bot_token:
        web.apps_connections_open(app_token=standin.workspace.bot_token)
    assert bot_token.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as unknown:
        web.apps_connections_open(app_token="xapp-1-A0NOPE-1-0000")
    assert unknown.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as elsewhere:
        WebClient(base_url=standin.api_url, token=standin.workspace.app_token).auth_test()
    assert elsewhere.value.response["error"] == "not_allowed_token_type"

    taken = standin.take_violations()
    assert len(taken) == 2
    assert all("not_allowed_token_type" in violation for violation in taken)


def test_a_ticket_opens_one_connection_only(standin: SlackStandIn) -> None:
    web = WebClient(base_url=standin.api_url)
    url = web.apps_connections_open(app_token=standin.workspace.app_token)["url"]
    with connect(url) as first:
        assert json.loads(first.recv(timeout=5))["type"] == "hello"
        with pytest.raises(InvalidStatus) as refused:
            connect(url)
        assert refused.value.response.status_code == 401
    with pytest.raises(InvalidStatus):
        connect(url.replace("ticket=", "ticket=forged"))


def test_an_eleventh_connection_is_turned_away(standin: SlackStandIn) -> None:
    web = WebClient(base_url=standin.api_url)
    token = standin.workspace.app_token
    with ExitStack() as stack:
        greetings = []
        for _ in range(11):
            link = stack.enter_context(connect(web.apps_connections_open(app_token=token)["url"]))
            greetings.append(json.loads(link.recv(timeout=5)))
        assert [g["num_connections"] for g in greetings[:10]] == list(range(1, 11))
        assert greetings[10]["type"] == "disconnect"
        assert greetings[10]["reason"] == "too_many_websockets"
        assert standin.socket_mode.open_connections == 10


# --------------------------------------------------------------------------- envelopes


def test_a_slash_command_arrives_as_an_envelope_and_its_ack_is_shown(
    standin: SlackStandIn, bolt_over_socket: BoltUnderTest, people: None
) -> None:
    received: list[dict[str, Any]] = []

    @bolt_over_socket.app.command("/readiness")
    def start(ack: Ack, command: dict[str, Any]) -> None:
        received.append(command)
        ack(text="Working on it…")

    result = bolt_over_socket.driver.slash_command(ANA, "/readiness", "team", channel_id=GENERAL)
    assert result.status == 200
    assert result.json == {"text": "Working on it…"}
    assert [e.text for e in standin.ephemerals(ANA, GENERAL)] == ["Working on it…"]
    [envelope] = result.envelopes
    assert envelope["type"] == "slash_commands"
    assert envelope["accepts_response_payload"] is True
    assert envelope["payload"] == result.sent
    assert received[0]["text"] == "team"
    assert received[0]["trigger_id"] == result.trigger_id


def test_a_click_a_modal_and_its_response_action(
    standin: SlackStandIn, bolt_over_socket: BoltUnderTest, people: None
) -> None:
    app, driver = bolt_over_socket.app, bolt_over_socket.driver

    @app.action("begin")
    def begin(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=NOTE_MODAL)

    @app.view("note")
    def save(ack: Ack, view: dict[str, Any]) -> None:
        text = view["state"]["values"]["note"]["text"]["value"]
        if len(text) < 5:
            ack(response_action="errors", errors={"note": "A little longer, please."})
        else:
            ack()

    app.client.chat_postMessage(channel=GENERAL, text="Ready?", blocks=[GREETING])
    [message] = standin.messages(GENERAL)
    click = driver.click(ANA, action_id="begin", message=message)
    assert click.status == 200
    assert [(e["type"], e["accepts_response_payload"]) for e in click.envelopes] == [
        ("interactive", False)
    ]
    [modal] = standin.wait_for(lambda: standin.open_views(ANA), description="the modal")
    assert "Your note" in visible_text(modal)

    short = driver.submit_view(ANA, modal.id, {"note": {"text": "ok"}})
    assert short.envelopes[0]["accepts_response_payload"] is True
    assert standin.open_views(ANA)[0].errors == {"note": "A little longer, please."}
    driver.submit_view(ANA, modal.id, {"note": {"text": "We write outcomes down"}})
    assert standin.open_views(ANA) == []


def test_an_event_arrives_with_its_retry_fields(
    standin: SlackStandIn, bolt_over_socket: BoltUnderTest, people: None
) -> None:
    @bolt_over_socket.app.message("hello")
    def hello(message: dict[str, Any], say: Say) -> None:
        say(text=f"Hi <@{message['user']}>")

    result = bolt_over_socket.driver.dm_message(ANA, "hello there")
    assert result.status == 200 and result.json is None
    [envelope] = result.envelopes
    assert envelope["type"] == "events_api"
    assert (envelope["retry_attempt"], envelope["retry_reason"]) == (0, "")
    assert envelope["accepts_response_payload"] is False
    assert envelope["payload"]["type"] == "event_callback"
    standin.wait_for(lambda: len(standin.dm(ANA)) == 2, description="the bot's reply")
    assert standin.dm(ANA)[1].text == f"Hi <@{ANA}>"


def test_an_event_whose_ack_was_lost_is_delivered_again(
    standin: SlackStandIn, raw_app: RawApp, raw_driver: SlackDriver, people: None
) -> None:
    standin.socket_mode.lose_next_ack()
    result = raw_driver.open_home(ANA)
    assert result.status == 200
    first, again = result.envelopes
    assert (first["retry_attempt"], first["retry_reason"]) == (0, "")
    assert (again["retry_attempt"], again["retry_reason"]) == (1, "timeout")
    assert again["payload"] == first["payload"]
    assert again["envelope_id"] != first["envelope_id"]
    assert [r.envelope_id for r in raw_app.requests] == [first["envelope_id"], again["envelope_id"]]
    assert [a["envelope_id"] for a in standin.socket_mode.lost_acks] == [first["envelope_id"]]


def test_a_redelivery_asked_for_carries_the_retry(
    standin: SlackStandIn, raw_app: RawApp, raw_driver: SlackDriver, people: None
) -> None:
    first = raw_driver.open_home(ANA)
    again = raw_driver.redeliver(first, retry_num=2, reason="timeout")
    [envelope] = again.envelopes
    assert (envelope["retry_attempt"], envelope["retry_reason"]) == (2, "timeout")
    assert envelope["payload"] == first.envelopes[0]["payload"]


def test_a_command_never_acked_fails_without_a_retry(
    standin: SlackStandIn, raw_app: RawApp, people: None
) -> None:
    raw_app.silent = True
    impatient = SlackDriver(
        standin,
        transport=SocketTransport(standin.socket_mode, standin.workspace.team_id, timeout=0.5),
    )
    result = impatient.slash_command(ANA, "/readiness", channel_id=GENERAL)
    assert result.status == NOT_ACKED
    assert len(result.envelopes) == 1
    assert standin.ephemerals(ANA) == []


def test_an_ack_payload_where_slack_takes_none_is_ignored(
    standin: SlackStandIn, raw_app: RawApp, raw_driver: SlackDriver, people: None
) -> None:
    raw_app.answer = {"text": "nobody reads this"}
    result = raw_driver.open_home(ANA)
    assert (result.status, result.json, result.body) == (200, None, "")


def test_without_a_connection_slack_cannot_deliver(
    standin: SlackStandIn, raw_driver: SlackDriver, people: None
) -> None:
    hurried = raw_driver.over_socket(connect_wait=0.1)
    result = hurried.slash_command(ANA, "/readiness", channel_id=GENERAL)
    assert result.status == NOT_CONNECTED
    assert result.envelopes == []


def test_http_only_knobs_are_refused(raw_driver: SlackDriver, people: None) -> None:
    with pytest.raises(ValueError, match="no signature"):
        raw_driver.open_home(ANA, delivery=Delivery(signed=False))
    with pytest.raises(ValueError, match="timestamp_offset"):
        raw_driver.open_home(ANA, delivery=Delivery(timestamp_offset=-360))
    with pytest.raises(ValueError, match="url_verification"):
        raw_driver.url_verification()


# --------------------------------------------------------------------------- connections


def test_a_refresh_is_announced_and_the_app_reconnects(
    standin: SlackStandIn, raw_app: RawApp, raw_driver: SlackDriver, people: None
) -> None:
    standin.socket_mode.request_refresh()
    standin.wait_for(
        lambda: standin.socket_mode.connections_made == 2, description="a new connection"
    )
    [disconnect] = raw_app.of_type("disconnect")
    assert disconnect["reason"] == "refresh_requested"
    standin.wait_for(lambda: standin.socket_mode.open_connections == 1, description="the close")

    result = raw_driver.open_home(ANA)
    assert result.status == 200
    assert standin.socket_mode.sent[-1]["connection"] == 2


def test_a_warning_comes_before_the_refresh(
    standin: SlackStandIn, raw_app: RawApp, raw_driver: SlackDriver, people: None
) -> None:
    standin.socket_mode.request_refresh(warning=True)
    standin.wait_for(lambda: raw_app.of_type("disconnect"), description="a disconnect")
    assert raw_app.of_type("disconnect")[0]["reason"] == "warning"
    standin.wait_for(
        lambda: standin.socket_mode.connections_made >= 2, description="a new connection"
    )
    standin.socket_mode.wait_for_connection()
    # slack_sdk reconnects on each disconnect message: an event may meet a connection on
    # its way out, and is then delivered again on the next.
    assert raw_driver.open_home(ANA).status == 200


def test_a_dropped_connection_is_reopened(
    standin: SlackStandIn, raw_app: RawApp, raw_driver: SlackDriver, people: None
) -> None:
    standin.socket_mode.drop_connections()
    standin.socket_mode.wait_for_connection(timeout=20)
    result = raw_driver.open_home(ANA)
    assert result.status == 200
    assert standin.socket_mode.connections_made == 2


def test_an_event_waits_for_the_app_to_reconnect(
    standin: SlackStandIn, raw_app: RawApp, raw_driver: SlackDriver, people: None
) -> None:
    standin.socket_mode.drop_connections()
    result = raw_driver.open_home(ANA)
    assert result.status == 200
    assert result.envelopes[-1]["payload"]["event"]["type"] == "app_home_opened"
    assert [r.envelope_id for r in raw_app.requests] == [result.envelopes[-1]["envelope_id"]]


def test_envelopes_are_spread_over_the_open_connections(
    standin: SlackStandIn, raw_app: RawApp, raw_driver: SlackDriver, people: None
) -> None:
    second = RawApp(standin)
    second.client.connect()
    try:
        standin.socket_mode.wait_for_connection(count=2)
        [hello] = standin.wait_for(lambda: second.of_type("hello"), description="hello")
        assert hello["num_connections"] == 2
        for _ in range(4):
            assert raw_driver.open_home(ANA).status == 200
        assert len(raw_app.requests) == 2 and len(second.requests) == 2
    finally:
        second.close()


# --------------------------------------------------------------------------- both modes


def test_the_same_story_over_http_and_socket_mode(
    standin: SlackStandIn, bolt_each_mode: BoltUnderTest, people: None
) -> None:
    @bolt_each_mode.app.command("/readiness")
    def start(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=NOTE_MODAL)

    @bolt_each_mode.app.view("note")
    def save(ack: Ack, view: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        ack()
        text = view["state"]["values"]["note"]["text"]["value"]
        client.chat_postMessage(channel=body["user"]["id"], text=f"Noted: {text}")

    driver = bolt_each_mode.driver
    assert driver.over_http == (bolt_each_mode.mode == "http")
    driver.slash_command(ANA, "/readiness", channel_id=GENERAL)
    [modal] = standin.wait_for(lambda: standin.open_views(ANA), description="the modal")
    driver.submit_view(ANA, modal.id, {"note": {"text": "Outcomes first"}})
    assert standin.open_views(ANA) == []
    [noted] = standin.wait_for(lambda: standin.dm(ANA), description="the bot's note")
    assert noted.text == "Noted: Outcomes first"
