"""Every surface the stand-in recorded, and who could see it: the input to a privacy sweep.

A surface is one thing a person could read: a message in a conversation (thread replies too, and
each earlier version of an edited message; deleted ones as well, since someone read them first),
an ephemeral message (and its earlier versions), a Home tab or modal as it is now, each view the
bot sent with views.open/push/update/publish (so earlier versions of a Home count too), and each
uploaded file (its name, title and alt text). `viewers` are the people, never bots, who could see
it: a conversation's members, an ephemeral's or a view's one person, and for a file the members of
every conversation it was shared into.

Read-only: it copies what it reads under the stand-in's lock and changes nothing.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from standin.records import JSON, Channel, MessageVersion
from standin.state import SlackState
from standin.visible import visible_text

if TYPE_CHECKING:
    from standin.server import SlackStandIn

VIEW_METHODS = ("views.open", "views.push", "views.update", "views.publish")


@dataclass(frozen=True)
class Surface:
    """One thing people could read, and who they are."""

    kind: str
    """message, message version, ephemeral, ephemeral version, home, modal, home as sent,
    modal as sent (each view the bot sent), or file."""
    where: str
    """The conversation (messages, ephemerals), the person (views) or the file id."""
    ref: str
    """The message ts, view id or file id."""
    viewers: frozenset[str]
    text: str
    """What a person reads: the visible text, plus a message's notification text."""
    content: JSON = field(default_factory=dict)
    """The raw record: a message's text/blocks/files, a view's data, a file's name/title/alt."""
    thread_ts: str | None = None


def recorded_surfaces(standin: SlackStandIn) -> list[Surface]:
    """Every surface recorded so far, in the order the stand-in holds them."""
    state = standin.state
    with state.lock:
        found = _messages(state) + _ephemerals(state) + _views(state) + _files(state)
        return copy.deepcopy(found)


def _people(state: SlackState, user_ids: list[str]) -> frozenset[str]:
    return frozenset(u for u in user_ids if not (state.users.get(u) and state.users[u].is_bot))


def _channel_viewers(state: SlackState, channel: Channel | None) -> frozenset[str]:
    return _people(state, list(channel.members)) if channel is not None else frozenset()


def _words(text: str, blocks: list[JSON], extra: list[JSON] | None = None) -> str:
    shown = visible_text({"text": text, "blocks": blocks, "files": extra or []})
    return shown if not blocks or text in shown else f"{shown}\n{text}"


def _messages(state: SlackState) -> list[Surface]:
    surfaces: list[Surface] = []
    for channel_id, timeline in state.timelines.items():
        viewers = _channel_viewers(state, state.channels.get(channel_id))
        for message in timeline:
            thread = message.thread_ts if message.is_reply else None
            versions: list[tuple[str, MessageVersion]] = [
                ("message version", v) for v in message.edits
            ]
            current = MessageVersion(text=message.text, blocks=message.blocks, replaced_at="")
            for kind, version in [*versions, ("message", current)]:
                content = {"text": version.text, "blocks": version.blocks, "files": message.files}
                text = _words(version.text, version.blocks, message.files)
                for attachment in message.attachments:
                    text += "\n" + "\n".join(
                        str(attachment.get(k) or "") for k in ("pretext", "title", "text")
                    )
                surfaces.append(
                    Surface(kind, channel_id, message.ts, viewers, text, content, thread)
                )
    return surfaces


def _ephemerals(state: SlackState) -> list[Surface]:
    surfaces: list[Surface] = []
    for ephemeral in state.ephemerals:
        current = MessageVersion(text=ephemeral.text, blocks=ephemeral.blocks, replaced_at="")
        for kind, version in [
            *(("ephemeral version", v) for v in ephemeral.edits),
            ("ephemeral", current),
        ]:
            content = {"text": version.text, "blocks": version.blocks}
            surfaces.append(
                Surface(
                    kind,
                    ephemeral.channel,
                    ephemeral.ts,
                    _people(state, [ephemeral.user]),
                    _words(version.text, version.blocks),
                    content,
                    ephemeral.thread_ts,
                )
            )
    return surfaces


def _views(state: SlackState) -> list[Surface]:
    surfaces = [
        Surface(
            "home" if view.type == "home" else "modal",
            view.user_id,
            view.id,
            _people(state, [view.user_id]),
            visible_text(view.data),
            view.data,
        )
        for view in state.views.values()
    ]
    for call in state.calls:
        if call.method not in VIEW_METHODS or call.error is not None:
            continue
        data = _decoded(call.args.get("view"))
        owner = _view_owner(state, call.method, call.args)
        if data is not None and owner is not None:
            kind = "home as sent" if data.get("type") == "home" else "modal as sent"
            shown = visible_text(data)
            surfaces.append(Surface(kind, owner, call.method, _people(state, [owner]), shown, data))
    return surfaces


def _view_owner(state: SlackState, method: str, args: JSON) -> str | None:
    if method == "views.publish":
        return str(args.get("user_id") or "") or None
    if method in ("views.open", "views.push"):
        trigger = state.triggers.get(str(args.get("trigger_id") or ""))
        return trigger.user_id if trigger is not None else None
    view = state.views.get(str(args.get("view_id") or ""))
    if view is None:
        external = args.get("external_id")
        view = next(
            (v for v in state.views.values() if external and v.data.get("external_id") == external),
            None,
        )
    return view.user_id if view is not None else None


def _decoded(value: Any) -> JSON | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _files(state: SlackState) -> list[Surface]:
    surfaces = []
    for stored in state.files.values():
        if not stored.completed:
            continue
        viewers: frozenset[str] = frozenset()
        for channel_id in stored.channels:
            viewers |= _channel_viewers(state, state.channels.get(channel_id))
        words = [stored.name, stored.title, stored.alt_txt or ""]
        content = {"name": stored.name, "title": stored.title, "alt_txt": stored.alt_txt}
        surfaces.append(
            Surface(
                "file",
                stored.id,
                stored.id,
                viewers,
                "\n".join(w for w in words if w),
                content,
            )
        )
    return surfaces
