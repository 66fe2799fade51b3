"""Slack's JSON shapes for the stand-in's records: what users.info, conversations.info,
chat.postMessage and views.open really answer with.

Kept apart from the behaviour so a shape can be checked against Slack's reference in one place.
Slack also rewrites what it stores: a block without `block_id` gets a random one and
`plain_text` objects gain `"emoji": true`; `normalise_blocks` does the same, so a click payload
built from a stored message carries the ids the bot would really see.
"""

from __future__ import annotations

import copy
import secrets
import string
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from standin.blockkit import INTERACTIVE_ELEMENTS
from standin.records import JSON, Channel, Message, StoredFile, User, View, Workspace

# Long names Slack shows as `tz_label`, by the zone's abbreviation.
_TZ_LABELS = {
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "IST": "Irish Standard Time",
    "WET": "Western European Time",
    "WEST": "Western European Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "EET": "Eastern European Time",
    "EEST": "Eastern European Summer Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "UTC": "Coordinated Universal Time",
    "JST": "Japan Standard Time",
    "AEST": "Australian Eastern Standard Time",
    "AEDT": "Australian Eastern Daylight Time",
}


def tz_details(tz: str, now: float) -> tuple[str, int]:
    """(`tz_label`, `tz_offset` in seconds) for a zone at `now`.

    Falls back to UTC's when the machine has no time zone database (Windows without `tzdata`),
    so the demo still runs; the zone name is kept as the label then.
    """
    try:
        moment = datetime.fromtimestamp(now, ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return tz, 0
    offset = moment.utcoffset()
    abbreviation = moment.tzname() or tz
    seconds = int(offset.total_seconds()) if offset is not None else 0
    return _TZ_LABELS.get(abbreviation, abbreviation), seconds


def user_object(user: User, *, now: float, include_locale: bool = False) -> JSON:
    tz_label, tz_offset = tz_details(user.tz, now)
    first, _, last = user.real_name.partition(" ")
    profile: JSON = {
        "title": "",
        "phone": "",
        "skype": "",
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.name,
        "display_name_normalized": user.name,
        "fields": None,
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": "g" + user.id[-11:].lower(),
        "first_name": first,
        "last_name": last,
        "team": user.team_id,
    }
    for size in (24, 32, 48, 72, 192, 512):
        profile[f"image_{size}"] = f"https://avatars.slack-edge.com/{user.id}_{size}.png"
    if user.is_bot:
        profile.update({"bot_id": user.bot_id, "api_app_id": user.app_id, "always_active": True})
    shape: JSON = {
        "id": user.id,
        "team_id": user.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.real_name,
        "tz": user.tz,
        "tz_label": tz_label,
        "tz_offset": tz_offset,
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_primary_owner": user.is_owner,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": int(now),
        "is_email_confirmed": not user.is_bot,
        "who_can_share_contact_card": "EVERYONE",
    }
    if include_locale:
        shape["locale"] = "en-GB"
    return shape


def channel_object(channel: Channel, *, bot_user_id: str) -> JSON:
    if channel.is_im:
        return {
            "id": channel.id,
            "created": channel.created,
            "is_archived": channel.is_archived,
            "is_im": True,
            "is_org_shared": False,
            "context_team_id": channel.team_id,
            "updated": channel.created * 1000,
            "user": channel.im_user,
            "is_user_deleted": False,
            "priority": 0,
        }
    return {
        "id": channel.id,
        "name": channel.name,
        "is_channel": True,
        "is_group": False,
        "is_im": False,
        "is_mpim": False,
        "is_private": channel.is_private,
        "created": channel.created,
        "is_archived": channel.is_archived,
        "is_general": False,
        "unlinked": 0,
        "name_normalized": channel.name,
        "is_shared": False,
        "is_org_shared": False,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": channel.team_id,
        "updated": channel.created * 1000,
        "parent_conversation": None,
        "creator": channel.members[0] if channel.members else "",
        "is_ext_shared": False,
        "shared_team_ids": [channel.team_id],
        "pending_connected_team_ids": [],
        "is_member": bot_user_id in channel.members,
        "topic": {"value": "", "creator": "", "last_set": 0},
        "purpose": {"value": "", "creator": "", "last_set": 0},
        "previous_names": [],
    }


def message_object(message: Message, *, workspace: Workspace | None, reply_info: JSON) -> JSON:
    """A message as conversations.history and chat.postMessage return it."""
    shape: JSON = {"user": message.user, "type": "message", "ts": message.ts}
    if message.bot_id and workspace is not None:
        shape["bot_id"] = message.bot_id
        shape["app_id"] = message.app_id
    shape["text"] = message.text
    shape["team"] = message.team
    if message.bot_id and workspace is not None:
        shape["bot_profile"] = {
            "id": workspace.bot_id,
            "deleted": False,
            "name": workspace.bot_name,
            "updated": 1700000000,
            "app_id": workspace.app_id,
            "icons": {"image_36": "https://a.slack-edge.com/bot_36.png"},
            "team_id": workspace.team_id,
        }
    if message.blocks:
        shape["blocks"] = copy.deepcopy(message.blocks)
    if message.attachments:
        shape["attachments"] = copy.deepcopy(message.attachments)
    if message.files:
        shape["files"] = copy.deepcopy(message.files)
        shape["upload"] = True
        shape["display_as_bot"] = False
    if message.metadata is not None:
        shape["metadata"] = copy.deepcopy(message.metadata)
    if message.thread_ts is not None:
        shape["thread_ts"] = message.thread_ts
        if message.is_reply:
            shape["parent_user_id"] = reply_info.get("parent_user_id", "")
        if message.reply_broadcast:
            shape["subtype"] = "thread_broadcast"
    shape.update({k: v for k, v in reply_info.items() if k != "parent_user_id"})
    if message.edited_ts is not None:
        shape["edited"] = {"user": message.user, "ts": message.edited_ts}
    return shape


def view_object(view: View) -> JSON:
    return copy.deepcopy(view.data)


def file_object(stored: StoredFile, workspace: Workspace) -> JSON:
    base = f"https://files.slack.com/files-pri/{workspace.team_id}-{stored.id}"
    shape: JSON = {
        "id": stored.id,
        "created": stored.created,
        "timestamp": stored.created,
        "name": stored.name,
        "title": stored.title,
        "mimetype": _mimetype(stored.name),
        "filetype": _filetype(stored.name),
        "pretty_type": _filetype(stored.name).upper(),
        "user": stored.user,
        "user_team": stored.team_id,
        "editable": False,
        "size": stored.length,
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": False,
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": f"{base}/{stored.name}",
        "url_private_download": f"{base}/download/{stored.name}",
        "permalink": f"https://{workspace.domain}.slack.com/files/{stored.user}/{stored.id}",
        "permalink_public": f"https://slack-files.com/{workspace.team_id}-{stored.id}",
        "comments_count": 0,
        "is_starred": False,
        "shares": {},
        "channels": list(stored.channels),
        "groups": [],
        "ims": [],
        "has_rich_preview": False,
        "file_access": "visible",
    }
    if stored.alt_txt is not None:
        shape["alt_txt"] = stored.alt_txt
    return shape


_MIMETYPES = {
    "csv": "text/csv",
    "txt": "text/plain",
    "json": "application/json",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "md": "text/markdown",
    "html": "text/html",
}


def _filetype(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return extension if extension in _MIMETYPES else "binary"


def _mimetype(name: str) -> str:
    return _MIMETYPES.get(_filetype(name), "application/octet-stream")


_BLOCK_ID_ALPHABET = string.ascii_letters + string.digits


def random_block_id() -> str:
    return "".join(secrets.choice(_BLOCK_ID_ALPHABET) for _ in range(5))


def normalise_blocks(blocks: list[Any]) -> list[JSON]:
    """Blocks as Slack stores them: every block and interactive element gets an id, and text
    objects their default flags."""
    stored: list[JSON] = []
    for block in copy.deepcopy(blocks):
        if not isinstance(block, dict):
            continue
        block.setdefault("block_id", random_block_id())
        fill_defaults(block)
        stored.append(block)
    return stored


def fill_defaults(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            fill_defaults(item)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "plain_text" and isinstance(node.get("text"), str):
        node.setdefault("emoji", True)
    elif kind == "mrkdwn" and isinstance(node.get("text"), str):
        node.setdefault("verbatim", False)
    elif kind in INTERACTIVE_ELEMENTS:
        node.setdefault("action_id", random_block_id())
    for value in node.values():
        fill_defaults(value)


def initial_state_values(blocks: list[JSON]) -> JSON:
    """`state.values` for a fresh view: each input element with its initial value, if any."""
    values: JSON = {}
    for block in blocks:
        if block.get("type") != "input":
            continue
        element = block.get("element")
        if not isinstance(element, Mapping):
            continue
        entry = element_state(element)
        if entry is not None:
            values.setdefault(block["block_id"], {})[element["action_id"]] = entry
    return values


def element_state(element: Mapping[str, Any]) -> JSON | None:
    """An element's entry in `state.values` before anyone touches it."""
    kind = element.get("type")
    if kind in ("radio_buttons", "static_select", "external_select"):
        return {"type": kind, "selected_option": copy.deepcopy(element.get("initial_option"))}
    if kind in ("checkboxes", "multi_static_select", "multi_external_select"):
        return {"type": kind, "selected_options": copy.deepcopy(element.get("initial_options", []))}
    if kind in ("plain_text_input", "email_text_input", "url_text_input", "number_input"):
        return {"type": kind, "value": element.get("initial_value")}
    if kind == "datepicker":
        return {"type": kind, "selected_date": element.get("initial_date")}
    if kind == "timepicker":
        return {"type": kind, "selected_time": element.get("initial_time")}
    if kind == "users_select":
        return {"type": kind, "selected_user": element.get("initial_user")}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": element.get("initial_conversation")}
    if kind == "channels_select":
        return {"type": kind, "selected_channel": element.get("initial_channel")}
    return None
