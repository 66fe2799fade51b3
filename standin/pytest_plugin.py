"""Slack for the tests: the stand-in, and a real bolt app served over real HTTP.

Register it in the top-level conftest (`pytest_plugins = ["standin.pytest_plugin"]`) or on the
command line (`pytest -p standin.pytest_plugin`); don't import the fixtures. A test whose bot
does anything real Slack would refuse fails at teardown with the stand-in's list of violations.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import pytest
import uvicorn
from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.socket_mode.builtin import SocketModeClient

from standin import SlackDriver, SlackStandIn, SocketTransport

SIGNING_SECRET = "sandbox-signing-secret-0123456789abcdef"
EVENTS_PATH = "/slack/events"
DELIVERY_MODES = ("http", "socket")
"""How Slack reaches an app: signed POSTs to its request URL, or envelopes over Socket Mode."""
SOCKET_PING_INTERVAL = 1.0
"""slack_sdk's client notices a dead connection by its pings; a test need not wait ten seconds."""


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    """A running Slack stand-in; the test fails if the bot broke Slack's contract."""
    with SlackStandIn() as slack:
        yield slack
        if slack.violations:
            listed = "\n".join(f"- {violation}" for violation in slack.violations)
            pytest.fail(f"the bot did what real Slack would refuse:\n{listed}", pytrace=False)


@contextmanager
def serve_asgi(app: SlackRequestHandler, *, start_timeout: float = 10.0) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port, in a thread; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, interface="asgi3", lifespan="off", log_level="warning", access_log=False
        )
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="bolt-under-test", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(params=DELIVERY_MODES)
def delivery_mode(request: pytest.FixtureRequest) -> str:
    """`"http"`, then `"socket"`: a test taking this fixture runs once in each mode."""
    mode: str = request.param
    return mode


@dataclass
class BoltUnderTest:
    """A bolt app talking to the stand-in, with a driver aimed at it: over HTTP at `url`, or
    over Socket Mode (`mode == "socket"`, `url` empty)."""

    app: App
    url: str
    driver: SlackDriver
    mode: str = "http"


@contextmanager
def bolt_app_on(standin: SlackStandIn) -> Iterator[BoltUnderTest]:
    """A fresh bolt `App` using the stand-in's Web API, served under uvicorn at
    `/slack/events`; register listeners on `.app`, act through `.driver`."""
    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    app = App(client=client, signing_secret=SIGNING_SECRET)
    with serve_asgi(SlackRequestHandler(app, path=EVENTS_PATH)) as base_url:
        url = base_url + EVENTS_PATH
        yield BoltUnderTest(app=app, url=url, driver=SlackDriver(standin, url, SIGNING_SECRET))


@contextmanager
def bolt_app_over_socket(standin: SlackStandIn) -> Iterator[BoltUnderTest]:
    """A fresh bolt `App` connected to the stand-in in Socket Mode with the workspace's
    app-level token, through slack_bolt's own `SocketModeHandler`; connected when yielded."""
    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    app = App(client=client, signing_secret=SIGNING_SECRET)
    handler = SocketModeHandler(
        app,
        standin.workspace.app_token,
        web_client=WebClient(base_url=standin.api_url),
        ping_interval=SOCKET_PING_INTERVAL,
    )
    handler.connect()  # type: ignore[no-untyped-call]
    try:
        standin.socket_mode.wait_for_connection()
        driver = SlackDriver(
            standin, transport=SocketTransport(standin.socket_mode, standin.workspace.team_id)
        )
        yield BoltUnderTest(app=app, url="", driver=driver, mode="socket")
    finally:
        close_in_background(handler.client)


def close_in_background(client: SocketModeClient) -> None:
    """Close slack_sdk's Socket Mode client without waiting for it.

    Its `close()` takes up to three seconds (a read with a three-second timeout must end), so
    it runs in a thread once reconnecting has been switched off. Its own race between that read
    failing and `close()` (both close the socket; one finds it already gone) is ignored.
    """
    client.closed = True
    client.auto_reconnect_enabled = False

    def close() -> None:
        with suppress(AttributeError):
            client.close()

    threading.Thread(target=close, name="socket-mode-close", daemon=True).start()


@pytest.fixture
def bolt(standin: SlackStandIn) -> Iterator[BoltUnderTest]:
    with bolt_app_on(standin) as under_test:
        yield under_test


@pytest.fixture
def bolt_over_socket(standin: SlackStandIn) -> Iterator[BoltUnderTest]:
    """A bolt app in Socket Mode against the stand-in."""
    with bolt_app_over_socket(standin) as under_test:
        yield under_test


@pytest.fixture
def bolt_each_mode(standin: SlackStandIn, delivery_mode: str) -> Iterator[BoltUnderTest]:
    """A bolt app over HTTP, then (the test runs twice) in Socket Mode."""
    serving = bolt_app_on if delivery_mode == "http" else bolt_app_over_socket
    with serving(standin) as under_test:
        yield under_test
