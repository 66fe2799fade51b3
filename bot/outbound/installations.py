"""Where a workspace's bot token comes from: the one configured token, or OAuth installs.

With `SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET` the bot serves bolt's install and redirect
routes and keeps each workspace's installation in its own database through slack_sdk's SQLAlchemy
stores (tables made by `readiness db upgrade`; tokens encrypted, install states used once:
`bot.outbound.install_stores`). Tokens rotate: bolt refreshes a token well before it expires,
here one worker at a time per workspace, because refreshing spends the refresh token and a second
worker using the same one would be refused.

A refresh can also be lost after Slack carried it out: the worker killed, or the connection cut,
between Slack's answer and our saving it. The stored refresh token is then spent, but the stored
access token still works until it expires, so a refused refresh is not the end: the bot goes on
with the stored token, logs a warning and tries again later. Only a refused refresh with the
stored token expired leaves the workspace needing to reinstall.

Background work (deadlines, schedules, reminders) has no incoming request to carry a token, so
`WorkspaceBots` finds the bot of a workspace by its id the same way bolt does for requests.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from time import time
from typing import TYPE_CHECKING, Any

from slack_bolt import BoltContext
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError, SlackTokenRotationError
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.config import ConfigurationError, Settings
from bot.outbound.web_client import make_web_client
from bot.slack_app import bot_scopes
from storage.database import Database
from storage.locks import exclusive

if TYPE_CHECKING:
    from bot.outbound.install_stores import SealedInstallationStore

logger = logging.getLogger(__name__)

STATE_LIFETIME_SECONDS = 600
"""How long an install link's state stays usable: Slack's own consent codes last ten minutes."""
REFRESH_MINUTES_BEFORE_EXPIRY = 360
"""Refresh a rotating token when it has less than this left: half of the 12 hours Slack's tokens
last, so a refresh that fails (Slack down, or its answer lost in a crash) leaves hours of the
stored token to work on while the bot tries again."""
RETRY_REFRESH_SECONDS = 300
"""After a refused or failed refresh, how long a worker goes on with the stored token before it
tries again (while the stored token lives)."""


class OneRotationAtATime(TokenRotator):
    """Bolt's token rotator, with each workspace's refresh done by one worker at a time, and a
    failed refresh survived while the stored token lives.

    Inside the lock the stored bot is read again: if another worker has just refreshed it, its
    fresh token is used as it is, rather than spending the now revoked refresh token. The new
    pair is saved the moment Slack answers.
    """

    def __init__(
        self,
        *,
        database: Database,
        store: SealedInstallationStore,
        client_id: str,
        client_secret: str,
        client: WebClient,
        expiry_margin_seconds: float,
    ) -> None:
        super().__init__(client_id=client_id, client_secret=client_secret, client=client)
        self._database = database
        self._store = store
        self._margin = expiry_margin_seconds
        self._retry_after: dict[str, float] = {}
        self._retry_lock = threading.Lock()

    def perform_bot_token_rotation(
        self, *, bot: Bot, minutes_before_expiration: int = REFRESH_MINUTES_BEFORE_EXPIRY
    ) -> Bot | None:
        if not _expiring(bot, minutes_before_expiration):
            return None
        name = f"{bot.enterprise_id}:{bot.team_id}"
        if self._alive(bot) and self._waiting(name):
            return None  # a refresh failed a moment ago: the stored token serves meanwhile
        with exclusive(self._database, f"slack-token-rotation:{name}"):
            latest = self._store.find_bot(
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                is_enterprise_install=bot.is_enterprise_install,
            )
            if latest is not None and not _expiring(latest, minutes_before_expiration):
                return latest
            current = latest or bot
            try:
                refreshed = super().perform_bot_token_rotation(
                    bot=current, minutes_before_expiration=minutes_before_expiration
                )
            except (SlackTokenRotationError, SlackClientError, OSError) as error:
                return self._refresh_failed(name, current, error)
            if refreshed is not None:
                self._store.save_bot(refreshed)
                logger.info("rotated the bot token of %s", bot.team_id)
            return refreshed

    def _refresh_failed(self, name: str, current: Bot, error: Exception) -> Bot | None:
        """Go on with the stored token while it lives (None: bolt uses it); else re-raise, and
        bolt tells the person to install the app again."""
        reason = _reason(error)
        if not self._alive(current):
            logger.error(
                "the bot token of %s has expired and Slack refused to refresh it (%s): the "
                "workspace must install the app again",
                current.team_id,
                reason,
            )
            if isinstance(error, SlackTokenRotationError):
                raise error
            raise SlackTokenRotationError(error) from error  # type: ignore[arg-type]
        with self._retry_lock:
            self._retry_after[name] = time() + RETRY_REFRESH_SECONDS
        minutes_left = int(((current.bot_token_expires_at or 0) - time()) // 60)
        logger.warning(
            "could not refresh the bot token of %s (%s): going on with the stored token, which "
            "works for %d more minutes, and trying again in %d minutes",
            current.team_id,
            reason,
            minutes_left,
            RETRY_REFRESH_SECONDS // 60,
        )
        return None

    def _alive(self, bot: Bot) -> bool:
        """The stored token has time left to make a call with it: more than the margin
        (`READINESS_TOKEN_EXPIRY_MARGIN_SECONDS`), as a call made with it could fail."""
        expires_at = bot.bot_token_expires_at
        return expires_at is None or expires_at > time() + self._margin

    def _waiting(self, name: str) -> bool:
        with self._retry_lock:
            return time() < self._retry_after.get(name, 0.0)


def _reason(error: Exception) -> str:
    """Slack's error code (`invalid_refresh_token`), or the failure's name."""
    cause = error.api_error if isinstance(error, SlackTokenRotationError) else error
    response = getattr(cause, "response", None)
    code = response.get("error") if response is not None else None
    return str(code) if code else type(cause).__name__


def _expiring(bot: Bot, minutes: int) -> bool:
    expires_at = bot.bot_token_expires_at
    return expires_at is not None and expires_at <= time() + minutes * 60


@dataclass(frozen=True)
class OAuthParts:
    """What bolt needs for OAuth installs, all kept in the bot's database."""

    settings: OAuthSettings
    authorize: InstallationStoreAuthorize
    installation_store: SealedInstallationStore


def oauth_parts(settings: Settings, database: Database, client: WebClient) -> OAuthParts:
    # imported when first needed (OAuth installs only): keeps start-up short
    from bot.outbound.install_stores import OnceOnlyStateStore, SealedInstallationStore

    assert settings.slack_client_id and settings.slack_client_secret is not None
    client_id = settings.slack_client_id
    client_secret = settings.slack_client_secret.get_secret_value()
    cipher = settings.token_cipher()
    if cipher is None:
        raise ConfigurationError(
            "READINESS_TOKEN_KEY is not set: OAuth installs keep tokens encrypted with it; "
            "make one with `readiness token-key`"
        )
    store = SealedInstallationStore(
        client_id=client_id,
        engine=database.engine,
        cipher=cipher,
        logger=logging.getLogger("slack_sdk.oauth"),
    )
    authorize = InstallationStoreAuthorize(
        logger=logging.getLogger("slack_bolt.authorize"),
        installation_store=store,
        client_id=client_id,
        client_secret=client_secret,
        token_rotation_expiration_minutes=REFRESH_MINUTES_BEFORE_EXPIRY,
        bot_only=True,
        # auth.test once per token rather than on every request; a rotated token is a new key.
        cache_enabled=True,
        client=client,
    )
    authorize.token_rotator = OneRotationAtATime(
        database=database,
        store=store,
        client_id=client_id,
        client_secret=client_secret,
        client=client,
        expiry_margin_seconds=settings.token_expiry_margin_seconds,
    )
    oauth = OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=bot_scopes(),
        user_scopes=[],
        redirect_uri=settings.redirect_uri,
        authorization_url=settings.slack_authorize_url,
        installation_store=store,
        installation_store_bot_only=True,
        token_rotation_expiration_minutes=REFRESH_MINUTES_BEFORE_EXPIRY,
        state_store=OnceOnlyStateStore(
            expiration_seconds=STATE_LIFETIME_SECONDS,
            engine=database.engine,
            logger=logging.getLogger("slack_sdk.oauth"),
        ),
        state_expiration_seconds=STATE_LIFETIME_SECONDS,
    )
    return OAuthParts(settings=oauth, authorize=authorize, installation_store=store)


@dataclass(frozen=True)
class WorkspaceBot:
    """A client holding one workspace's bot token, and the bot's own user id there."""

    client: WebClient
    bot_user_id: str | None


class WorkspaceBots:
    """The bot of a workspace, for work no Slack request started (the timetable)."""

    def __init__(
        self, settings: Settings, client: WebClient, oauth: OAuthParts | None = None
    ) -> None:
        self._settings = settings
        self._client = client
        self._oauth = oauth
        self._single: WorkspaceBot | None = None
        self._lock = threading.Lock()

    def for_workspace(self, workspace_id: str) -> WorkspaceBot | None:
        """None when the app is no longer installed there (its work is skipped, and logged)."""
        if self._oauth is None:
            return self._single_bot()
        result = self._oauth.authorize(
            context=BoltContext({"client": self._client}),
            enterprise_id=None,
            team_id=workspace_id,
            user_id=None,
        )
        if result is None or not result.bot_token:
            logger.warning("no installation in %s: its background work is skipped", workspace_id)
            return None
        return WorkspaceBot(
            client=make_web_client(self._settings, token=result.bot_token),
            bot_user_id=result.bot_user_id,
        )

    def _single_bot(self) -> WorkspaceBot:
        with self._lock:
            if self._single is None:
                identity: dict[str, Any] = self._client.auth_test().data  # type: ignore[assignment]
                self._single = WorkspaceBot(self._client, identity.get("user_id"))
            return self._single
