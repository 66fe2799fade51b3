"""Slack's request payloads to an app, built from the stand-in's records: slash commands,
`block_actions`, `view_submission`, `view_closed`, and Events API envelopes.

Shapes follow Slack's reference and bolt-python's own test payloads. Pure functions: the driver
decides who acts and where, these only say what Slack would send.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from standin.records import JSON, Channel, User, Workspace
from standin.shapes import element_state

OPTION_ELEMENTS = frozenset({"static_select", "external_select", "radio_buttons", "overflow"})
MULTI_OPTION_ELEMENTS = frozenset({"checkboxes", "multi_static_select", "multi_external_select"})
TEXT_VALUE_ELEMENTS = frozenset(
    {"plain_text_input", "email_text_input", "url_text_input", "number_input"}
)
SINGLE_VALUE_KEYS = {
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
}
MULTI_VALUE_KEYS = {
    "multi_users_select": "selected_users",
    "multi_conversations_select": "selected_conversations",
    "multi_channels_select": "selected_channels",
}


def user_ref(user: User) -> JSON:
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": user.team_id}


def team_ref(workspace: Workspace) -> JSON:
    return {"id": workspace.team_id, "domain": workspace.domain}


def channel_name(channel: Channel) -> str:
    """The `channel_name` Slack reports: DMs are `directmessage`, private channels
    `privategroup`."""
    if channel.is_im:
        return "directmessage"
    if channel.is_private:
        return "privategroup"
    return channel.name


def slash_command(
    workspace: Workspace,
    user: User,
    channel: Channel,
    *,
    command: str,
    text: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """The form fields of a slash command request."""
    return {
        "token": workspace.verification_token,
        "team_id": workspace.team_id,
        "team_domain": workspace.domain,
        "channel_id": channel.id,
        "channel_name": channel_name(channel),
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": workspace.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


_MENTION = re.compile(r"(?<![<\w])([#@])([a-z0-9][a-z0-9._-]{0,79})", re.IGNORECASE)


def escaped_text(text: str, user: User, channels: Sequence[Channel], users: Sequence[User]) -> str:
    """What Slack sends for a command whose manifest says `"should_escape": true`: `#name` of
    a channel the typist can see becomes `<#C123|name>`, `@name` of a person `<@U123|name>`;
    words naming neither stay as typed."""
    visible = {
        c.name: c.id
        for c in channels
        if not c.is_im and not c.is_archived and (not c.is_private or user.id in c.members)
    }
    people = {u.name: u.id for u in users}

    def replaced(found: re.Match[str]) -> str:
        sign, name = found.group(1), found.group(2)
        known = visible.get(name) if sign == "#" else people.get(name)
        if known is None:
            return found.group(0)
        return f"<#{known}|{name}>" if sign == "#" else f"<@{known}|{name}>"

    return _MENTION.sub(replaced, text)


def find_option(element: Mapping[str, Any], value: str) -> JSON:
    """The option with `value` among an element's options or option groups."""
    options: list[Any] = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    for option in options:
        if isinstance(option, Mapping) and option.get("value") == value:
            chosen = {"text": copy.deepcopy(option.get("text")), "value": value}
            if "description" in option:
                chosen["description"] = copy.deepcopy(option["description"])
            return chosen
    offered = [o.get("value") for o in options if isinstance(o, Mapping)]
    raise AssertionError(
        f"{element.get('type')} {element.get('action_id')!r} has no option {value!r}; "
        f"it offers {offered}"
    )


def state_entry(element: Mapping[str, Any], chosen: str | Sequence[str] | None) -> JSON:
    """An element's `state.values` entry once a person has chosen or typed `chosen`."""
    kind = str(element.get("type"))
    entry: JSON = {"type": kind}
    if kind in OPTION_ELEMENTS:
        entry["selected_option"] = None if chosen is None else find_option(element, str(chosen))
    elif kind in MULTI_OPTION_ELEMENTS:
        values = [chosen] if isinstance(chosen, str) else list(chosen or [])
        entry["selected_options"] = [find_option(element, v) for v in values]
    elif kind in TEXT_VALUE_ELEMENTS:
        entry["value"] = None if chosen is None else str(chosen)
    elif kind in SINGLE_VALUE_KEYS:
        entry[SINGLE_VALUE_KEYS[kind]] = None if chosen is None else str(chosen)
    elif kind in MULTI_VALUE_KEYS:
        values = [chosen] if isinstance(chosen, str) else list(chosen or [])
        entry[MULTI_VALUE_KEYS[kind]] = values
    else:
        raise AssertionError(f"the driver cannot fill a {kind} element")
    return entry


def state_values(blocks: Sequence[Mapping[str, Any]]) -> JSON:
    """`state.values` for the stateful elements of a message's blocks, untouched."""
    values: JSON = {}
    for block in blocks:
        kind = block.get("type")
        elements: list[Any] = []
        if kind == "actions":
            elements = list(block.get("elements") or [])
        elif kind == "section":
            elements = [block.get("accessory")]
        elif kind == "input":
            elements = [block.get("element")]
        for element in elements:
            if not isinstance(element, Mapping) or element.get("type") == "button":
                continue
            entry = element_state(element)
            if entry is not None:
                values.setdefault(block["block_id"], {})[element["action_id"]] = entry
    return values


def action(
    block: Mapping[str, Any],
    element: Mapping[str, Any],
    *,
    chosen: str | Sequence[str] | None,
    action_ts: str,
) -> JSON:
    """One entry of a `block_actions` payload's `actions`."""
    kind = str(element.get("type"))
    entry: JSON = {
        "type": kind,
        "block_id": block["block_id"],
        "action_id": element["action_id"],
    }
    if kind == "button":
        entry["text"] = copy.deepcopy(element.get("text"))
        if "value" in element:
            entry["value"] = element["value"]
        if "style" in element:
            entry["style"] = element["style"]
    else:
        entry.update({k: v for k, v in state_entry(element, chosen).items() if k != "type"})
        if "placeholder" in element:
            entry["placeholder"] = copy.deepcopy(element["placeholder"])
    entry["action_ts"] = action_ts
    return entry


def block_actions(
    workspace: Workspace,
    user: User,
    *,
    actions: list[JSON],
    trigger_id: str,
    state: JSON,
    container: JSON,
    channel: Channel | None = None,
    message: JSON | None = None,
    view: JSON | None = None,
    response_url: str | None = None,
) -> JSON:
    payload: JSON = {
        "type": "block_actions",
        "user": user_ref(user),
        "api_app_id": workspace.app_id,
        "token": workspace.verification_token,
        "container": container,
        "trigger_id": trigger_id,
        "team": team_ref(workspace),
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if channel is not None:
        payload["channel"] = {"id": channel.id, "name": channel_name(channel)}
    if message is not None:
        payload["message"] = message
    if view is not None:
        payload["view"] = view
    payload["state"] = {"values": state}
    if response_url is not None:
        payload["response_url"] = response_url
    payload["actions"] = actions
    return payload


def view_submission(
    workspace: Workspace, user: User, *, view: JSON, trigger_id: str, home: Workspace | None = None
) -> JSON:
    """`home`: the person's own workspace when it is not the app's (Slack Connect). Slack then
    names theirs as `team`; the view names the installing one (`app_installed_team_id`)."""
    return {
        "type": "view_submission",
        "team": team_ref(home or workspace),
        "user": user_ref(user),
        "api_app_id": workspace.app_id,
        "token": workspace.verification_token,
        "trigger_id": trigger_id,
        "view": view,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def view_closed(workspace: Workspace, user: User, *, view: JSON, is_cleared: bool) -> JSON:
    return {
        "type": "view_closed",
        "team": team_ref(workspace),
        "user": user_ref(user),
        "api_app_id": workspace.app_id,
        "token": workspace.verification_token,
        "view": view,
        "is_cleared": is_cleared,
        "is_enterprise_install": False,
        "enterprise": None,
    }


def event_envelope(
    workspace: Workspace, event: JSON, *, event_id: str, event_time: int, context: str
) -> JSON:
    """The Events API `event_callback` wrapper around one event.

    `authed_users` is deprecated by Slack in favour of `authorizations`, but Slack's published
    wrapper schema still requires it, so both are sent (one entry each, as Slack now does).
    """
    return {
        "token": workspace.verification_token,
        "team_id": workspace.team_id,
        "context_team_id": workspace.team_id,
        "context_enterprise_id": None,
        "api_app_id": workspace.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": workspace.team_id,
                "user_id": workspace.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "authed_users": [workspace.bot_user_id],
        "is_ext_shared_channel": False,
        "event_context": context,
    }


def url_verification(workspace: Workspace, challenge: str) -> JSON:
    return {
        "token": workspace.verification_token,
        "challenge": challenge,
        "type": "url_verification",
    }


def app_home_opened(
    user_id: str, channel_id: str, *, tab: str, event_ts: str, view: JSON | None
) -> JSON:
    event: JSON = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": channel_id,
        "tab": tab,
        "event_ts": event_ts,
    }
    if view is not None:
        event["view"] = view
    return event


def im_message(
    workspace: Workspace, user_id: str, channel_id: str, *, text: str, ts: str, blocks: list[JSON]
) -> JSON:
    return {
        "client_msg_id": str(uuid.uuid4()),
        "type": "message",
        "text": text,
        "user": user_id,
        "ts": ts,
        "blocks": blocks,
        "team": workspace.team_id,
        "channel": channel_id,
        "event_ts": ts,
        "channel_type": "im",
    }


def rich_text_blocks(text: str, block_id: str) -> list[JSON]:
    """The `rich_text` block Slack's clients attach to a message a person types."""
    return [
        {
            "type": "rich_text",
            "block_id": block_id,
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
            ],
        }
    ]


def app_uninstalled(event_ts: str) -> JSON:
    return {"type": "app_uninstalled", "event_ts": event_ts}


def tokens_revoked(*, oauth: Sequence[str], bot: Sequence[str], event_ts: str) -> JSON:
    return {
        "type": "tokens_revoked",
        "tokens": {"oauth": list(oauth), "bot": list(bot)},
        "event_ts": event_ts,
    }
