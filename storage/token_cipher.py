"""Slack tokens kept encrypted in the database: the OAuth installation's bot token, user token
and both refresh tokens, sealed with Fernet (AES-128-CBC with an HMAC) under a key from settings.

A leaked database dump (a backup, a replica, a support export) then holds nothing that can call
Slack. Keys rotate with `MultiFernet`: `READINESS_TOKEN_KEY=new,old` seals with the first key and
opens with any of them, and `readiness db rotate-token-key` re-seals every stored token with the
first, after which the old key can be dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import overload

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Connection, column, func, or_, select, table, update

from storage.errors import TokenKeyError

SEALED_COLUMNS: dict[str, tuple[str, ...]] = {
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
    "slack_bots": ("bot_token", "bot_refresh_token"),
}
"""Where slack_sdk's stores keep tokens: every one of these is sealed at rest."""


@dataclass(frozen=True)
class TokenCipher:
    """Seals and opens tokens with the configured keys (the first seals; any opens)."""

    _fernet: MultiFernet

    @classmethod
    def from_setting(cls, keys: str) -> TokenCipher:
        """`keys`: one Fernet key, or several separated by commas, newest first."""
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise TokenKeyError("READINESS_TOKEN_KEY is empty")
        try:
            return cls(MultiFernet([Fernet(k) for k in parts]))
        except ValueError as error:
            raise TokenKeyError(
                "READINESS_TOKEN_KEY is not a Fernet key (32 url-safe base64-encoded bytes); "
                "make one with `readiness token-key`"
            ) from error

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode("ascii")

    @overload
    def seal(self, value: str) -> str: ...
    @overload
    def seal(self, value: None) -> None: ...
    def seal(self, value: str | None) -> str | None:
        """The value encrypted; a value already sealed with one of our keys is left as it is, so
        sealing twice (slack_sdk's `save` calls `save_bot`) is harmless."""
        if value is None or self._opens(value):
            return value
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    @overload
    def open(self, value: str) -> str: ...
    @overload
    def open(self, value: None) -> None: ...
    def open(self, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return self._fernet.decrypt(value.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError) as error:
            raise TokenKeyError(
                "a stored Slack token cannot be decrypted with READINESS_TOKEN_KEY: set the key "
                "it was stored with (new key first, old keys after, comma-separated)"
            ) from error

    def reseal(self, value: str) -> str:
        """A stored value sealed again with the first key (a plain one is sealed)."""
        if not self._opens(value):
            return self.seal(value)
        return self._fernet.rotate(value.encode("ascii")).decode("ascii")

    def _opens(self, value: str) -> bool:
        try:
            self._fernet.decrypt(value.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            return False
        return True


def stored_tokens(connection: Connection) -> Iterator[tuple[str, str, int, str]]:
    """(table, column, row id, value) of every token stored, sealed or not."""
    for table_name, columns in SEALED_COLUMNS.items():
        t = table(table_name, column("id"), *(column(c) for c in columns))
        for row in connection.execute(select(t)).mappings():
            for name in columns:
                if row[name] is not None:
                    yield table_name, name, row["id"], row[name]


def has_stored_tokens(connection: Connection) -> bool:
    """Whether any row of slack_sdk's tables holds a token (a database that never had an OAuth
    install needs no key to upgrade)."""
    for table_name, columns in SEALED_COLUMNS.items():
        t = table(table_name, *(column(c) for c in columns))
        held = or_(*(t.c[c].is_not(None) for c in columns))
        if connection.execute(select(func.count()).select_from(t).where(held)).scalar():
            return True
    return False


def reseal_stored_tokens(connection: Connection, cipher: TokenCipher) -> int:
    """Every stored token sealed with the first key (plain ones encrypted, sealed ones re-sealed);
    how many were written. Run inside one transaction: all or nothing."""
    written = 0
    for table_name, name, row_id, value in list(stored_tokens(connection)):
        t = table(table_name, column("id"), column(name))
        connection.execute(update(t).where(t.c.id == row_id).values({name: cipher.reseal(value)}))
        written += 1
    return written


def open_stored_tokens(connection: Connection, cipher: TokenCipher) -> int:
    """Every stored token decrypted in place (the migration's downgrade)."""
    written = 0
    for table_name, name, row_id, value in list(stored_tokens(connection)):
        t = table(table_name, column("id"), column(name))
        connection.execute(update(t).where(t.c.id == row_id).values({name: cipher.open(value)}))
        written += 1
    return written
