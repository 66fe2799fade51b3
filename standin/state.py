"""The stand-in's memory and the rules every way into it shares.

The Web API, response URLs and the driver (acting as a person) all change the same workspace, so
posting a message, opening a DM or checking who may see a channel lives here once. Every method
expects the caller to hold `state.lock`: the HTTP server runs each request on its own thread and
the bot calls from many threads at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from standin.minting import Clock, IdFactory
from standin.records import (
    JSON,
    AcceptHook,
    Call,
    Canvas,
    CanvasVersion,
    Channel,
    Ephemeral,
    Fault,
    Message,
    MessageVersion,
    OAuthApp,
    OAuthCode,
    ResponseUrl,
    Slowness,
    StoredFile,
    Trigger,
    User,
    View,
    Workspace,
)
from standin.shapes import normalise_blocks

TRIGGER_LIFETIME = 3.0
RESPONSE_URL_LIFETIME = 30 * 60.0
RESPONSE_URL_USES = 5


class SlackError(Exception):
    """An answer `{"ok": false, "error": ...}`; `violation` marks a broken contract that fails
    the test, as opposed to a situation the bot should cope with (a revoked token, a channel it
    was removed from)."""

    def __init__(
        self,
        error: str,
        *,
        messages: list[str] | None = None,
        violation: bool = False,
        detail: str | None = None,
    ) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.violation = violation
        self.detail = detail

    def describe(self) -> str:
        parts = [self.error, *(self.messages or [])]
        if self.detail:
            parts.append(self.detail)
        return "; ".join(parts)


class SlackState:
    """Everything one stand-in knows. Guard every use with `with state.lock:`."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock or Clock()
        self.ids = IdFactory(self.clock)
        self.workspaces: dict[str, Workspace] = {}
        self.default_team_id = ""
        self.app_id = self.ids.new("A")
        """One app, whichever workspaces it is installed in."""
        self.tokens: dict[str, str] = {}
        """Every bot token Slack has issued, and the workspace it belongs to."""
        self.token_expiry: dict[str, float] = {}
        """Rotating tokens: when each stops working."""
        self.revoked_tokens: set[str] = set()
        self.app_tokens: dict[str, str] = {}
        """App-level tokens (`xapp-`) and their workspace: they open Socket Mode connections."""
        self.open_socket_link: Callable[[Workspace], str] | None = None
        """Set by the stand-in: hands out a one-time Socket Mode URL (apps.connections.open)."""
        self.oauth_app: OAuthApp | None = None
        self.oauth_codes: dict[str, OAuthCode] = {}
        self.refresh_tokens: dict[str, str] = {}
        """Refresh tokens not yet spent, and their workspace."""
        self.sessions: dict[str, tuple[str, str]] = {}
        """Browser sessions (Slack's `d` cookie): who is signed in to which workspace."""
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.timelines: dict[str, list[Message]] = {}
        self.ephemerals: list[Ephemeral] = []
        self.dms: dict[tuple[str, str], str] = {}
        self.views: dict[str, View] = {}
        self.modal_stacks: dict[tuple[str, str], list[str]] = {}
        self.homes: dict[tuple[str, str], str] = {}
        self.files: dict[str, StoredFile] = {}
        self.upload_keys: dict[str, str] = {}
        self.canvases: dict[str, Canvas] = {}
        self.canvases_off: dict[str, str] = {}
        """Workspaces that cannot have channel canvases, and the error Slack gives them."""
        self.pins: dict[str, list[str]] = {}
        """Each channel's pinned messages (their ts), in the order they were pinned."""
        self.pins_refused: set[str] = set()
        """Channels where the bot may not pin (pins.add: `permission_denied`)."""
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.calls: list[Call] = []
        self.connections = 0
        """HTTP connections opened to the stand-in's server."""
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.accept_hooks: list[AcceptHook] = []
        self.slowness: list[Slowness] = []

    # ----------------------------------------------------------------- directory

    def create_workspace(self, *, team_name: str, domain: str, bot_name: str) -> Workspace:
        ids = self.ids
        workspace = Workspace(
            team_id=ids.new("T"),
            team_name=team_name,
            domain=domain,
            app_id=self.app_id,
            bot_user_id=ids.new("U"),
            bot_id=ids.new("B"),
            bot_token=ids.bot_token(),
            bot_name=bot_name,
            verification_token=ids.secret(),
            app_token=ids.app_token(self.app_id),
        )
        self.workspaces[workspace.team_id] = workspace
        self.tokens[workspace.bot_token] = workspace.team_id
        self.app_tokens[workspace.app_token] = workspace.team_id
        if not self.default_team_id:
            self.default_team_id = workspace.team_id
        self.users[workspace.bot_user_id] = User(
            id=workspace.bot_user_id,
            team_id=workspace.team_id,
            name=bot_name,
            real_name=bot_name,
            tz="America/Los_Angeles",
            is_bot=True,
            bot_id=workspace.bot_id,
            app_id=workspace.app_id,
        )
        return workspace

    def workspace(self, team_id: str | None = None) -> Workspace:
        team_id = team_id or self.default_team_id
        try:
            return self.workspaces[team_id]
        except KeyError:
            raise LookupError(f"no workspace {team_id!r} in the stand-in") from None

    def revoke_workspace_tokens(self, team_id: str) -> None:
        """Every token of the workspace stops working, refresh tokens included (an uninstall)."""
        self.revoked_tokens.update(t for t, team in self.tokens.items() if team == team_id)
        for refresh, team in list(self.refresh_tokens.items()):
            if team == team_id:
                del self.refresh_tokens[refresh]

    def user_in(self, workspace: Workspace, user_id: str | None) -> User:
        """A person the workspace's bot can see: its own people, and people of other
        workspaces in its channels (Slack Connect), who keep their own `team_id`."""
        user = self.users.get(user_id or "")
        if user is None or (
            user.team_id != workspace.team_id and workspace.team_id not in self.connected(user.id)
        ):
            raise SlackError("user_not_found")
        return user

    def connected(self, user_id: str) -> list[str]:
        """The other workspaces whose channels the person is in through Slack Connect."""
        user = self.users.get(user_id)
        if user is None:
            return []
        return sorted(
            {
                c.team_id
                for c in self.channels.values()
                if not c.is_im and user_id in c.members and c.team_id != user.team_id
            }
        )

    def channel_for_bot(self, workspace: Workspace, channel_id: str | None) -> Channel:
        """A conversation the bot can see: public ones always, private ones and DMs only as a
        member (Slack answers `channel_not_found` for the rest, never "forbidden")."""
        channel = self.channels.get(channel_id or "")
        if channel is None or channel.team_id != workspace.team_id:
            raise SlackError("channel_not_found")
        if (channel.is_private or channel.is_im) and workspace.bot_user_id not in channel.members:
            raise SlackError("channel_not_found")
        return channel

    def require_bot_member(self, workspace: Workspace, channel: Channel) -> None:
        if workspace.bot_user_id not in channel.members:
            raise SlackError("not_in_channel")

    def open_dm(self, workspace: Workspace, user_id: str) -> tuple[Channel, bool]:
        """The bot's DM with a person, created on first use; the same id ever after."""
        self.user_in(workspace, user_id)
        key = (workspace.team_id, user_id)
        existing = self.dms.get(key)
        if existing is not None:
            return self.channels[existing], False
        channel = Channel(
            id=self.ids.new("D"),
            team_id=workspace.team_id,
            name=user_id,
            members=[workspace.bot_user_id, user_id],
            created=int(self.clock.now()),
            is_private=True,
            is_im=True,
            im_user=user_id,
        )
        self.channels[channel.id] = channel
        self.timelines[channel.id] = []
        self.dms[key] = channel.id
        return channel, True

    # ----------------------------------------------------------------- messages

    def post_message(
        self,
        workspace: Workspace,
        channel: Channel,
        *,
        user: str,
        text: str,
        blocks: list[Any] | None = None,
        thread_ts: str | None = None,
        reply_broadcast: bool = False,
        files: list[JSON] | None = None,
        attachments: list[JSON] | None = None,
        metadata: JSON | None = None,
        by_bot: bool = True,
    ) -> Message:
        if thread_ts is not None:
            self._check_thread_parent(channel, thread_ts)
        message = Message(
            channel=channel.id,
            ts=self.ids.ts(),
            user=user,
            team=workspace.team_id,
            text=text,
            blocks=normalise_blocks(blocks or []),
            thread_ts=thread_ts,
            reply_broadcast=reply_broadcast,
            files=list(files or []),
            attachments=list(attachments or []),
            metadata=metadata,
            bot_id=workspace.bot_id if by_bot else None,
            app_id=workspace.app_id if by_bot else None,
        )
        self.timelines.setdefault(channel.id, []).append(message)
        return message

    def _check_thread_parent(self, channel: Channel, thread_ts: str) -> None:
        parent = self.find_message(channel.id, thread_ts)
        if parent is None:
            self.violation(
                f"thread_ts {thread_ts} is not a message in {channel.id}: the reply would start a "
                "thread nobody can open"
            )
        elif parent.is_reply:
            self.violation(
                f"thread_ts {thread_ts} is itself a reply in {channel.id}; Slack asks for the "
                "parent's ts"
            )

    def find_message(self, channel_id: str, ts: str | None) -> Message | None:
        for message in self.timelines.get(channel_id, []):
            if message.ts == ts and not message.deleted:
                return message
        return None

    def edit_message(self, message: Message, *, text: str, blocks: list[Any] | None) -> None:
        message.edits.append(
            MessageVersion(text=message.text, blocks=message.blocks, replaced_at=self.ids.ts())
        )
        message.text = text
        if blocks is not None:
            message.blocks = normalise_blocks(blocks)
        message.edited_ts = message.edits[-1].replaced_at

    def edit_ephemeral(self, ephemeral: Ephemeral, *, text: str, blocks: list[Any] | None) -> None:
        ephemeral.edits.append(
            MessageVersion(text=ephemeral.text, blocks=ephemeral.blocks, replaced_at=self.ids.ts())
        )
        ephemeral.text = text
        ephemeral.blocks = normalise_blocks(blocks or [])

    def replies(self, message: Message) -> list[Message]:
        return [
            m
            for m in self.timelines.get(message.channel, [])
            if m.thread_ts == message.ts and m.is_reply and not m.deleted
        ]

    def reply_info(self, message: Message) -> JSON:
        """The thread fields Slack adds to a parent message, and `parent_user_id` to a reply."""
        if message.is_reply:
            parent = self.find_message(message.channel, message.thread_ts)
            return {"parent_user_id": parent.user if parent else ""}
        replies = self.replies(message)
        if not replies:
            return {}
        users = list(dict.fromkeys(r.user for r in replies))
        return {
            "thread_ts": message.ts,
            "reply_count": len(replies),
            "reply_users_count": len(users),
            "latest_reply": replies[-1].ts,
            "reply_users": users,
            "is_locked": False,
            "subscribed": False,
        }

    def post_ephemeral(
        self,
        channel: Channel,
        *,
        user: str,
        text: str,
        blocks: list[Any] | None,
        thread_ts: str | None = None,
        via: str = "chat.postEphemeral",
    ) -> Ephemeral:
        ephemeral = Ephemeral(
            channel=channel.id,
            user=user,
            ts=self.ids.ts(),
            text=text,
            blocks=normalise_blocks(blocks or []),
            thread_ts=thread_ts,
            via=via,
        )
        self.ephemerals.append(ephemeral)
        return ephemeral

    def find_ephemeral(self, channel_id: str, ts: str | None) -> Ephemeral | None:
        for ephemeral in self.ephemerals:
            if ephemeral.channel == channel_id and ephemeral.ts == ts and not ephemeral.deleted:
                return ephemeral
        return None

    # ----------------------------------------------------------------- interactions

    def issue_trigger(self, workspace: Workspace, user_id: str) -> Trigger:
        trigger = Trigger(
            id=self.ids.trigger_id(),
            team_id=workspace.team_id,
            user_id=user_id,
            issued_at=self.clock.now(),
        )
        self.triggers[trigger.id] = trigger
        return trigger

    def take_trigger(self, workspace: Workspace, trigger_id: str | None) -> Trigger:
        """Exchange a trigger id for the right to open a view: once, within three seconds."""
        trigger = self.triggers.get(trigger_id or "")
        if trigger is None or trigger.team_id != workspace.team_id:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if self.clock.now() - trigger.issued_at > TRIGGER_LIFETIME:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger

    def issue_response_url(
        self,
        workspace: Workspace,
        *,
        channel_id: str,
        user_id: str,
        source_ts: str | None = None,
        source_is_ephemeral: bool = False,
    ) -> ResponseUrl:
        response_url = ResponseUrl(
            id=f"{workspace.team_id}/{self.ids.new('', 13)}/{self.ids.secret()}",
            team_id=workspace.team_id,
            channel_id=channel_id,
            user_id=user_id,
            issued_at=self.clock.now(),
            source_ts=source_ts,
            source_is_ephemeral=source_is_ephemeral,
        )
        self.response_urls[response_url.id] = response_url
        return response_url

    # ----------------------------------------------------------------- views

    def modal_stack(self, team_id: str, user_id: str) -> list[str]:
        return self.modal_stacks.setdefault((team_id, user_id), [])

    def find_view(self, workspace: Workspace, view_id: str | None) -> View | None:
        view = self.views.get(view_id or "")
        if view is None or view.team_id != workspace.team_id or view.closed:
            return None
        return view

    def view_by_external_id(self, workspace: Workspace, external_id: str) -> View | None:
        for view in self.views.values():
            if (
                view.team_id == workspace.team_id
                and not view.closed
                and view.data.get("external_id") == external_id
            ):
                return view
        return None

    # ----------------------------------------------------------------- canvases

    def channel_canvas(self, channel_id: str) -> Canvas | None:
        """The channel's canvas, if it has one (a channel has at most one)."""
        for canvas in self.canvases.values():
            if canvas.channel_id == channel_id and not canvas.deleted:
                return canvas
        return None

    def create_canvas(
        self, workspace: Workspace, channel: Channel, *, title: str, markdown: str, by: str
    ) -> Canvas:
        now = self.clock.now()
        canvas = Canvas(
            id=self.ids.new("F"),
            team_id=workspace.team_id,
            channel_id=channel.id,
            title=title,
            markdown=markdown,
            created_by=by,
            created=now,
            history=[CanvasVersion(markdown=markdown, by=by, at=now, operation="create")],
        )
        self.canvases[canvas.id] = canvas
        return canvas

    # ----------------------------------------------------------------- bookkeeping

    def violation(self, text: str) -> None:
        """Record a broken contract: the `standin` fixture fails the test that caused it."""
        self.violations.append(text)
