"""Starting the bot: settings checked, database checked, then HTTP or Socket Mode.

Both modes build the same app with the same listeners and the same background deadline check;
they differ only in how Slack's requests arrive.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.app import build_app
from bot.config import ConfigurationError, Settings
from bot.logs import configure_logging
from bot.long_lived import freeze_long_lived
from bot.outbound.installations import WorkspaceBots, oauth_parts
from bot.outbound.web_client import make_web_client
from bot.report.links import ReportLinks
from bot.run_modes.http_server import ReadinessASGI, serve_http
from bot.run_modes.preflight import check_port, connect_to_slack, open_database
from bot.run_modes.timetable import BackgroundJobs, Timetable
from bot.slack_app import INSTALL_PATH
from flows.services import Services

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Running:
    app: App
    services: Services


@contextmanager
def running_bot(settings: Settings, services: Services | None = None) -> Iterator[Running]:
    """The app with its database and Slack checked (`preflight`) and its deadline watcher going,
    until the block ends."""
    if services is None:
        services = Services(
            database=open_database(settings),
            resend_after=timedelta(seconds=settings.resend_after_seconds),
        )
    client = make_web_client(settings)
    auth_test = None
    if settings.oauth_enabled:
        logger.info(
            "OAuth installs: each workspace connects by installing through %s",
            (settings.public_url or "").rstrip("/") + INSTALL_PATH,
        )
    else:
        auth_test = connect_to_slack(client, settings).answer
    follow_ups = ThreadPoolExecutor(settings.follow_up_threads, thread_name_prefix="follow-up")
    oauth = oauth_parts(settings, services.database, client) if settings.oauth_enabled else None
    app = build_app(
        settings, services, client=client, follow_ups=follow_ups, oauth=oauth, auth_test=auth_test
    )
    timetable = Timetable(
        services,
        WorkspaceBots(settings, client, oauth),
        ReportLinks.from_settings(settings, clock=services.clock),
    )
    watcher = BackgroundJobs(timetable, interval=settings.deadline_check_seconds)
    watcher.start()
    freeze_long_lived("started")
    try:
        yield Running(app=app, services=services)
    finally:
        watcher.stop()
        # Let clicks already acknowledged finish talking to Slack before the process goes.
        follow_ups.shutdown(wait=True)


def run_http(settings: Settings) -> None:
    """`readiness serve`, until SIGTERM or Ctrl-C. uvicorn answers the requests in hand, then
    raises the signal again; `StopAsked` carries it out through `running_bot`, so the clicks'
    follow-ups (next questions, profiles) are finished before the process ends."""
    settings.require_http_mode()
    configure_logging(settings.log_level_number, settings.secrets())
    check_port(settings.host, settings.port)
    with _until_asked_to_stop(), running_bot(settings) as bot:
        logger.info("HTTP mode: listening on %s:%s", settings.host, settings.port)
        serve_http(
            ReadinessASGI(
                bot.app,
                bot.services,
                signing_secret=settings.signing_secret,
                links=ReportLinks.from_settings(settings, clock=bot.services.clock),
                dispatch_threads=settings.listener_threads,
            ),
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level,
        )


def _socket_mode_handler(
    running: Running, settings: Settings, *, ping_interval: float = 10
) -> SocketModeHandler:
    """Bolt's Socket Mode handler for the app, not yet connected.

    Its client asks `apps.connections.open` through the app's own Web API client (so at
    SLACK_API_URL), with the app-level token. Auto-reconnect stays on: after a `disconnect`
    (Slack refreshing the connection) or a dropped socket it opens a new one, at the latest one
    `ping_interval` later; an envelope whose ack was lost on the way comes back from Slack with
    `retry_attempt`, and `OncePerDelivery` acts on it once. Envelopes are handled on as many
    threads as HTTP mode's listener threads. (Imported here: HTTP mode never loads it.)"""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    return SocketModeHandler(
        running.app,
        settings.slack_app_token.get_secret_value(),
        auto_reconnect_enabled=True,
        ping_interval=ping_interval,
        concurrency=settings.listener_threads,
    )


def _close_socket_mode(handler: SocketModeHandler) -> None:
    """Close the handler's connection and its threads now, not seconds later.

    slack_sdk's built-in client reads its websocket with a 3 s timeout, holding the lock that
    closing needs, and its message thread waits up to 1 s on its queue; `close()` alone waits
    both out. So, in this order: no more reconnecting or pinging (the monitor thread stopped);
    the reading thread told to stop, its read ended by shutting the socket, and waited for, so
    that it cannot drop the connection while `close()` does (two threads closing one socket at
    once is a race inside slack_sdk); the message thread woken by a None on its queue, which the
    client skips. Then `close()` as before: envelopes already handed to a listener are finished,
    and any not yet taken were never acknowledged, so Slack sends them again."""
    client = handler.client
    client.auto_reconnect_enabled = False
    client.closed = True
    if client.current_app_monitor.is_alive():
        client.current_app_monitor.shutdown()  # type: ignore[no-untyped-call]
    reader = client.current_session_runner
    reader.event.set()
    client.current_session_state.terminated = True
    session = client.current_session
    sock = session.sock if session is not None else None
    if sock is not None:
        with suppress(OSError):  # already closed by Slack, or never fully open
            sock.shutdown(socket.SHUT_RDWR)
    if reader.is_alive():
        reader.shutdown()  # type: ignore[no-untyped-call]
    client.message_queue.put(None)
    handler.close()  # type: ignore[no-untyped-call]


def _refused_app_token(error: SlackApiError) -> ConfigurationError:
    code = error.response.get("error", "an error")
    return ConfigurationError(
        f"Slack refused SLACK_APP_TOKEN ({code}): generate an App-Level Token with the "
        "connections:write scope under Basic Information > App-Level Tokens, and turn "
        "Socket Mode on for the app."
    )


@contextmanager
def socket_mode_connected(
    running: Running, settings: Settings, *, ping_interval: float = 10
) -> Iterator[None]:
    """The app connected to Slack in Socket Mode for the block (`_socket_mode_handler`), then
    closed (`_close_socket_mode`); a refused App-Level Token ends in one line."""
    handler = _socket_mode_handler(running, settings, ping_interval=ping_interval)
    try:
        handler.connect()  # type: ignore[no-untyped-call]
    except SlackApiError as error:
        _close_socket_mode(handler)
        raise _refused_app_token(error) from error
    try:
        yield
    finally:
        _close_socket_mode(handler)


def run_socket_mode(settings: Settings) -> None:
    """`readiness socket`: connected until SIGTERM or Ctrl-C, then stopped as HTTP mode stops:
    the envelopes in hand and the clicks' follow-ups finished before the process ends (bolt's
    own `start()` waits forever, so a SIGTERM ended the process mid-click)."""
    settings.require_socket_mode()
    configure_logging(settings.log_level_number, settings.secrets())
    with _until_asked_to_stop(), running_bot(settings) as bot:
        logger.info("Socket Mode: connecting to Slack")
        with socket_mode_connected(bot, settings):
            logger.info("Socket Mode: connected; SIGTERM or Ctrl-C stops")
            threading.Event().wait()


class StopAsked(Exception):
    """SIGTERM (what `systemctl stop` and `docker stop` send) or SIGINT (Ctrl-C) arrived: raised
    from the signal's handler so that every `finally` on the way out runs."""


@contextmanager
def _until_asked_to_stop() -> Iterator[None]:
    """Run the block until SIGTERM or SIGINT, then end it normally (exit status 0) once its
    `finally` blocks have finished what is in hand. A second signal meanwhile stops at once."""

    def asked(number: int, frame: object) -> None:
        name = signal.Signals(number).name
        logger.info("%s received: stopping once what is in hand is finished", name)
        raise StopAsked

    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, asked)
    try:
        yield
    except StopAsked:
        logger.info("stopped")
