"""views.open, views.push, views.update and views.publish.

A modal opens only with a fresh trigger id from an interaction (once, within three seconds);
views.update can target `view_id` or `external_id` and refuses a stale `hash`
(`hash_conflict`), which is how Slack stops two updates racing.
"""

from __future__ import annotations

from typing import Any, Literal

from standin.content import checked_view
from standin.request import CallContext, Handler
from standin.shapes import view_object
from standin.state import SlackError
from standin.views import check_hash, open_modal, publish_home, push_modal, update_view


def views_open(ctx: CallContext) -> dict[str, Any]:
    view = checked_view(ctx.args.decoded("view"), expected_type="modal")
    trigger = ctx.state.take_trigger(ctx.workspace, ctx.args.string("trigger_id"))
    record = open_modal(ctx.state, ctx.workspace, trigger.user_id, view)
    return {"view": view_object(record)}


def views_push(ctx: CallContext) -> dict[str, Any]:
    view = checked_view(ctx.args.decoded("view"), expected_type="modal")
    trigger = ctx.state.take_trigger(ctx.workspace, ctx.args.string("trigger_id"))
    record = push_modal(ctx.state, ctx.workspace, trigger.user_id, view)
    return {"view": view_object(record)}


def views_update(ctx: CallContext) -> dict[str, Any]:
    view_id, external_id = ctx.args.string("view_id"), ctx.args.string("external_id")
    if view_id is None and external_id is None:
        raise SlackError(
            "invalid_arguments",
            messages=["[ERROR] either view_id or external_id is required"],
            violation=True,
        )
    raw_view = ctx.args.decoded("view")
    if raw_view is None:
        raise SlackError(
            "invalid_arguments", messages=["[ERROR] missing required field: view"], violation=True
        )
    if view_id is not None:
        target = ctx.state.find_view(ctx.workspace, view_id)
    else:
        target = ctx.state.view_by_external_id(ctx.workspace, external_id or "")
    if target is None:
        raise SlackError("not_found")
    expected: Literal["modal", "home"] = "home" if target.type == "home" else "modal"
    view = checked_view(raw_view, expected_type=expected)
    check_hash(target, ctx.args.string("hash"))
    record = update_view(ctx.state, ctx.workspace, target, view)
    return {"view": view_object(record)}


def views_publish(ctx: CallContext) -> dict[str, Any]:
    user = ctx.state.user_in(ctx.workspace, ctx.args.string("user_id"))
    view = checked_view(ctx.args.decoded("view"), expected_type="home")
    existing = ctx.state.homes.get((ctx.workspace.team_id, user.id))
    if existing is not None:
        check_hash(ctx.state.views[existing], ctx.args.string("hash"))
    record = publish_home(ctx.state, ctx.workspace, user.id, view)
    return {"view": view_object(record)}


HANDLERS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
