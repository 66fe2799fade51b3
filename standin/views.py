"""Modals and Home tabs: what views.open/push/update/publish and a view submission's
`response_action` do to what a person has on screen.

A person has a stack of at most three modals (Slack's `push_limit_reached`) and one Home tab per
app. Updating a view keeps what they already typed into inputs whose block and action ids are
unchanged, as Slack does.
"""

from __future__ import annotations

import copy
from typing import Any

from standin.blockkit import interactive_elements
from standin.records import JSON, View, Workspace
from standin.shapes import fill_defaults, initial_state_values, normalise_blocks
from standin.state import SlackError, SlackState

MAX_STACK = 3


def _new_hash(state: SlackState) -> str:
    return f"{int(state.clock.now())}.{state.ids.secret(8)}"


def _view_data(
    state: SlackState,
    workspace: Workspace,
    view: JSON,
    *,
    view_id: str,
    root_view_id: str,
    previous_view_id: str | None,
) -> JSON:
    blocks = normalise_blocks(view.get("blocks") or [])
    data: JSON = {
        "id": view_id,
        "team_id": workspace.team_id,
        "type": view.get("type"),
        "blocks": blocks,
        "private_metadata": view.get("private_metadata") or "",
        "callback_id": view.get("callback_id") or "",
        "state": {"values": {}},
        "hash": _new_hash(state),
        "title": copy.deepcopy(view.get("title")),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "close": copy.deepcopy(view.get("close")),
        "submit": copy.deepcopy(view.get("submit")),
        "previous_view_id": previous_view_id,
        "root_view_id": root_view_id,
        "app_id": workspace.app_id,
        "external_id": view.get("external_id") or "",
        "app_installed_team_id": workspace.team_id,
        "bot_id": workspace.bot_id,
    }
    for key in ("title", "close", "submit"):
        fill_defaults(data[key])
    return data


def _check_external_id(
    state: SlackState, workspace: Workspace, view: JSON, keep: View | None = None
) -> None:
    external_id = view.get("external_id")
    if not external_id:
        return
    holder = state.view_by_external_id(workspace, external_id)
    if holder is not None and holder is not keep:
        raise SlackError("duplicate_external_id")


def _create(
    state: SlackState,
    workspace: Workspace,
    user_id: str,
    view: JSON,
    *,
    root_view_id: str | None,
    previous_view_id: str | None,
) -> View:
    _check_external_id(state, workspace, view)
    view_id = state.ids.new("V")
    data = _view_data(
        state,
        workspace,
        view,
        view_id=view_id,
        root_view_id=root_view_id or view_id,
        previous_view_id=previous_view_id,
    )
    record = View(id=view_id, team_id=workspace.team_id, user_id=user_id, data=data)
    state.views[view_id] = record
    return record


def open_modal(state: SlackState, workspace: Workspace, user_id: str, view: JSON) -> View:
    """A new modal replaces whatever modals the person had open."""
    clear_stack(state, workspace, user_id)
    record = _create(state, workspace, user_id, view, root_view_id=None, previous_view_id=None)
    state.modal_stack(workspace.team_id, user_id).append(record.id)
    return record


def push_modal(state: SlackState, workspace: Workspace, user_id: str, view: JSON) -> View:
    stack = state.modal_stack(workspace.team_id, user_id)
    if not stack:
        raise SlackError(
            "not_found",
            violation=True,
            detail=f"views.push: {user_id} has no modal open to push onto",
        )
    if len(stack) >= MAX_STACK:
        raise SlackError("push_limit_reached")
    top = state.views[stack[-1]]
    record = _create(
        state,
        workspace,
        user_id,
        view,
        root_view_id=str(top.data["root_view_id"]),
        previous_view_id=top.id,
    )
    stack.append(record.id)
    return record


def update_view(state: SlackState, workspace: Workspace, target: View, view: JSON) -> View:
    """Replace a view's content in place: same id, new hash, typed input values kept."""
    _check_external_id(state, workspace, view, keep=target)
    old_values: JSON = target.data.get("state", {}).get("values", {})
    data = _view_data(
        state,
        workspace,
        view,
        view_id=target.id,
        root_view_id=str(target.data["root_view_id"]),
        previous_view_id=target.data.get("previous_view_id"),
    )
    still_there = {
        (block.get("block_id"), element.get("action_id")): element.get("type")
        for block, element in interactive_elements(data["blocks"])
    }
    kept: JSON = data["state"]["values"]
    for block_id, actions in old_values.items():
        for action_id, entry in actions.items():
            if still_there.get((block_id, action_id)) == entry.get("type"):
                kept.setdefault(block_id, {})[action_id] = entry
    target.data = data
    target.errors = {}
    return target


def publish_home(state: SlackState, workspace: Workspace, user_id: str, view: JSON) -> View:
    key = (workspace.team_id, user_id)
    existing_id = state.homes.get(key)
    if existing_id is not None:
        return update_view(state, workspace, state.views[existing_id], view)
    record = _create(state, workspace, user_id, view, root_view_id=None, previous_view_id=None)
    state.homes[key] = record.id
    return record


def close_top(state: SlackState, workspace: Workspace, user_id: str) -> View | None:
    """Close the top modal; the one beneath, if any, is on screen again."""
    stack = state.modal_stack(workspace.team_id, user_id)
    if not stack:
        return None
    record = state.views[stack.pop()]
    record.closed = True
    return record


def clear_stack(state: SlackState, workspace: Workspace, user_id: str) -> list[View]:
    closed: list[View] = []
    while (record := close_top(state, workspace, user_id)) is not None:
        closed.append(record)
    return closed


def current_state(view: View) -> JSON:
    """`state.values` as Slack sends it with an interaction: every input of the view, untouched
    ones with their initial value (or null), then whatever the person has chosen or typed."""
    values = initial_state_values(view.blocks)
    for block_id, actions in view.data.get("state", {}).get("values", {}).items():
        values.setdefault(block_id, {}).update(copy.deepcopy(actions))
    return values


def snapshot(view: View) -> JSON:
    """The full view object for a payload, with its current state."""
    data = copy.deepcopy(view.data)
    data["state"] = {"values": current_state(view)}
    return data


def check_hash(target: View, given: Any) -> None:
    if given and given != target.data.get("hash"):
        raise SlackError("hash_conflict")
