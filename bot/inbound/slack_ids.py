"""Slack's ids (and response URLs), checked before they are used: a request that carries
something else where an id goes (a list, an empty string, 100,000 characters) did not come from
a person in Slack, and is refused before the value reaches the database, a log line or a Web API
call."""

from __future__ import annotations

import re
from typing import TypeGuard
from urllib.parse import urlsplit

from flows.errors import BadRequest

SLACK_ID = re.compile(r"[A-Z0-9]{1,32}")
"""Slack's ids (`T…` workspaces, `U…`/`W…` people, `C…`/`G…`/`D…` conversations) are upper-case
letters and digits; 32 is what the database keeps."""

NOT_UNDERSTOOD = "That request did not carry what I expected, so nothing was changed."


def is_slack_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and SLACK_ID.fullmatch(value) is not None


def slack_id(value: object, what: str) -> str:
    """`value` if it is a Slack id, else a refusal (`BadRequest`) saying `what` was missing."""
    if is_slack_id(value):
        return value
    raise BadRequest(NOT_UNDERSTOOD, log_detail=f"no usable {what} ({shown(value)})")


def is_web_url(value: object) -> bool:
    """Whether `value` is an http(s) URL with a host: what a response URL from Slack is, and
    the only kind the Web API client can post to (it raises on anything else)."""
    if not isinstance(value, str) or len(value) > 2_000:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("https", "http") and bool(parts.hostname)


def shown(value: object) -> str:
    """A short, log-safe description of a value that was not what was expected."""
    return f"{type(value).__name__} {repr(value)[:40]}"
