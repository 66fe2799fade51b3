"""Errors the caller can turn into a message to the person, rather than a stack trace."""

from __future__ import annotations


class StorageError(Exception):
    """Base for refusals that say what went wrong in words a person can act on."""


class RunNotOpen(StorageError):
    def __init__(self, run_id: str, status: str) -> None:
        super().__init__(f"assessment run {run_id} is {status}, not open")
        self.run_id = run_id
        self.status = status


class NotFound(StorageError):
    def __init__(self, what: str, ident: str) -> None:
        super().__init__(f"no {what} {ident}")
        self.what = what
        self.ident = ident


class ChannelHasOpenRun(StorageError):
    def __init__(self, channel_id: str, run_id: str) -> None:
        super().__init__(f"channel {channel_id} already has open team run {run_id}")
        self.channel_id = channel_id
        self.run_id = run_id


class SchemaOutOfDate(StorageError):
    """The database is behind (or ahead of) the code; starting would corrupt or crash."""


class TokenKeyError(ValueError):
    """The configured key is not a Fernet key, or no configured key opens a stored token.

    Defined here rather than beside `storage.token_cipher.TokenCipher` so that `readiness` can
    catch it without importing `cryptography` at start-up."""
