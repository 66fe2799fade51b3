"""`SlackStandIn`: a Slack of our own on loopback, for tests and `readiness demo`.

A real HTTP server the bot reaches through slack_sdk's `WebClient(base_url=standin.api_url)`,
answering the Web API, response URLs and file uploads as Slack does, and remembering what each
person would see. Tests arrange a workspace (`add_user`, `add_channel`), act as people through
`SlackDriver`, and assert on what people see (`dm`, `messages`, `ephemerals`, `open_views`,
`canvas`, `visible_text`). Anything the bot does that real Slack would refuse is answered with
Slack's error and recorded in `violations`.

Standard library only, but for Socket Mode's websocket server (`websockets`, one of the
app's own dependencies): the demo runs it on machines without the test dependencies.
"""

from __future__ import annotations

import copy
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit

from standin.api_canvases import OFF_DISABLED, OFF_FREE_PLAN
from standin.api_files import DOWNLOAD_PATH, UPLOAD_PATH, receive_upload, serve_download
from standin.minting import Clock
from standin.oauth import AUTHORIZE_PATH, authorize
from standin.records import (
    AcceptHook,
    Call,
    Canvas,
    Channel,
    Ephemeral,
    Fault,
    Message,
    OAuthApp,
    Slowness,
    StoredFile,
    User,
    View,
    Workspace,
)
from standin.request import bearer_token
from standin.response_urls import RESPONSE_PATH, receive_response
from standin.schema_check import preload as preload_schemas
from standin.socket_mode import SocketModeServer
from standin.state import SlackState
from standin.visible import visible_text
from standin.web_api import HttpAnswer, delay_for, handle_api_call, json_answer

T = TypeVar("T")

API_PATH = "/api/"


IDLE_CONNECTION_SECONDS = 60.0
"""A connection to the stand-in idle this long is closed by it, as a server or load balancer
in front of Slack's API closes one (their idle timeouts are a minute or more)."""

WAIT_SECONDS = 15.0
"""How long a wait for what the bot shows lasts by default: generous, because a CI machine
running two test workers beside other work can take seconds to answer; a wait that succeeds
returns as soon as the bot has shown it, so only a failing test ever waits this long."""


class SlackStandIn:
    """A fake Slack on `127.0.0.1:<free port>`, one workspace to begin with.

    Use as a context manager (`with SlackStandIn() as slack:`) or call `start()` and `stop()`.
    """

    def __init__(
        self,
        *,
        team_name: str = "Sandbox Co",
        domain: str = "sandbox-co",
        bot_name: str = "readiness",
        clock: Clock | None = None,
        idle_connection_seconds: float = IDLE_CONNECTION_SECONDS,
    ) -> None:
        self.state = SlackState(clock)
        self.idle_connection_seconds = idle_connection_seconds
        self.clock = self.state.clock
        with self.state.lock:
            self._workspace = self.state.create_workspace(
                team_name=team_name, domain=domain, bot_name=bot_name
            )
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.socket_mode = SocketModeServer(self.state)
        """Socket Mode: connections the app opens with `apps.connections.open`, the envelopes
        sent on them, and the controls a test uses to refresh, drop or lose an ack."""
        self.state.open_socket_link = self.socket_mode.open_link

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> SlackStandIn:
        if self._server is not None:
            return self
        preload_schemas()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.standin = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="slack-stand-in",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        self.socket_mode.stop()
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`, without a trailing slash."""
        if self._server is None:
            raise RuntimeError("the Slack stand-in is not running: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """The Web API base URL for `slack_sdk.WebClient(base_url=...)`."""
        return self.base_url + API_PATH

    # ----------------------------------------------------------------- arranging

    @property
    def workspace(self) -> Workspace:
        """The workspace the stand-in starts with (its ids, bot user and bot token)."""
        return self._workspace

    def add_workspace(
        self, *, team_name: str, domain: str, bot_name: str = "readiness"
    ) -> Workspace:
        """Install the app in one more workspace, with its own bot token."""
        with self.state.lock:
            return self.state.create_workspace(
                team_name=team_name, domain=domain, bot_name=bot_name
            )

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        real_name: str | None = None,
        tz: str = "Europe/London",
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        workspace: Workspace | None = None,
    ) -> User:
        if user_id[:1] not in ("U", "W"):
            raise ValueError(f"Slack user ids start with U or W, not {user_id!r}")
        team_id = (workspace or self._workspace).team_id
        with self.state.lock:
            if user_id in self.state.users:
                raise ValueError(f"user {user_id} already exists")
            user = User(
                id=user_id,
                team_id=team_id,
                name=name,
                real_name=real_name or name.capitalize(),
                tz=tz,
                is_admin=is_admin,
                is_owner=is_owner,
                is_bot=is_bot,
            )
            self.state.users[user_id] = user
            return copy.deepcopy(user)

    def add_channel(
        self,
        channel_id: str,
        name: str,
        members: Iterable[str] = (),
        *,
        is_private: bool = False,
        include_bot: bool = True,
        workspace: Workspace | None = None,
    ) -> Channel:
        """A channel with these members; the bot is invited too unless `include_bot=False`."""
        if channel_id[:1] not in ("C", "G"):
            raise ValueError(
                f"channel ids start with C (or G for old private ones): {channel_id!r}"
            )
        workspace = workspace or self._workspace
        with self.state.lock:
            if channel_id in self.state.channels:
                raise ValueError(f"channel {channel_id} already exists")
            people = list(dict.fromkeys(members))
            for user_id in people:
                self._require_user(user_id, workspace)
            if include_bot and workspace.bot_user_id not in people:
                people.append(workspace.bot_user_id)
            channel = Channel(
                id=channel_id,
                team_id=workspace.team_id,
                name=name,
                members=people,
                created=int(self.clock.now()),
                is_private=is_private,
            )
            self.state.channels[channel_id] = channel
            self.state.timelines[channel_id] = []
            return copy.deepcopy(channel)

    def add_members(self, channel_id: str, *user_ids: str) -> None:
        with self.state.lock:
            channel = self.state.channels[channel_id]
            for user_id in user_ids:
                self._require_user(user_id, self.state.workspace(channel.team_id))
                if user_id not in channel.members:
                    channel.members.append(user_id)

    def connect_members(self, channel_id: str, *user_ids: str) -> None:
        """Slack Connect: people of other workspaces join the channel. They keep their own
        workspace (`user.team_id` in what Slack sends), the bot of the channel's workspace can see
        and DM them, and their clicks come to it with the channel's workspace as `team`."""
        with self.state.lock:
            channel = self.state.channels[channel_id]
            for user_id in user_ids:
                user = self.state.users.get(user_id)
                if user is None or user.team_id == channel.team_id:
                    raise ValueError(f"{user_id} is not someone from another workspace")
                if user_id not in channel.members:
                    channel.members.append(user_id)

    def remove_members(self, channel_id: str, *user_ids: str) -> None:
        with self.state.lock:
            channel = self.state.channels[channel_id]
            channel.members = [m for m in channel.members if m not in user_ids]

    def add_channel_canvas(
        self, channel_id: str, markdown: str, by_user: str, *, title: str = ""
    ) -> Canvas:
        """A person gives the channel its canvas in Slack (not the app): the channel's one
        canvas, so the app's conversations.canvases.create is then refused."""
        with self.state.lock:
            channel = self.state.channels[channel_id]
            workspace = self.state.workspace(channel.team_id)
            self._require_user(by_user, workspace)
            if by_user not in channel.members:
                raise ValueError(f"{by_user} is not in {channel_id}")
            if self.state.channel_canvas(channel_id) is not None:
                raise ValueError(f"{channel_id} already has a canvas")
            canvas = self.state.create_canvas(
                workspace, channel, title=title, markdown=markdown, by=by_user
            )
            return copy.deepcopy(canvas)

    def switch_off_canvases(
        self, *, free_plan: bool = False, workspace: Workspace | None = None
    ) -> None:
        """The workspace cannot have channel canvases: on the free plan
        (conversations.canvases.create answers `team_tier_cannot_create_channel_canvases`), or
        with canvases disabled (`canvas_disabled_user_team`, for canvases.edit too)."""
        team_id = (workspace or self._workspace).team_id
        with self.state.lock:
            self.state.canvases_off[team_id] = OFF_FREE_PLAN if free_plan else OFF_DISABLED

    def remove_channel_canvas(self, channel_id: str) -> None:
        """A person deletes the channel's canvas in Slack (whoever made it): the channel has
        none, and canvases.edit on it answers `canvas_not_found`."""
        with self.state.lock:
            canvas = self.state.channel_canvas(channel_id)
            if canvas is None:
                raise ValueError(f"{channel_id} has no canvas")
            canvas.deleted = True

    def refuse_pins(self, channel_id: str) -> None:
        """Pinning in the channel is limited to some people, not the bot (pins.add answers
        `permission_denied`)."""
        with self.state.lock:
            self.state.pins_refused.add(channel_id)

    def pinned(self, channel_id: str) -> list[str]:
        """The ts of the channel's pinned messages, in the order they were pinned."""
        with self.state.lock:
            return list(self.state.pins.get(channel_id, []))

    def switch_on_canvases(self, *, workspace: Workspace | None = None) -> None:
        with self.state.lock:
            self.state.canvases_off.pop((workspace or self._workspace).team_id, None)

    def _require_user(self, user_id: str, workspace: Workspace) -> None:
        user = self.state.users.get(user_id)
        if user is None or user.team_id != workspace.team_id:
            raise ValueError(f"no user {user_id} in {workspace.team_id}: add_user it first")

    def _team_of(self, user_id: str, workspace: Workspace | None) -> str:
        """The workspace asked for, or else the person's own (people belong to one), or for a
        Slack Connect member, that of the channel they joined: where the app met them."""
        if workspace is not None:
            return workspace.team_id
        user = self.state.users.get(user_id)
        if user is None:
            return self._workspace.team_id
        connected = self.state.connected(user_id)
        return connected[0] if connected else user.team_id

    def dm_channel_id(self, user_id: str, *, workspace: Workspace | None = None) -> str:
        """The bot's DM with a person (opened now if it was not yet), as conversations.open."""
        with self.state.lock:
            channel, _ = self.state.open_dm(workspace or self._workspace, user_id)
            return channel.id

    def register_oauth_app(
        self,
        *,
        redirect_urls: Iterable[str],
        scopes: Iterable[str],
        token_rotation: bool = True,
        token_lifetime: float = 12 * 3600.0,
    ) -> OAuthApp:
        """Let the app be installed through OAuth; returns its client id and secret. Its tokens
        rotate (expiring after `token_lifetime` seconds) unless `token_rotation=False`."""
        with self.state.lock:
            app = OAuthApp(
                client_id=f"{self.state.ids.new('', 10)}.{self.state.ids.new('', 12)}",
                client_secret=self.state.ids.secret(32).lower(),
                redirect_urls=list(redirect_urls),
                scopes=list(scopes),
                token_rotation=token_rotation,
                token_lifetime=token_lifetime,
            )
            self.state.oauth_app = app
            return copy.deepcopy(app)

    def allow_redirect_url(self, url: str) -> None:
        """Add a redirect URL to the app's OAuth settings (the bot's address is known only once
        it listens)."""
        with self.state.lock:
            if self.state.oauth_app is None:
                raise RuntimeError("register_oauth_app first")
            self.state.oauth_app.redirect_urls.append(url)

    @property
    def authorize_url(self) -> str:
        """Slack's consent page, for the app's `authorization_url` setting."""
        return self.base_url + AUTHORIZE_PATH

    def sign_in(self, user_id: str, *, workspace: Workspace | None = None) -> str:
        """A browser session for the person (the value of Slack's `d` cookie)."""
        workspace = workspace or self._workspace
        with self.state.lock:
            self._require_user(user_id, workspace)
            session = self.state.ids.secret(40)
            self.state.sessions[session] = (workspace.team_id, user_id)
            return session

    def tokens_of(self, workspace: Workspace | None = None) -> list[str]:
        """Every token issued for the workspace and still working, oldest first."""
        team_id = (workspace or self._workspace).team_id
        with self.state.lock:
            now = self.clock.now()
            return [
                token
                for token, team in self.state.tokens.items()
                if team == team_id
                and token not in self.state.revoked_tokens
                and self.state.token_expiry.get(token, now + 1) > now
            ]

    def revoke_tokens(self, workspace: Workspace | None = None) -> None:
        """Revoke the workspace's tokens (refresh tokens too): later calls answer
        `token_revoked`, as after an uninstall."""
        with self.state.lock:
            self.state.revoke_workspace_tokens((workspace or self._workspace).team_id)

    def when_accepted(
        self, matches: Callable[[Call], bool], then: Callable[[], None]
    ) -> threading.Event:
        """Once, when a Web API call that `matches` has been carried out (its effect is in the
        workspace: the message posted, the file shared), run `then` before answering it: as if
        the caller died the moment Slack accepted its call. Returns an event set once it ran."""
        hook = AcceptHook(matches, then)
        with self.state.lock:
            self.state.accept_hooks.append(hook)
        return hook.ran

    def fail_next(
        self, n: int = 1, *, status: int = 429, retry_after: int = 1, method: str | None = None
    ) -> None:
        """The next `n` Web API calls (of `method` only, if given) fail: 429 with `Retry-After`
        and `{"ok": false, "error": "ratelimited"}`, or the given 5xx."""
        if status != 429 and not 500 <= status <= 599:
            raise ValueError(f"fail_next injects 429 or a 5xx, not {status}")
        with self.state.lock:
            self.state.faults.append(
                Fault(remaining=n, status=status, retry_after=retry_after, method=method)
            )

    def fail_for(
        self,
        seconds: float,
        *,
        status: int = 503,
        retry_after: int = 1,
        method: str | None = None,
    ) -> None:
        """An outage: every Web API call (of `method` only, if given) for the next `seconds`
        answers 429 with `Retry-After`, or the given 5xx. Several may overlap (the first that
        matches answers)."""
        if status != 429 and not 500 <= status <= 599:
            raise ValueError(f"fail_for injects 429 or a 5xx, not {status}")
        with self.state.lock:
            self.state.faults.append(
                Fault(
                    remaining=0,
                    status=status,
                    retry_after=retry_after,
                    method=method,
                    until=self.clock.now() + seconds,
                )
            )

    def slow_down(self, seconds: float, *, for_seconds: float, method: str | None = None) -> None:
        """For the next `for_seconds`, answer every Web API call (of `method`) `seconds` late."""
        with self.state.lock:
            self.state.slowness.append(
                Slowness(seconds=seconds, until=self.clock.now() + for_seconds, method=method)
            )

    # ----------------------------------------------------------------- driver-facing

    def issue_trigger(self, user_id: str, *, workspace: Workspace | None = None) -> str:
        """A fresh trigger id for an interaction by `user_id`, valid once for three seconds."""
        with self.state.lock:
            return self.state.issue_trigger(workspace or self._workspace, user_id).id

    def issue_response_url(
        self,
        *,
        channel_id: str,
        user_id: str,
        source_ts: str | None = None,
        source_is_ephemeral: bool = False,
        workspace: Workspace | None = None,
    ) -> str:
        with self.state.lock:
            response_url = self.state.issue_response_url(
                workspace or self._workspace,
                channel_id=channel_id,
                user_id=user_id,
                source_ts=source_ts,
                source_is_ephemeral=source_is_ephemeral,
            )
        return f"{self.base_url}{RESPONSE_PATH}{response_url.id}"

    # ----------------------------------------------------------------- what people see

    @property
    def violations(self) -> list[str]:
        """Everything the bot did that Slack would refuse (the live list)."""
        return self.state.violations

    def take_violations(self) -> list[str]:
        """The violations so far, cleared: for tests that provoke one on purpose."""
        with self.state.lock:
            taken = list(self.state.violations)
            self.state.violations.clear()
            return taken

    @property
    def connections(self) -> int:
        """HTTP connections opened to the stand-in so far (Web API calls, response URLs,
        uploads): fewer than the calls when callers keep their connections open."""
        with self.state.lock:
            return self.state.connections

    @property
    def calls(self) -> list[Call]:
        """Every Web API call (and response URL post) so far, oldest first."""
        with self.state.lock:
            return copy.deepcopy(self.state.calls)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def messages(self, channel_id: str, *, include_replies: bool = False) -> list[Message]:
        """The channel's timeline now, oldest first: edits applied, deletions gone; thread
        replies only if asked (or broadcast to the channel)."""
        with self.state.lock:
            return copy.deepcopy(
                [
                    m
                    for m in self.state.timelines.get(channel_id, [])
                    if not m.deleted and (include_replies or not m.is_reply or m.reply_broadcast)
                ]
            )

    def message(self, channel_id: str, ts: str) -> Message | None:
        with self.state.lock:
            return copy.deepcopy(self.state.find_message(channel_id, ts))

    def dm(self, user_id: str, *, workspace: Workspace | None = None) -> list[Message]:
        """The bot's DM with a person, as they see it (their own messages included)."""
        with self.state.lock:
            team_id = self._team_of(user_id, workspace)
            channel_id = self.state.dms.get((team_id, user_id))
        return self.messages(channel_id, include_replies=True) if channel_id else []

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        """A thread: its parent, then its replies."""
        with self.state.lock:
            parent = self.state.find_message(channel_id, ts)
            if parent is None:
                return []
            return copy.deepcopy([parent, *self.state.replies(parent)])

    def ephemerals(self, user_id: str, channel_id: str | None = None) -> list[Ephemeral]:
        """Messages only `user_id` sees (in `channel_id`, if given), oldest first."""
        with self.state.lock:
            return copy.deepcopy(
                [
                    e
                    for e in self.state.ephemerals
                    if e.user == user_id
                    and not e.deleted
                    and (channel_id is None or e.channel == channel_id)
                ]
            )

    def home(self, user_id: str, *, workspace: Workspace | None = None) -> View | None:
        """The Home tab last published for a person, if any."""
        with self.state.lock:
            team_id = self._team_of(user_id, workspace)
            view_id = self.state.homes.get((team_id, user_id))
            return copy.deepcopy(self.state.views[view_id]) if view_id else None

    def open_views(self, user_id: str, *, workspace: Workspace | None = None) -> list[View]:
        """The person's modal stack, bottom first; the last one is on screen."""
        with self.state.lock:
            team_id = self._team_of(user_id, workspace)
            stack = self.state.modal_stacks.get((team_id, user_id), [])
            return copy.deepcopy([self.state.views[view_id] for view_id in stack])

    def view(self, view_id: str) -> View | None:
        with self.state.lock:
            return copy.deepcopy(self.state.views.get(view_id))

    def files(self, channel_id: str | None = None) -> list[StoredFile]:
        """Uploaded files with their bytes (shared into `channel_id`, if given)."""
        with self.state.lock:
            return copy.deepcopy(
                [
                    f
                    for f in self.state.files.values()
                    if f.completed and (channel_id is None or channel_id in f.channels)
                ]
            )

    def canvas(self, channel_id: str) -> Canvas | None:
        """The channel's canvas as people see it now (its markdown, title, who made it) with
        every version in `history`; None if the channel has none."""
        with self.state.lock:
            return copy.deepcopy(self.state.channel_canvas(channel_id))

    visible_text = staticmethod(visible_text)

    def wait_for(
        self,
        predicate: Callable[[], T | None],
        timeout: float = WAIT_SECONDS,
        *,
        description: str | None = None,
    ) -> T:
        """Poll until `predicate()` is truthy and return its value: the bot answers after it
        has acknowledged, so what it posts appears a moment later.

        A predicate that raises LookupError or AssertionError counts as "not yet". On timeout
        the AssertionError names what was awaited and the last calls the bot made.
        """
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while True:
            try:
                result = predicate()
            except (LookupError, AssertionError) as error:
                last_error = error
            else:
                if result:
                    return result
            if time.monotonic() >= deadline:
                break
            time.sleep(0.02)
        what = description or getattr(predicate, "__qualname__", repr(predicate))
        recent = [f"  {c.method}{' -> ' + c.error if c.error else ''}" for c in self.calls[-10:]]
        lines = [f"timed out after {timeout} s waiting for {what}"]
        if last_error is not None:
            lines.append(f"last check raised: {last_error!r}")
        lines += ["last calls to the stand-in:", *(recent or ["  (none)"])]
        if self.violations:
            lines += ["violations:", *(f"  {v}" for v in self.violations)]
        raise AssertionError("\n".join(lines)) from last_error


class _HungUp(Exception):
    """The caller hung up before its request was complete (a bot process killed mid-call)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Slack takes every connection; the default backlog of 5 would reset some under load.
    request_queue_size = 1024
    standin: SlackStandIn


class _Handler(BaseHTTPRequestHandler):
    """Routes `/api/<method>`, `/response/<id>`, `/upload/v1/<key>` and `/files-pri/...`."""

    server_version = "SlackStandIn/1"
    # As Slack's servers do: connections stay open between calls (HTTP/1.1), a connection idle
    # for a while is closed, and an answer goes out as soon as it is written.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self) -> None:
        server = self.server
        assert isinstance(server, _Server)
        super().setup()
        self.connection.settimeout(server.standin.idle_connection_seconds)
        with server.standin.state.lock:
            server.standin.state.connections += 1

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the calls log and violations say what happened."""

    def _route(self) -> None:
        server = self.server
        assert isinstance(server, _Server)
        standin = server.standin
        state = standin.state
        try:
            answer = self._answer(standin)
        except _HungUp:
            self.close_connection = True
            return
        except Exception:
            with state.lock:
                state.violation(f"the stand-in failed on {self.path}:\n{traceback.format_exc()}")
            answer = json_answer(500, {"ok": False, "error": "internal_error"})
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            # The caller is gone (a bot process killed mid-call): what it asked for is done,
            # as at Slack, and nobody is left to tell.
            self.close_connection = True

    def _answer(self, standin: SlackStandIn) -> HttpAnswer:
        parts = urlsplit(self.path)
        path = parts.path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            raise _HungUp  # the request never arrived whole: nothing to act on
        content_type = self.headers.get("Content-Type") or ""
        state = standin.state
        if path.startswith(API_PATH):
            with state.lock:
                delay = delay_for(state, path[len(API_PATH) :])
            if delay:
                time.sleep(delay)
            return handle_api_call(
                state,
                method=path[len(API_PATH) :],
                query=parts.query,
                headers=dict(self.headers.items()),
                body=body,
                content_type=content_type,
                server_url=standin.base_url,
            )
        if path.startswith(RESPONSE_PATH) and self.command == "POST":
            with state.lock:
                response = receive_response(state, path[len(RESPONSE_PATH) :], content_type, body)
            return json_answer(response.status, response.body)
        if path.startswith(UPLOAD_PATH) and self.command == "POST":
            with state.lock:
                upload = receive_upload(state, path[len(UPLOAD_PATH) :], content_type, body)
            return HttpAnswer(
                upload.status, {"Content-Type": "text/plain"}, upload.text.encode("utf-8")
            )
        if path == AUTHORIZE_PATH and self.command == "GET":
            with state.lock:
                status, headers, page = authorize(state, parts.query, dict(self.headers.items()))
            return HttpAnswer(status, headers, page.encode("utf-8"))
        if path.startswith(DOWNLOAD_PATH) and self.command == "GET":
            with state.lock:
                status, data = serve_download(state, path, bearer_token(dict(self.headers.items())))
            return HttpAnswer(status, {"Content-Type": "application/octet-stream"}, data)
        return HttpAnswer(404, {"Content-Type": "text/plain"}, b"not found")
