"""All configuration in one place: environment variables, or a `.env` file in the working directory.

Secrets are `SecretStr`, so printing or logging the settings never shows them, and a secret left
empty or at a placeholder value stops start-up with a sentence saying where to find the real one.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL

from bot.slack_app import OAUTH_REDIRECT_PATH
from storage.database import normalise_url, sqlite_url
from storage.errors import TokenKeyError

if TYPE_CHECKING:
    from storage.token_cipher import TokenCipher

DEFAULT_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
PLACEHOLDERS = {"", "changeme", "change-me", "xxx", "todo", "secret", "your-signing-secret"}
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


class ConfigurationError(Exception):
    """A setting is missing or wrong, or what it points at (Slack, the database) cannot be
    reached: start-up stops, and the message, one line, says what to change."""


def _default_sqlite_path() -> Path:
    # imported when first needed (READINESS_SQLITE_PATH unset): keeps start-up short
    from platformdirs import user_data_path

    return user_data_path("outcome-readiness", appauthor=False) / "readiness.db"


def _is_placeholder(value: SecretStr | None) -> bool:
    if value is None:
        return True
    secret = value.get_secret_value().strip()
    return secret.lower() in PLACEHOLDERS or "..." in secret or secret.endswith("-your-token")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    slack_bot_token: SecretStr | None = Field(
        default=None, description="Bot User OAuth Token (xoxb-...), from OAuth & Permissions."
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, description="Signing Secret, from Basic Information > App Credentials."
    )
    slack_app_token: SecretStr | None = Field(
        default=None,
        description="App-Level Token (xapp-...) with connections:write, for Socket Mode only.",
    )
    slack_api_url: str = Field(
        default=DEFAULT_SLACK_API_URL,
        description="Base URL of Slack's Web API; the demo and tests point it at the stand-in.",
    )
    slack_client_id: str | None = Field(
        default=None,
        description="Client ID (Basic Information > App Credentials): turns on OAuth installs.",
    )
    slack_client_secret: SecretStr | None = Field(
        default=None, description="Client Secret, from Basic Information > App Credentials."
    )
    slack_authorize_url: str = Field(
        default=DEFAULT_AUTHORIZE_URL,
        validation_alias="SLACK_AUTHORIZE_URL",
        description="Slack's OAuth consent page; the tests point it at the stand-in.",
    )
    slack_redirect_uri: str | None = Field(
        default=None,
        description="OAuth redirect URL; defaults to READINESS_PUBLIC_URL + /slack/oauth_redirect.",
    )
    token_key: SecretStr | None = Field(
        default=None,
        validation_alias="READINESS_TOKEN_KEY",
        description="Fernet key that encrypts OAuth tokens in the database (OAuth installs "
        "only; `readiness token-key` makes one). Rotate: new key first, old keys after, "
        "comma-separated, then `readiness db rotate-token-key`.",
    )

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy or postgres:// URL; unset means the embedded SQLite file.",
    )
    sqlite_path: Path = Field(
        default_factory=_default_sqlite_path,
        validation_alias="READINESS_SQLITE_PATH",
        description="Where the embedded SQLite database lives when DATABASE_URL is unset.",
    )

    host: str = Field(
        default="0.0.0.0",
        validation_alias="READINESS_HOST",
        description="Address HTTP mode listens on; 127.0.0.1 behind a reverse proxy on the "
        "same machine.",
    )
    port: int = Field(
        default=3000, validation_alias="PORT", description="Port HTTP mode listens on."
    )
    log_level: LogLevel = Field(
        default="INFO",
        validation_alias="LOG_LEVEL",
        description="DEBUG, INFO, WARNING or ERROR. DEBUG adds tracebacks of start-up failures "
        "and message bodies (people's answers among them): keep it for diagnosis.",
    )
    public_url: str | None = Field(
        default=None,
        validation_alias="READINESS_PUBLIC_URL",
        description="The bot's public base URL (HTTP mode), for links to printable reports.",
    )
    report_secret: SecretStr | None = Field(
        default=None,
        validation_alias="READINESS_REPORT_SECRET",
        description="Signs report links; derived from the signing secret when unset.",
    )
    report_link_days: int = Field(
        default=30,
        ge=1,
        le=365,
        validation_alias="READINESS_REPORT_LINK_DAYS",
        description="How long a link to a person's own report works (a team's: 24 hours).",
    )
    deadline_check_seconds: float = Field(
        default=60,
        gt=0,
        validation_alias="READINESS_DEADLINE_CHECK_SECONDS",
        description="How often each worker looks for team runs past their deadline.",
    )
    resend_after_seconds: float = Field(
        default=120,
        gt=0,
        validation_alias="READINESS_RESEND_AFTER_SECONDS",
        description="A question or profile not yet shown this long after it was due (Slack "
        "down, a worker killed) is sent by the timetable. Keep it well above the Web API "
        "timeout (10 s), so a slow attempt is never doubled.",
    )
    token_expiry_margin_seconds: float = Field(
        default=15,
        ge=0,
        validation_alias="READINESS_TOKEN_EXPIRY_MARGIN_SECONDS",
        description="OAuth installs: a stored bot token with less than this left counts as "
        "expired, so a call made with it cannot fail halfway (tokens last 12 hours and are "
        "refreshed 6 hours before they expire).",
    )
    listener_threads: int = Field(
        default=12,
        ge=1,
        validation_alias="READINESS_LISTENER_THREADS",
        description="Threads that take Slack's requests: each saves one click and acks it. More "
        "is not faster, as they share one interpreter: with 32, the slowest of 200 clicks at once "
        "on PostgreSQL waited over 1 s in four runs of five; with 12, at most 0.83 s in seven.",
    )
    follow_up_threads: int = Field(
        default=4,
        ge=1,
        validation_alias="READINESS_FOLLOW_UP_THREADS",
        description="Threads that talk to Slack after the ack (next questions, profiles). Few, "
        "so that when many people click at once the acks come first.",
    )

    @property
    def database_connections(self) -> int:
        """Connections a worker keeps open to its database: one for each thread that uses it
        (the listener threads, the follow-up threads, the timetable's) and one to spare.

        SQLAlchemy's default pool keeps 5 and, for a burst, opens up to 10 more that it closes
        after one use: with 200 people clicking at once, a worker opened 1,400-1,600 PostgreSQL
        sessions in a few minutes (`python -m bench`), each a new server process.
        """
        return self.listener_threads + self.follow_up_threads + 2

    @property
    def database(self) -> URL:
        if self.database_url:
            return normalise_url(self.database_url)
        return sqlite_url(self.sqlite_path.expanduser())

    @property
    def signing_secret(self) -> str:
        """The signing secret (HTTP mode refuses to start without one)."""
        secret = self.slack_signing_secret
        return secret.get_secret_value() if secret is not None else ""

    @property
    def oauth_enabled(self) -> bool:
        """Installs through `/slack/install`, any number of workspaces, not one bot token."""
        return bool(self.slack_client_id) or self.slack_client_secret is not None

    @property
    def redirect_uri(self) -> str | None:
        if self.slack_redirect_uri:
            return self.slack_redirect_uri
        if self.public_url:
            return self.public_url.rstrip("/") + OAUTH_REDIRECT_PATH
        return None

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]

    def secrets(self) -> list[str]:
        """Every secret value set, so logging can redact them wherever they turn up."""
        keys = self.token_key.get_secret_value().split(",") if self.token_key else []
        values = (
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.slack_client_secret,
            self.report_secret,
            *(SecretStr(k.strip()) for k in keys),
        )
        return [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]

    def _bot_token_problems(self) -> list[str]:
        if not _is_placeholder(self.slack_bot_token):
            return []
        return [
            "SLACK_BOT_TOKEN: the Bot User OAuth Token (xoxb-...) from your app's "
            "OAuth & Permissions page"
        ]

    def _oauth_problems(self) -> list[str]:
        problems = []
        if not self.slack_client_id or not self.slack_client_id.strip():
            problems.append("SLACK_CLIENT_ID: the Client ID from your app's Basic Information page")
        if _is_placeholder(self.slack_client_secret):
            problems.append(
                "SLACK_CLIENT_SECRET: the Client Secret from your app's Basic Information page"
            )
        problems.extend(self._token_key_problems())
        if not _is_placeholder(self.slack_bot_token):
            problems.append(
                "SLACK_BOT_TOKEN: leave it unset with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; "
                "each workspace's token then comes from installing through /slack/install"
            )
        return problems

    def _token_key_problems(self) -> list[str]:
        if _is_placeholder(self.token_key):
            return [
                "READINESS_TOKEN_KEY: the key that encrypts each workspace's tokens in the "
                "database; make one with `readiness token-key` and keep it secret"
            ]
        try:
            self.token_cipher()
        except TokenKeyError as error:
            return [str(error)]
        return []

    def token_cipher(self) -> TokenCipher | None:
        """What seals OAuth tokens at rest; None without a key (single-token mode stores none)."""
        if self.token_key is None or not self.token_key.get_secret_value().strip():
            return None
        # imported when first needed (OAuth installs only): keeps start-up short
        from storage.token_cipher import TokenCipher

        return TokenCipher.from_setting(self.token_key.get_secret_value())

    def require_http_mode(self) -> None:
        """HTTP mode needs the signing secret that proves requests are Slack's, and either one bot
        token or the app's OAuth credentials."""
        problems = self._oauth_problems() if self.oauth_enabled else self._bot_token_problems()
        if _is_placeholder(self.slack_signing_secret):
            problems.append(
                "SLACK_SIGNING_SECRET: the Signing Secret from your app's Basic Information page"
            )
        _raise_if(problems)

    def require_socket_mode(self) -> None:
        problems = self._bot_token_problems()
        if self.oauth_enabled:
            problems.append(
                "SLACK_CLIENT_ID / SLACK_CLIENT_SECRET: installs through OAuth need HTTP mode "
                "(`readiness serve`); for Socket Mode unset them and use one SLACK_BOT_TOKEN"
            )
        token = self.slack_app_token
        if _is_placeholder(token) or not (token and token.get_secret_value().startswith("xapp-")):
            problems.append(
                "SLACK_APP_TOKEN: an App-Level Token (xapp-...) with the connections:write "
                "scope, from your app's Basic Information page"
            )
        _raise_if(problems)


def _raise_if(problems: list[str]) -> None:
    if problems:
        # One line however many: a log or a terminal shows it whole.
        raise ConfigurationError(
            "Cannot start. Set in the environment (or .env): " + "; ".join(problems) + "."
        )
