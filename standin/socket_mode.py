"""Socket Mode as Slack runs it: a websocket the app opens, over which requests come as envelopes.

`apps.connections.open` (with the app-level `xapp-` token) hands out a one-time URL
`ws://127.0.0.1:PORT/link/?ticket=...`; the app connects, Slack says `hello`, then sends each
slash command, interaction and event as an envelope `{"envelope_id", "type", "payload",
"accepts_response_payload", ...}`. The app acks on the socket with `{"envelope_id", "payload"?}`
within three seconds; the ack's payload is what an HTTP app would have answered (a slash command's
message, a view submission's `response_action`), where Slack accepts one. An event not acked in
time is delivered again (`retry_attempt`, `retry_reason: "timeout"`), up to three retries as in the
Events API; a command or an interaction is not: the person sees an error. Slack spreads envelopes
over the app's open connections, and recycles them: a `disconnect` message (`warning`, then
`refresh_requested`) and, a moment later, the close.

Where Slack's documentation is silent, the stand-in chooses the reading that is hardest on the
app: a redelivered event comes in a new envelope (new `envelope_id`, same `event_id`), so only
the event's own id can tell it is the same; an unknown or used ticket is refused at the
handshake (HTTP 401). It is lenient in one place: an ack counts whichever of the app's
connections it comes on, since slack_sdk acks on its current connection after a refresh.

The server runs `websockets`' threaded server on loopback, started on the first
`apps.connections.open`, so a test that never uses Socket Mode pays nothing for it.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import logging
import socket
import struct
import threading
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from standin.records import JSON, Workspace
from standin.state import SlackState

LINK_PATH = "/link/"
ACK_DEADLINE = 3.0
EVENT_RETRIES = 3
"""Slack retries an unacknowledged event three times, then gives up on it."""
MAX_CONNECTIONS = 10
"""An app may hold ten connections at once; Slack turns away the eleventh
(`disconnect`, reason `too_many_websockets`)."""

EVENTS_API = "events_api"
SLASH_COMMANDS = "slash_commands"
INTERACTIVE = "interactive"

RESPONDABLE_INTERACTIONS = frozenset({"view_submission", "block_suggestion"})
"""Interactions whose ack may carry a payload (a `response_action`, the options of a select);
a click or a closed modal gets nothing back from its ack."""


def accepts_response_payload(envelope_type: str, payload: JSON) -> bool:
    """Whether Slack reads a payload in the ack of this envelope, as it would an HTTP answer."""
    if envelope_type == SLASH_COMMANDS:
        return True
    if envelope_type == INTERACTIVE:
        return payload.get("type") in RESPONDABLE_INTERACTIONS
    return False


@dataclass
class Envelope:
    """One envelope sent on one connection, and what came back for it."""

    envelope_id: str
    type: str
    payload: JSON
    accepts_response_payload: bool
    retry_attempt: int
    retry_reason: str
    sent_at: float = 0.0
    acked: threading.Event = field(default_factory=threading.Event)
    ack_payload: JSON | None = None
    ack_elapsed: float = 0.0
    given_up: bool = False
    """Slack stopped waiting (and redelivered it, for an event): a later ack changes nothing."""

    def message(self) -> JSON:
        """The envelope as it goes over the socket, in Slack's shape."""
        sent: JSON = {
            "envelope_id": self.envelope_id,
            "payload": self.payload,
            "type": self.type,
            "accepts_response_payload": self.accepts_response_payload,
        }
        if self.type == EVENTS_API:
            sent["retry_attempt"] = self.retry_attempt
            sent["retry_reason"] = self.retry_reason
        return sent


@dataclass(frozen=True)
class Outcome:
    """How delivering one request over the socket ended: acked (with the ack's payload, if
    Slack reads one), never acked, or not `delivered` at all because no connection was open."""

    acked: bool
    delivered: bool
    payload: JSON | None
    elapsed: float
    envelopes: tuple[JSON, ...]
    """Every envelope sent for this request, in order (redeliveries after the first)."""


@dataclass
class _Link:
    """One open websocket of the app: a connection Slack can hand envelopes to."""

    id: int
    team_id: str
    connection: ServerConnection
    refreshing: bool = False
    closed: threading.Event = field(default_factory=threading.Event)


class SocketModeServer:
    """Slack's Socket Mode endpoint for the stand-in's app: tickets, connections, envelopes.

    `ack_deadline` and `event_retries` are Slack's (three seconds, three retries);
    `refresh_grace` is how long a connection told to refresh stays open before Slack closes it,
    `warning_lead` how long the `warning` comes before the `refresh_requested`.
    """

    def __init__(
        self,
        state: SlackState,
        *,
        ack_deadline: float = ACK_DEADLINE,
        event_retries: int = EVENT_RETRIES,
        refresh_grace: float = 1.0,
        warning_lead: float = 0.5,
    ) -> None:
        self.state = state
        self.ack_deadline = ack_deadline
        self.event_retries = event_retries
        self.refresh_grace = refresh_grace
        self.warning_lead = warning_lead
        self._lock = threading.Condition()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._tickets: dict[str, str] = {}
        self._admitted: dict[uuid.UUID, str] = {}
        """Connections whose ticket was good, until they are served: their workspace."""
        self._links: dict[int, _Link] = {}
        self._link_ids = itertools.count(1)
        self._turn = itertools.count()
        self._pending: dict[str, Envelope] = {}
        self._lose_acks = 0
        self._sent: list[JSON] = []
        self._acks: list[JSON] = []
        self._lost_acks: list[JSON] = []
        self._late_acks: list[JSON] = []
        self._connections_made = 0

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> None:
        with self._lock:
            if self._server is not None:
                return
            self._server = serve(
                self._serve_link,
                "127.0.0.1",
                0,
                process_request=self._check_ticket,
                compression=None,
                logger=_QUIET,
            )
            self._thread = threading.Thread(
                target=self._server.serve_forever, name="slack-socket-mode", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
            links = list(self._links.values())
        for link in links:
            _hang_up(link)
        if server is not None:
            server.shutdown()
        if thread is not None:
            thread.join(timeout=5)

    @property
    def url(self) -> str:
        """`ws://127.0.0.1:PORT`, once started."""
        if self._server is None:
            raise RuntimeError("the Socket Mode server is not running")
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}"

    # ----------------------------------------------------------------- apps.connections.open

    def open_link(self, workspace: Workspace) -> str:
        """A fresh one-time URL for the app to connect to (what apps.connections.open returns)."""
        self.start()
        with self._lock:
            ticket = f"{self.state.ids.new('', 8).lower()}-{self.state.ids.secret(32)}"
            self._tickets[ticket] = workspace.team_id
        return f"{self.url}{LINK_PATH}?ticket={ticket}&app_id={workspace.app_id}"

    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        parts = urlsplit(request.path)
        ticket = (parse_qs(parts.query).get("ticket") or [""])[0]
        with self._lock:
            team_id = self._tickets.pop(ticket, None) if parts.path == LINK_PATH else None
            if team_id is not None:
                self._admitted[connection.id] = team_id
        if team_id is None:
            return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid or used ticket\n")
        return None

    # ----------------------------------------------------------------- one connection

    def _serve_link(self, connection: ServerConnection) -> None:
        with self._lock:
            team_id = self._admitted.pop(connection.id)
            link = _Link(id=next(self._link_ids), team_id=team_id, connection=connection)
            open_now = 1 + sum(1 for other in self._links.values() if other.team_id == team_id)
        try:
            if open_now > MAX_CONNECTIONS:
                connection.send(_disconnect("too_many_websockets"))
                connection.close()
                return
            connection.send(json.dumps(self._hello(team_id, open_now)))
            with self._lock:
                # Envelopes may go to it once it has said hello, not before.
                self._links[link.id] = link
                self._connections_made += 1
                self._lock.notify_all()
            for raw in connection:
                self._receive(link, raw)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._links.pop(link.id, None)
                link.closed.set()
                self._lock.notify_all()

    def _hello(self, team_id: str, open_now: int) -> JSON:
        with self.state.lock:
            app_id = self.state.workspace(team_id).app_id
        return {
            "type": "hello",
            "num_connections": open_now,
            "debug_info": {
                "host": "applink-standin",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": app_id},
        }

    def _receive(self, link: _Link, raw: str | bytes) -> None:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        try:
            message = json.loads(text)
        except ValueError:
            self._violation(f"the app sent {text[:200]!r} on its Socket Mode connection: not JSON")
            return
        if not isinstance(message, dict) or "envelope_id" not in message:
            self._violation(f"the app sent {text[:200]!r} on its socket: not an ack")
            return
        with self._lock:
            if self._lose_acks:
                self._lose_acks -= 1
                self._lost_acks.append(copy.deepcopy(message))
                return
            self._acks.append({**copy.deepcopy(message), "connection": link.id})
            envelope = self._pending.get(str(message["envelope_id"]))
        if envelope is None:
            self._violation(f"the app acked envelope {message['envelope_id']!r}, never sent")
            return
        payload = message.get("payload")
        if payload is not None and not isinstance(payload, dict):
            self._violation(f"the ack of {envelope.envelope_id} has a payload {payload!r}")
            payload = None
        with self._lock:
            if envelope.acked.is_set():
                return  # a second ack changes nothing
            if envelope.given_up:
                # Slack has stopped waiting: an event went out again, a person saw an error.
                # No violation: a late ack also happens to a sound app while it reconnects.
                self._late_acks.append(copy.deepcopy(message))
                return
            envelope.ack_payload = payload if envelope.accepts_response_payload else None
            envelope.ack_elapsed = time.monotonic() - envelope.sent_at
            envelope.acked.set()

    def _violation(self, text: str) -> None:
        with self.state.lock:
            self.state.violation(text)

    # ----------------------------------------------------------------- delivering

    def deliver(
        self,
        team_id: str,
        envelope_type: str,
        payload: JSON,
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        connect_wait: float = 2.0,
        ack_wait: float = 10.0,
    ) -> Outcome:
        """Send `payload` to one of the workspace's open connections and wait for its ack,
        delivering an event again (to whichever connection is open) each time an ack is late.

        A command or an interaction waits up to `connect_wait` for a connection, and for its
        ack up to `ack_wait` (one acked late still counts: the driver flags the lateness). An
        event waits up to `ack_wait` for a connection, as Slack keeps an event for later; an
        event never acked reports the whole time spent on it."""
        sent: list[JSON] = []
        is_event = envelope_type == EVENTS_API
        attempt, reason = retry_attempt, retry_reason
        last_retry = retry_attempt + self.event_retries
        started = time.monotonic()
        while True:
            link = self._pick_link(team_id, ack_wait if is_event else connect_wait)
            if link is None:
                spent = time.monotonic() - started if sent else 0.0
                return Outcome(False, bool(sent), None, spent, tuple(sent))
            envelope = self._send(link, envelope_type, payload, attempt, reason)
            sent.append(copy.deepcopy(envelope.message()))
            envelope.acked.wait(self.ack_deadline if is_event else ack_wait)
            with self._lock:
                acked = envelope.acked.is_set()
                envelope.given_up = not acked
            if acked:
                elapsed, answer = envelope.ack_elapsed, envelope.ack_payload
                return Outcome(True, True, answer, elapsed, tuple(sent))
            if not is_event or attempt >= last_retry:
                return Outcome(False, True, None, time.monotonic() - started, tuple(sent))
            attempt, reason = attempt + 1, "timeout"

    def _pick_link(self, team_id: str, wait: float) -> _Link | None:
        """The next open connection of the workspace not being refreshed, in turn."""
        deadline = time.monotonic() + wait
        with self._lock:
            while True:
                usable = sorted(
                    (
                        link
                        for link in self._links.values()
                        if link.team_id == team_id and not link.refreshing
                    ),
                    key=lambda link: link.id,
                )
                if usable:
                    return usable[next(self._turn) % len(usable)]
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._lock.wait(left)

    def _send(
        self, link: _Link, envelope_type: str, payload: JSON, attempt: int, reason: str
    ) -> Envelope:
        envelope = Envelope(
            envelope_id=_envelope_id(),
            type=envelope_type,
            payload=copy.deepcopy(payload),
            accepts_response_payload=accepts_response_payload(envelope_type, payload),
            retry_attempt=attempt,
            retry_reason=reason,
        )
        with self._lock:
            self._pending[envelope.envelope_id] = envelope
            self._sent.append({**envelope.message(), "connection": link.id})
        envelope.sent_at = time.monotonic()
        # Lost with its connection, if that just closed: no ack comes, and an event is resent.
        with contextlib.suppress(ConnectionClosed):
            link.connection.send(json.dumps(envelope.message()))
        return envelope

    # ----------------------------------------------------------------- controls for tests

    def request_refresh(self, *, warning: bool = False, grace: float | None = None) -> None:
        """Slack recycles every open connection: a `disconnect` with reason `warning` first if
        asked, then one with `refresh_requested`; no more envelopes go to them, and they are
        closed `grace` seconds later (the app should have connected anew by then)."""
        with self._lock:
            links = [link for link in self._links.values() if not link.refreshing]
            for link in links:
                link.refreshing = True
        if warning:
            for link in links:
                _send_quietly(link, _disconnect("warning"))
            time.sleep(self.warning_lead)
        for link in links:
            _send_quietly(link, _disconnect("refresh_requested"))
        closing = threading.Timer(
            self.refresh_grace if grace is None else grace, _close_all, args=(links,)
        )
        closing.daemon = True
        closing.start()

    def drop_connections(self) -> None:
        """Every open connection is cut without a word (a network failure, a Slack restart)."""
        with self._lock:
            links = list(self._links.values())
        for link in links:
            _hang_up(link)
        for link in links:
            link.closed.wait(5)

    def lose_next_ack(self, count: int = 1) -> None:
        """The next `count` acks are lost on the way: as if never sent. An event is then
        delivered again after the deadline (`retry_attempt` 1, `retry_reason` "timeout")."""
        with self._lock:
            self._lose_acks += count

    def wait_for_connection(self, timeout: float = 10.0, *, count: int = 1) -> int:
        """Wait until at least `count` usable connections are open (not being refreshed);
        returns how many are. Raises AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                usable = sum(1 for link in self._links.values() if not link.refreshing)
                if usable >= count:
                    return usable
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no Socket Mode connection within {timeout} s "
                        f"({usable} open of {count} awaited)"
                    )
                self._lock.wait(left)

    @property
    def open_connections(self) -> int:
        """Connections open now, being refreshed or not."""
        with self._lock:
            return len(self._links)

    @property
    def connections_made(self) -> int:
        """Every connection the app ever completed (reconnects included)."""
        with self._lock:
            return self._connections_made

    @property
    def sent(self) -> list[JSON]:
        """Every envelope sent, oldest first, with the number of the connection it went to
        (`"connection"`, not part of Slack's message)."""
        with self._lock:
            return copy.deepcopy(self._sent)

    @property
    def acks(self) -> list[JSON]:
        """Every ack the app sent that arrived, oldest first, with the number of the connection
        it came on (`"connection"`)."""
        with self._lock:
            return copy.deepcopy(self._acks)

    @property
    def late_acks(self) -> list[JSON]:
        """Acks that came after Slack had given up on their envelope (and, for an event, sent
        it again): they count for nothing."""
        with self._lock:
            return copy.deepcopy(self._late_acks)

    @property
    def lost_acks(self) -> list[JSON]:
        """The acks lost on purpose (`lose_next_ack`)."""
        with self._lock:
            return copy.deepcopy(self._lost_acks)


def _envelope_id() -> str:
    """Slack's envelope ids are UUIDs."""
    return str(uuid.uuid4())


def _disconnect(reason: str) -> str:
    return json.dumps(
        {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-standin"}}
    )


def _send_quietly(link: _Link, text: str) -> None:
    with contextlib.suppress(ConnectionClosed):
        link.connection.send(text)


def _close_all(links: list[_Link]) -> None:
    """Close as Slack does after a refresh: a proper close handshake."""
    for link in links:
        with contextlib.suppress(OSError):
            link.connection.close()


def _hang_up(link: _Link) -> None:
    """Cut the TCP connection without a close frame: a reset, as when a load balancer or a
    network in between gives up, so the app's next read fails at once."""
    with contextlib.suppress(OSError):
        link.connection.socket.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )
    link.connection.close_socket()


def _quiet_logger() -> logging.Logger:
    """A logger for `websockets` that says nothing: a handshake refused for a used ticket or a
    connection cut on purpose is what the tests ask for, and the server records what matters."""
    logger = logging.getLogger("standin.socket_mode.websockets")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return logger


_QUIET = _quiet_logger()
