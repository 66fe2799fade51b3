"""`apps.connections.open`: the URL an app in Socket Mode connects to, for its app-level token.

The token check (an `xapp-` token here and nowhere else) is the Web API front door's; the URL is
the stand-in's Socket Mode server's (`socket_mode.py`), single-use like Slack's.
"""

from __future__ import annotations

from typing import Any

from standin.request import CallContext, Handler
from standin.state import SlackError


def apps_connections_open(context: CallContext) -> dict[str, Any]:
    open_link = context.state.open_socket_link
    if open_link is None:
        raise SlackError("not_allowed", detail="this stand-in has no Socket Mode server")
    return {"url": open_link(context.workspace)}


HANDLERS: dict[str, Handler] = {"apps.connections.open": apps_connections_open}
