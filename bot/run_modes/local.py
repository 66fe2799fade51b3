"""Running the real bot inside this process: over HTTP on a free loopback port, or in Socket
Mode connected to the Slack API it is configured with.

The demo and the tests use it to put the production path (bolt's ASGI adapter under uvicorn,
signature checks and all; or bolt's Socket Mode handler) in front of the Slack stand-in without
a second process.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from bot.config import Settings
from bot.inbound.asgi import EVENTS_PATH
from bot.report.links import ReportLinks
from bot.run_modes.http_server import ReadinessASGI
from bot.run_modes.start import Running, running_bot, socket_mode_connected
from flows.services import Services


def free_port_number() -> int:
    """A loopback port free right now, for a server started by another process."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class LocalBot:
    running: Running
    base_url: str

    @property
    def events_url(self) -> str:
        return self.base_url + EVENTS_PATH


@contextmanager
def local_bot(settings: Settings, services: Services | None = None) -> Iterator[LocalBot]:
    settings.require_http_mode()
    # Bind first and hand uvicorn the socket, so no other process can take the port meanwhile.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    # Report links point at this very server unless the caller says otherwise.
    settings = settings.model_copy(update={"public_url": settings.public_url or base_url})
    with listener, running_bot(settings, services) as running:
        asgi = ReadinessASGI(
            running.app,
            running.services,
            signing_secret=settings.signing_secret,
            links=ReportLinks.from_settings(settings, clock=running.services.clock),
            dispatch_threads=settings.listener_threads,
        )
        config = uvicorn.Config(asgi, log_level="warning", access_log=False, lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [listener]}, name="local-bot", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the local bot did not start")
            time.sleep(0.01)
        try:
            yield LocalBot(running=running, base_url=base_url)
        finally:
            server.should_exit = True
            thread.join(timeout=10)


SOCKET_PING_SECONDS = 1.0
"""How often the local Socket Mode client checks its connection (and reconnects if it was
dropped without a close): a second, so a test of a dropped socket waits a second, not ten."""


@contextmanager
def local_socket_bot(settings: Settings, services: Services | None = None) -> Iterator[Running]:
    """The bot in Socket Mode, connected (`apps.connections.open` at `settings.slack_api_url`,
    then its websocket) before the block starts; closed, and its envelopes in hand finished,
    when it ends."""
    settings.require_socket_mode()
    with (
        running_bot(settings, services) as running,
        socket_mode_connected(running, settings, ping_interval=SOCKET_PING_SECONDS),
    ):
        yield running
