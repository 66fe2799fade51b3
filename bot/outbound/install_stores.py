"""slack_sdk's SQLAlchemy OAuth stores, made safe to share: tokens sealed at rest, and an install
state that can be used once only, on every database.

`SealedInstallationStore` encrypts the bot token, user token and both refresh tokens on the way
into slack_sdk's tables and decrypts them on the way out (`storage.token_cipher`), so a copy of
the database calls nothing in Slack. Everything else (queries, columns, deletes) is slack_sdk's.

`OnceOnlyStateStore`: slack_sdk's state store reads the state's row and then deletes it by id
without checking that it did, so two redirects carrying the same state at the same instant both
pass on PostgreSQL (each reads the row before either deletes it). Here the state is consumed by
one conditional delete that must remove exactly one row: the database lets one of them win.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, Table, Text, and_

from storage.token_cipher import SEALED_COLUMNS, TokenCipher

logger = logging.getLogger(__name__)


def _widened(table: Table) -> Table:
    """slack_sdk's table with its token columns as TEXT: a sealed token outgrows 200 characters
    (migration 0009 widens them in the database)."""
    for name in SEALED_COLUMNS[_base_name(table.name)]:
        table.c[name].type = Text()
    return table


def _base_name(table_name: str) -> str:
    return "slack_installations" if table_name.endswith("installations") else "slack_bots"


class SealedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's installation store, with every token encrypted in the database."""

    def __init__(
        self, *, client_id: str, engine: Engine, cipher: TokenCipher, logger: logging.Logger
    ) -> None:
        self._cipher = cipher
        super().__init__(client_id=client_id, engine=engine, logger=logger)

    @classmethod
    def build_installations_table(cls, metadata: MetaData, table_name: str) -> Table:
        return _widened(super().build_installations_table(metadata, table_name))

    @classmethod
    def build_bots_table(cls, metadata: MetaData, table_name: str) -> Table:
        return _widened(super().build_bots_table(metadata, table_name))

    def save(self, installation: Installation) -> None:
        sealed = Installation(**installation.to_dict_for_copying())
        sealed.bot_token = self._cipher.seal(sealed.bot_token)
        sealed.bot_refresh_token = self._cipher.seal(sealed.bot_refresh_token)
        sealed.user_token = self._cipher.seal(sealed.user_token)
        sealed.user_refresh_token = self._cipher.seal(sealed.user_refresh_token)
        super().save(sealed)  # calls save_bot, which finds the bot's tokens already sealed

    def save_bot(self, bot: Bot) -> None:
        sealed = Bot(**bot.to_dict_for_copying())
        sealed.bot_token = self._cipher.seal(sealed.bot_token)
        sealed.bot_refresh_token = self._cipher.seal(sealed.bot_refresh_token)
        super().save_bot(sealed)

    def build_installation_entity(self, row: Any) -> Installation:  # type: ignore[override]
        installation = super().build_installation_entity(row)
        installation.bot_token = self._cipher.open(installation.bot_token)
        installation.bot_refresh_token = self._cipher.open(installation.bot_refresh_token)
        installation.user_token = self._cipher.open(installation.user_token)
        installation.user_refresh_token = self._cipher.open(installation.user_refresh_token)
        return installation

    def build_bot_entity(self, row: Any) -> Bot:  # type: ignore[override]
        bot = super().build_bot_entity(row)
        bot.bot_token = self._cipher.open(bot.bot_token)
        bot.bot_refresh_token = self._cipher.open(bot.bot_refresh_token)
        return bot


class OnceOnlyStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's OAuth state store, whose `consume` lets exactly one caller use a state."""

    def consume(self, state: str) -> bool:
        now = normalize_datetime_for_db(datetime.now(tz=UTC))
        c = self.oauth_states.c
        try:
            with self.engine.begin() as connection:
                removed = connection.execute(
                    self.oauth_states.delete().where(and_(c.state == state, c.expire_at > now))
                ).rowcount
        except Exception:
            logger.exception("could not consume an OAuth state")
            return False
        if removed != 1:
            logger.warning(
                "an install came back with an OAuth state that is unknown, expired or "
                "already used: refused"
            )
        return removed == 1
