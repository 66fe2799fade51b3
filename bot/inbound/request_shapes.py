"""The shape of a request from Slack, as far as bolt relies on it.

Bolt reads Slack's payloads trusting their shape: `"callback_id" in body["view"]`,
`body["actions"][0]`, `body["event"].get(...)`. A signed body whose `view` is `null`, whose
`actions` is empty or whose `event` is a string makes bolt itself raise while it decides which
listener to call, outside any listener and outside its own error handler, and the server answers
500. Slack never sends such bodies, so they are refused up front (400) by the HTTP entry point
(`bot.inbound.asgi`), before bolt looks at them.

Before the shape, the depth: a body nested deeper than `MAX_NESTING` is refused too. The JSON
parser itself gives up (RecursionError, refused 400 by `bot.inbound.asgi`) only near the
interpreter's recursion limit, and a body that parsed just below it would fail later, in any
code that walks it recursively on a thread with a deeper stack (copying it, logging it,
serializing it again): outside any listener, a 500.

Only types are checked, and only of the fields Slack always sends with one type; what a listener
needs from a well-typed payload (whose click, which channel) it checks itself
(`bot.listeners.body`). Standard library only, like `bot.inbound.asgi`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TEXT_FIELDS = (
    "type",
    "token",
    "team_id",
    "api_app_id",
    "user_id",
    "channel_id",
    "command",
    "text",
    "trigger_id",
    "response_url",
    "event_id",
    "callback_id",
    "action_id",
    "challenge",
)
"""Top-level fields that are text whenever Slack sends them."""
NULLABLE_TEXT_FIELDS = ("enterprise_id", "context_team_id", "context_enterprise_id")
OBJECT_FIELDS = ("user", "container", "message", "view", "state", "event")
"""Top-level fields that are objects whenever Slack sends them."""
ID_OR_OBJECT_FIELDS = ("team", "enterprise", "channel")
"""An id, an object with an `id`, or null (an org-wide install's `team`)."""
LIST_OF_OBJECT_FIELDS = ("actions", "authorizations", "response_urls")


MAX_NESTING = 64
"""How deep a body may nest, objects and lists together. Slack's deepest payloads (a message's
rich text, inside a message, inside an event or a click) are about a dozen levels deep."""


def nesting_problem(body: Any, limit: int = MAX_NESTING) -> str | None:
    """Whether a parsed body nests deeper than `limit`. Walked with a stack of our own, not by
    recursion, so the check cannot itself run out of stack; it stops at the first value found
    too deep. A body is at most `asgi.MAX_BODY_BYTES`, so the walk is bounded too."""
    # Exact `dict`/`list` checks, not `Mapping`: the parser makes nothing else, and this walks
    # every value of every click (a message's blocks come with it), where an ABC check costs.
    pending: list[tuple[Any, int]] = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        kind = type(value)
        if kind is dict:
            children: Any = value.values()
        elif kind is list:
            children = value
        else:
            continue
        if depth > limit:
            return f"the body nests deeper than {limit} levels"
        pending.extend([(child, depth + 1) for child in children if type(child) in _NESTS])
    return None


_NESTS = (dict, list)


def shape_problem(body: Any) -> str | None:
    """What is wrong with the shape of a parsed request body, or None if nothing is."""
    if not isinstance(body, Mapping):
        return f"the body is a {type(body).__name__}, not an object"
    for name in TEXT_FIELDS:
        if name in body and not isinstance(body[name], str):
            return f"{name} is not text"
    for name in NULLABLE_TEXT_FIELDS:
        if body.get(name) is not None and not isinstance(body[name], str):
            return f"{name} is not text"
    for name in OBJECT_FIELDS:
        if name in body and not isinstance(body[name], Mapping):
            return f"{name} is not an object"
    for name in ID_OR_OBJECT_FIELDS:
        value = body.get(name)
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, Mapping) or not isinstance(value.get("id", ""), str):
            return f"{name} is neither an id nor an object with one"
    for name in LIST_OF_OBJECT_FIELDS:
        if name in body and not _objects(body[name]):
            return f"{name} is not a list of objects"
    return _kind_problem(body)


def _kind_problem(body: Mapping[str, Any]) -> str | None:
    """What bolt reads from each kind of request, beyond the common fields."""
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions")
        if not actions:
            return "block_actions without actions"
        if not all(isinstance(a.get("action_id"), str) for a in actions):
            return "an action without an action_id"
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if view is None or not isinstance(view.get("callback_id"), str):
            return f"{kind} without a view callback_id"
    if kind == "event_callback":
        event = body.get("event")
        if event is None or not isinstance(event.get("type"), str):
            return "event_callback without an event type"
        for name in ("message", "previous_message"):
            if event.get(name) is not None and not isinstance(event[name], Mapping):
                return f"event {name} is not an object"
        for name in (*ID_OR_OBJECT_FIELDS, "user", "item"):
            value = event.get(name)
            if value is not None and not isinstance(value, str | Mapping):
                return f"event {name} is neither an id nor an object"
    return None


def _objects(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, Mapping) for item in value)


CONTEXT_IDS = ("team_id", "enterprise_id", "user_id", "channel_id")


def context_problem(context: Mapping[str, Any]) -> str | None:
    """Bolt reads the ids of a request (workspace, user, channel) from wherever the kind of
    payload keeps them (`user.team_id`, `authorizations[0]`, `event.channel`, ...) into its
    context, for middleware and listeners to use as text. Slack's are always text."""
    for name in CONTEXT_IDS:
        value = context.get(name)
        if value is not None and not isinstance(value, str):
            return f"the request's {name} is a {type(value).__name__}, not text"
    return None
