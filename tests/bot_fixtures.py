"""The bot under test: the real bot over real HTTP, in front of the Slack stand-in, on a real
database. A pytest plugin, registered in the top-level conftest.

`team` is a channel of colleagues; `bot` runs the production HTTP path in this process with a
clock the test controls; `driver` acts as Slack towards it. `only_declared_web_api_methods` is
not autouse: the directories that check it (tests/e2e, tests/hardening) make it so.

Socket Mode the same way: `socket_bot` is the same app connected to the stand-in's Socket Mode
(`readiness socket`'s path), `socket_driver` delivers every request as an envelope on that
connection. `any_driver` is either, for a story that is the same in both modes: a test asking
for it runs twice, `[http]` and `[socket]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.run_modes.local import LocalBot, local_bot, local_socket_bot
from bot.run_modes.start import Running
from flows.services import Services
from standin import SlackDriver, SlackStandIn
from standin.socket_transport import SocketTransport
from storage.database import Database
from storage.schema import upgrade
from tests.clock import Clock

SIGNING_SECRET = "e2e-signing-secret-7f3a9c1d5e"
LEAD, ADMIN = "ULEAD", "UADMIN"
MEMBERS = ("UANA", "UBO", "UCY", "UDEV", "UEVA")
CHANNEL = "CTEAM"


@dataclass(frozen=True)
class Team:
    channel: str
    lead: str
    admin: str
    members: tuple[str, ...]


@pytest.fixture
def team(standin: SlackStandIn) -> Team:
    standin.add_user(LEAD, "lead", real_name="Priya Lead", tz="America/New_York")
    standin.add_user(ADMIN, "admin", real_name="Ada Admin", is_admin=True)
    for user in MEMBERS:
        standin.add_user(user, user[1:].lower())
    standin.add_channel(CHANNEL, "cs-team", [LEAD, ADMIN, *MEMBERS])
    return Team(channel=CHANNEL, lead=LEAD, admin=ADMIN, members=MEMBERS)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def bot_settings(standin: SlackStandIn, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "slack_bot_token": SecretStr(standin.workspace.bot_token),
        "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_api_url": standin.api_url,
        "deadline_check_seconds": 0.1,
        "listener_threads": 8,
    }
    values.update(overrides)
    return Settings.model_validate(values)


@pytest.fixture
def bot_database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def bot(standin: SlackStandIn, bot_database: Database, clock: Clock) -> Iterator[LocalBot]:
    services = Services(database=bot_database, clock=clock)
    with local_bot(bot_settings(standin), services) as running:
        yield running


@pytest.fixture
def driver(standin: SlackStandIn, bot: LocalBot) -> SlackDriver:
    return SlackDriver(standin, bot.events_url, SIGNING_SECRET)


def socket_bot_settings(standin: SlackStandIn, **overrides: object) -> Settings:
    """`readiness socket`'s settings: the bot token and the app-level token, no signing secret
    (nothing arrives over HTTP to be signed)."""
    values: dict[str, object] = {
        "slack_signing_secret": None,
        "slack_app_token": SecretStr(standin.workspace.app_token),
    }
    values.update(overrides)
    return bot_settings(standin, **values)


def socket_driver_for(standin: SlackStandIn, *, ack_wait: float = 10.0) -> SlackDriver:
    """Acts as Slack towards a bot in Socket Mode: every request an envelope on its connection.
    It waits up to 10 s for a connection (the bot reconnecting after a refresh or a drop), and
    `ack_wait` for a command's or a click's ack."""
    transport = SocketTransport(
        standin.socket_mode, standin.workspace.team_id, connect_wait=10.0, timeout=ack_wait
    )
    return SlackDriver(standin, transport=transport)


@pytest.fixture
def socket_bot(standin: SlackStandIn, bot_database: Database, clock: Clock) -> Iterator[Running]:
    """The bot in Socket Mode, connected to the stand-in, with the clock the test controls."""
    services = Services(database=bot_database, clock=clock)
    with local_socket_bot(socket_bot_settings(standin), services) as running:
        yield running


@pytest.fixture
def socket_driver(standin: SlackStandIn, socket_bot: Running) -> SlackDriver:
    return socket_driver_for(standin)


@pytest.fixture
def any_driver(
    request: pytest.FixtureRequest, delivery_mode: str, bot_database: Database
) -> SlackDriver:
    """The driver of a bot in `delivery_mode` (the stand-in's plugin: "http", then "socket"):
    the same story runs over HTTP and Socket Mode.
    (`bot_database`, which both bots use, is named so that pytest sees the database's
    parameters before the bot is chosen.)"""
    driver: SlackDriver = request.getfixturevalue(
        "driver" if delivery_mode == "http" else "socket_driver"
    )
    return driver


@pytest.fixture
def only_declared_web_api_methods(standin: SlackStandIn) -> Iterator[None]:
    """The manifest's scopes are derived from WEB_API_METHODS, so calling anything else would
    need a scope the app does not ask for."""
    from bot.slack_app import WEB_API_METHODS

    yield
    # apps.connections.open (Socket Mode) is called with the app-level token, whose scope
    # (connections:write) is not a bot scope.
    outside = {"response_url", "apps.connections.open"}
    web_api = {call.method for call in standin.calls if call.method not in outside}
    undeclared = web_api - WEB_API_METHODS
    assert not undeclared, f"add to bot.slack_app.WEB_API_METHODS (and scopes): {undeclared}"
