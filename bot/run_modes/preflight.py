"""What start-up checks before it serves anyone: the database and Slack, each failure told in one
line that names the cause and the fix.

A wrong token or an unreachable server is the usual first-hour mistake; a traceback of 50-odd
lines buries the one word that matters (`invalid_auth`, `Connection refused`). These checks turn
each into a `ConfigurationError` (which `readiness` prints as one line, exit code 2), keeping the
original exception chained for `--debug` and the DEBUG log.
"""

from __future__ import annotations

import errno
import logging
import socket
import urllib.error
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError

from bot.config import DEFAULT_SLACK_API_URL, ConfigurationError, Settings
from storage.database import Database
from storage.schema import require_current_schema

logger = logging.getLogger(__name__)

TOKEN_REFUSALS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
"""auth.test errors that mean the token itself is wrong, not Slack or the network."""


@dataclass(frozen=True)
class SlackIdentity:
    """Who the bot token speaks as, from auth.test: never the token itself."""

    team: str
    team_id: str
    bot_user: str
    bot_user_id: str
    answer: SlackResponse = field(repr=False, compare=False)
    """Slack's answer itself: bolt's authorization starts from it rather than asking again."""

    def describe(self) -> str:
        return f"workspace {self.team} ({self.team_id}) as @{self.bot_user} ({self.bot_user_id})"


def check_port(host: str, port: int) -> None:
    """`ConfigurationError` if HTTP mode could not listen on `host:port`: found before the
    database and Slack are touched, rather than after, as a line of uvicorn's."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # As uvicorn binds: a port a stopped bot left in TIME_WAIT is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise ConfigurationError(
            f"Cannot listen on {host}:{port} ({error.strerror or error}): {_port_fix(error)}"
        ) from error


def _port_fix(error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return "another program (another bot?) uses that port; stop it, or set PORT to a free one."
    if error.errno == errno.EACCES:
        return "ports below 1024 need root; set PORT=3000 and let the reverse proxy take 443."
    return "set READINESS_HOST to an address of this machine (127.0.0.1 behind a proxy)."


def open_database(settings: Settings, *, current_schema: bool = True) -> Database:
    """The configured database, connected to (and, with `current_schema`, at the code's
    revision), or `ConfigurationError` saying what to change."""
    url = _database_url(settings)
    try:
        database = Database(url, pool_size=settings.database_connections)
    except (ArgumentError, ImportError) as error:
        raise ConfigurationError(
            f"DATABASE_URL names a kind of database this bot cannot use ({url.drivername}): "
            "set it to postgresql://USER:PASSWORD@HOST/DATABASE, or unset it for the SQLite file."
        ) from error
    except OSError as error:
        # The SQLite file's folder could not be made.
        raise ConfigurationError(_cannot_open(url, error, settings)) from error
    try:
        if current_schema:
            require_current_schema(database.engine)
        else:
            with database.engine.connect():
                pass
    except (DBAPIError, OSError) as error:
        database.dispose()
        raise ConfigurationError(_cannot_open(url, error, settings)) from error
    except BaseException:
        database.dispose()
        raise
    return database


def _database_url(settings: Settings) -> URL:
    try:
        return settings.database
    except ArgumentError as error:
        # SQLAlchemy's message repeats the whole URL, password and all: not ours to print.
        raise ConfigurationError(
            "DATABASE_URL is not a database URL: set it to "
            "postgresql://USER:PASSWORD@HOST/DATABASE, or unset it for the SQLite file."
        ) from error


def _cannot_open(url: URL, error: BaseException, settings: Settings) -> str:
    where = url.render_as_string(hide_password=True)
    if settings.database_url:
        fix = "check DATABASE_URL and that the database server is running and reachable."
    else:
        fix = "check that READINESS_SQLITE_PATH (or your user data directory) is writable."
    return f"Cannot open the database at {where} ({_first_line(error)}): {fix}"


def _first_line(error: BaseException) -> str:
    """The driver's own reason, without SQLAlchemy's statement and background link."""
    reason = getattr(error, "orig", None) or error
    lines = str(reason).strip().splitlines()
    return lines[0].strip() if lines else type(reason).__name__


def connect_to_slack(client: WebClient, settings: Settings) -> SlackIdentity:
    """Ask Slack who the bot token belongs to, and log it; `ConfigurationError` if Slack refuses
    the token or cannot be reached."""
    try:
        answer = _quiet(client).auth_test()
    except SlackApiError as error:
        code = str(error.response.get("error", "an error"))
        if code in TOKEN_REFUSALS:
            raise ConfigurationError(
                f"Slack refused SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token "
                "(xoxb-...) again from your app's OAuth & Permissions page, and reinstall the "
                "app there if it was removed."
            ) from error
        raise ConfigurationError(
            f"Slack answered auth.test with {code}: check SLACK_BOT_TOKEN on your app's "
            "OAuth & Permissions page."
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise ConfigurationError(
            f"Cannot reach Slack at {settings.slack_api_url} ({_reason(error)}): "
            + _slack_fix(settings)
        ) from error
    identity = SlackIdentity(
        team=str(answer.get("team", "")),
        team_id=str(answer.get("team_id", "")),
        bot_user=str(answer.get("user", "")),
        bot_user_id=str(answer.get("user_id", "")),
        answer=answer,
    )
    logger.info("Connected to Slack: %s", identity.describe())
    return identity


def _quiet(client: WebClient) -> WebClient:
    """`client` (same token, URL and retries) whose failed attempts are not logged as errors
    one by one: the outcome is told in one line, and in full at DEBUG."""
    quiet = logging.getLogger(f"{__name__}.slack")
    quiet.setLevel(logging.DEBUG if logger.isEnabledFor(logging.DEBUG) else logging.CRITICAL)
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=client.retry_handlers,
        logger=quiet,
    )


def _reason(error: BaseException) -> str:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _slack_fix(settings: Settings) -> str:
    if settings.slack_api_url != DEFAULT_SLACK_API_URL:
        return "check SLACK_API_URL (unset it to use Slack itself)."
    return "check this machine's internet access, DNS and proxy settings (HTTPS_PROXY)."
