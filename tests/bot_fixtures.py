"""The bot under test: the real bot over real HTTP, in front of the Slack stand-in, on a real
database. A pytest plugin, registered in the top-level conftest.

`team` is a channel of colleagues; `bot` runs the production HTTP path in this process with a
clock the test controls; `driver` acts as Slack towards it. `only_declared_web_api_methods` is
not autouse: the directories that check it (tests/e2e, tests/hardening) make it so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.run_modes.local import LocalBot, local_bot
from flows.services import Services
from standin import SlackDriver, SlackStandIn
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


@pytest.fixture
def only_declared_web_api_methods(standin: SlackStandIn) -> Iterator[None]:
    """The manifest's scopes are derived from WEB_API_METHODS, so calling anything else would
    need a scope the app does not ask for."""
    from bot.slack_app import WEB_API_METHODS

    yield
    web_api = {call.method for call in standin.calls if call.method != "response_url"}
    undeclared = web_api - WEB_API_METHODS
    assert not undeclared, f"add to bot.slack_app.WEB_API_METHODS (and scopes): {undeclared}"
