"""What the stand-in remembers: workspaces, people, conversations, messages, views, files.

Plain dataclasses, mutated only by the stand-in while it holds its lock; the query API hands tests
deep copies, so an assertion can never change what the bot will see next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass
class Workspace:
    """One Slack workspace with the app installed: its ids, its bot user and the bot token."""

    team_id: str
    team_name: str
    domain: str
    app_id: str
    bot_user_id: str
    bot_id: str
    bot_token: str
    bot_name: str
    verification_token: str
    enterprise_id: str | None = None
    app_token: str = ""
    """The app-level token (`xapp-...`) for Socket Mode: it opens connections
    (`apps.connections.open`) and nothing else."""


@dataclass
class User:
    id: str
    team_id: str
    name: str
    real_name: str
    tz: str
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False
    bot_id: str | None = None
    app_id: str | None = None


@dataclass
class Channel:
    """A conversation: a public or private channel, or the bot's DM with one person."""

    id: str
    team_id: str
    name: str
    members: list[str]
    created: int
    is_private: bool = False
    is_im: bool = False
    im_user: str | None = None
    is_archived: bool = False


@dataclass
class MessageVersion:
    """An earlier text/blocks of a message, kept so tests can see what a person saw before."""

    text: str
    blocks: list[JSON]
    replaced_at: str


@dataclass
class Message:
    """A message in a conversation's timeline, as everyone in that conversation sees it."""

    channel: str
    ts: str
    user: str
    team: str
    text: str
    blocks: list[JSON] = field(default_factory=list)
    thread_ts: str | None = None
    reply_broadcast: bool = False
    files: list[JSON] = field(default_factory=list)
    attachments: list[JSON] = field(default_factory=list)
    metadata: JSON | None = None
    bot_id: str | None = None
    app_id: str | None = None
    edited_ts: str | None = None
    edits: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass
class Ephemeral:
    """A message only `user` sees, in `channel`; gone when they reload Slack."""

    channel: str
    user: str
    ts: str
    text: str
    blocks: list[JSON] = field(default_factory=list)
    thread_ts: str | None = None
    via: str = "chat.postEphemeral"
    edits: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False


@dataclass
class View:
    """A modal in someone's stack, or their Home tab. `data` is Slack's full view object."""

    id: str
    team_id: str
    user_id: str
    data: JSON
    errors: dict[str, str] = field(default_factory=dict)
    closed: bool = False

    @property
    def type(self) -> str:
        return str(self.data.get("type", ""))

    @property
    def blocks(self) -> list[JSON]:
        blocks: list[JSON] = self.data.get("blocks") or []
        return blocks


@dataclass
class StoredFile:
    """A file uploaded through files.getUploadURLExternal, with its bytes."""

    id: str
    team_id: str
    user: str
    name: str
    title: str
    length: int
    created: int
    alt_txt: str | None = None
    snippet_type: str | None = None
    data: bytes | None = None
    completed: bool = False
    channels: list[str] = field(default_factory=list)


@dataclass
class Call:
    """One Web API call as the stand-in received it (the token itself left out)."""

    method: str
    args: JSON
    at: float
    team_id: str | None
    status: int = 200
    error: str | None = None


@dataclass
class AcceptHook:
    """Run `then` once a call that `matches` has been carried out, before it is answered."""

    matches: Callable[[Call], bool]
    then: Callable[[], None]
    ran: threading.Event = field(default_factory=threading.Event)


@dataclass
class Trigger:
    """A trigger id handed to the bot with an interaction; views.open accepts it once, for 3 s."""

    id: str
    team_id: str
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class ResponseUrl:
    """Where the bot may answer an interaction: 5 uses within 30 minutes, like Slack's."""

    id: str
    team_id: str
    channel_id: str
    user_id: str
    issued_at: float
    source_ts: str | None = None
    source_is_ephemeral: bool = False
    uses: int = 0


@dataclass
class OAuthApp:
    """The app as Slack knows it for OAuth installs: its credentials, where Slack may send the
    installer back to, the scopes it may ask for, and whether its tokens rotate."""

    client_id: str
    client_secret: str
    redirect_urls: list[str]
    scopes: list[str]
    token_rotation: bool = True
    token_lifetime: float = 12 * 3600.0


@dataclass
class OAuthCode:
    """A consent code handed to the app's redirect URL: exchanged once, within ten minutes."""

    code: str
    team_id: str
    user_id: str
    scopes: list[str]
    redirect_uri: str | None
    issued_at: float
    used: bool = False


@dataclass
class Fault:
    """A scheduled failure: the next `remaining` calls (of `method`, if set) answer `status`;
    or, with `until`, every such call before that time (an outage)."""

    remaining: int
    status: int
    retry_after: int
    method: str | None = None
    until: float | None = None


@dataclass
class Slowness:
    """Every Web API call (of `method`, if set) before `until` is answered `seconds` late."""

    seconds: float
    until: float
    method: str | None = None


@dataclass
class CanvasVersion:
    """One change to a canvas: what it read afterwards, who made it, and how."""

    markdown: str
    by: str
    at: float
    operation: str
    """`create`, or the canvases.edit operation (`replace`, `insert_at_end`, …)."""


@dataclass
class Canvas:
    """A channel canvas: one per channel, made by the app (conversations.canvases.create) or by
    a person in Slack (`SlackStandIn.add_channel_canvas`). `markdown` is what people read now;
    `history` every version, the first being its creation."""

    id: str
    team_id: str
    channel_id: str
    title: str
    markdown: str
    created_by: str
    created: float
    history: list[CanvasVersion] = field(default_factory=list)
    deleted: bool = False
