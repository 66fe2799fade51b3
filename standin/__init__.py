"""A Slack of our own: the stand-in Web API server and a driver that acts as Slack's people.

`SlackStandIn` serves the Web API, response URLs and file uploads on loopback and remembers what
each person sees; `SlackDriver` sends the bot signed slash commands, clicks, view submissions and
events in Slack's exact shapes, as signed POSTs or, for an app in Socket Mode, as envelopes on
its connections (`SlackDriver.over_socket`, `SlackStandIn.socket_mode`). Tests use both; so does
`readiness demo`, which is why everything here needs only the standard library, the files
shipped beside it and, for Socket Mode, `websockets` (a dependency of the app itself).
"""

from standin.blockkit import Problem, message_problems, view_problems
from standin.driver import SlackDriver
from standin.minting import Clock
from standin.records import (
    Call,
    Canvas,
    CanvasVersion,
    Channel,
    Ephemeral,
    Message,
    MessageVersion,
    StoredFile,
    User,
    View,
    Workspace,
)
from standin.server import SlackStandIn
from standin.socket_mode import SocketModeServer
from standin.socket_transport import NOT_ACKED, NOT_CONNECTED, SocketTransport
from standin.transport import BotTransport, Delivery, DriverResult, Transport
from standin.visible import visible_text

__all__ = [
    "NOT_ACKED",
    "NOT_CONNECTED",
    "BotTransport",
    "Call",
    "Canvas",
    "CanvasVersion",
    "Channel",
    "Clock",
    "Delivery",
    "DriverResult",
    "Ephemeral",
    "Message",
    "MessageVersion",
    "Problem",
    "SlackDriver",
    "SlackStandIn",
    "SocketModeServer",
    "SocketTransport",
    "StoredFile",
    "Transport",
    "User",
    "View",
    "Workspace",
    "message_problems",
    "view_problems",
    "visible_text",
]
