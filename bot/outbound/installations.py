"""Where a workspace's bot token comes from: the one configured token, or OAuth installs.

With `SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET` the bot serves bolt's install and redirect
routes and keeps each workspace's installation in its own database through slack_sdk's SQLAlchemy
stores (tables made by `readiness db upgrade`). Tokens rotate: bolt refreshes a token shortly
before it expires, here one worker at a time per workspace, because refreshing spends the refresh
token and a second worker using the same one would be refused.

Background work (deadlines, schedules, reminders) has no incoming request to carry a token, so
`WorkspaceBots` finds the bot of a workspace by its id the same way bolt does for requests.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from time import time
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.config import Settings
from bot.outbound.web_client import make_web_client
from bot.slack_app import bot_scopes
from storage.database import Database
from storage.locks import exclusive

logger = logging.getLogger(__name__)

STATE_LIFETIME_SECONDS = 600
"""How long an install link's state stays usable: Slack's own consent codes last ten minutes."""
REFRESH_MINUTES_BEFORE_EXPIRY = 120
"""Refresh a rotating token when it has less than this left (Slack's tokens last 12 hours)."""


class OneRotationAtATime(TokenRotator):
    """Bolt's token rotator, with each workspace's refresh done by one worker at a time.

    Inside the lock the stored bot is read again: if another worker has just refreshed it, its
    fresh token is used as it is, rather than spending the now revoked refresh token.
    """

    def __init__(
        self,
        *,
        database: Database,
        store: SQLAlchemyInstallationStore,
        client_id: str,
        client_secret: str,
        client: WebClient,
    ) -> None:
        super().__init__(client_id=client_id, client_secret=client_secret, client=client)
        self._database = database
        self._store = store

    def perform_bot_token_rotation(
        self, *, bot: Bot, minutes_before_expiration: int = REFRESH_MINUTES_BEFORE_EXPIRY
    ) -> Bot | None:
        if not _expiring(bot, minutes_before_expiration):
            return None
        with exclusive(self._database, f"slack-token-rotation:{bot.enterprise_id}:{bot.team_id}"):
            latest = self._store.find_bot(
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                is_enterprise_install=bot.is_enterprise_install,
            )
            if latest is not None and not _expiring(latest, minutes_before_expiration):
                return latest
            refreshed = super().perform_bot_token_rotation(
                bot=latest or bot, minutes_before_expiration=minutes_before_expiration
            )
            if refreshed is not None:
                self._store.save_bot(refreshed)
                logger.info("rotated the bot token of %s", bot.team_id)
            return refreshed


def _expiring(bot: Bot, minutes: int) -> bool:
    expires_at = bot.bot_token_expires_at
    return expires_at is not None and expires_at <= time() + minutes * 60


@dataclass(frozen=True)
class OAuthParts:
    """What bolt needs for OAuth installs, all kept in the bot's database."""

    settings: OAuthSettings
    authorize: InstallationStoreAuthorize
    installation_store: SQLAlchemyInstallationStore


def oauth_parts(settings: Settings, database: Database, client: WebClient) -> OAuthParts:
    assert settings.slack_client_id and settings.slack_client_secret is not None
    client_id = settings.slack_client_id
    client_secret = settings.slack_client_secret.get_secret_value()
    store = SQLAlchemyInstallationStore(
        client_id=client_id, engine=database.engine, logger=logging.getLogger("slack_sdk.oauth")
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
        state_store=SQLAlchemyOAuthStateStore(
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
