"""One holder at a time for a named piece of work, across threads and, on PostgreSQL, processes.

Used where two workers doing the same thing at once would break it rather than merely repeat it:
rotating a workspace's Slack token spends its refresh token, so a second worker refreshing with
the same one would be refused and lose the workspace until someone reinstalls.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from storage.database import Database

_local_locks: dict[str, threading.Lock] = {}
_local_locks_guard = threading.Lock()


def _lock_key(name: str) -> int:
    """A stable signed 64-bit key for PostgreSQL's advisory locks."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), signed=True)


@contextmanager
def exclusive(database: Database, name: str) -> Iterator[None]:
    """Hold the lock `name` while the block runs.

    PostgreSQL: a session advisory lock, seen by every worker on the database. SQLite serves one
    process, so a lock in this process is enough (and holding SQLite's own write lock across a
    network call would stall every other writer).
    """
    with _local_lock(name):
        if database.engine.dialect.name != "postgresql":
            yield
            return
        key = _lock_key(name)
        with database.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()


@contextmanager
def _local_lock(name: str) -> Iterator[None]:
    with _local_locks_guard:
        lock = _local_locks.setdefault(name, threading.Lock())
    with lock:
        yield
