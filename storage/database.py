"""Engines and sessions for the embedded SQLite default and for PostgreSQL.

SQLite is tuned for many short writers from several threads: WAL so readers never block the
writer, a busy timeout so writers queue instead of failing, foreign keys enforced, and every
transaction started with BEGIN IMMEDIATE so a read-then-write transaction cannot be overtaken
between its read and its write (which WAL would otherwise report as a busy error mid-way).

Within one process, transactions also queue on a lock of ours before BEGIN IMMEDIATE. SQLite's
busy timeout makes a waiting writer sleep and retry with growing pauses (up to 100 ms at a
time), so with dozens of threads writing at once some wait seconds for a lock that was free for
most of that time; a Python lock hands over the moment it is released. (Several processes on one
SQLite file still wait for each other through SQLite's busy timeout.)
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str | URL) -> URL:
    """Accept the `postgres://` URLs hosting providers hand out; use the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in {"postgres", "postgresql"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def make_engine(url: str | URL, **options: Any) -> Engine:
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        connect_args = {**options.pop("connect_args", {}), "factory": _queued_connection_class()}
        engine = create_engine(parsed, connect_args=connect_args, **options)
        _tune_sqlite(engine)
        return engine
    engine = create_engine(parsed, **options)
    _ping_idle_connections(engine)
    return engine


IDLE_BEFORE_PING = 10.0
"""Seconds a pooled connection may sit unused before it is checked on its way out."""


def _ping_idle_connections(engine: Engine) -> None:
    """Check that a pooled connection still works before using it, if it sat idle a while.

    SQLAlchemy's `pool_pre_ping` checks every checkout: a round trip on every transaction, and
    a click takes several. Connections go stale while idle (a restarted server, a proxy's idle
    timeout), so only those are checked; one found dead is replaced, as pre-ping would.
    """

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("a pooled connection had gone stale") from error


class _QueuedConnection(sqlite3.Connection):
    """A connection whose transactions take `queue` first and let go of it once they end."""

    queue: threading.Lock
    holding = False

    def begin_immediate(self) -> None:
        self.queue.acquire()
        self.holding = True
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._let_go()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._let_go()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._let_go()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._let_go()

    def _let_go(self) -> None:
        if self.holding:
            self.holding = False
            self.queue.release()


def _queued_connection_class() -> type[_QueuedConnection]:
    """One queue per engine: every connection of the engine shares it."""
    return type("QueuedConnection", (_QueuedConnection,), {"queue": threading.Lock()})


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        assert isinstance(dbapi_connection, _QueuedConnection)
        dbapi_connection.begin_immediate()


def affected_rows(session: Session, statement: Executable) -> int:
    """Rows an UPDATE or DELETE touched: how a conditional write tells whether it won."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount


def core(
    session: Session, statement: Executable, values: dict[str, Any] | None = None
) -> CursorResult[Any]:
    """Run `statement` in the session's transaction as plain SQL, past the ORM.

    An UPDATE or INSERT through `session.execute` goes through the ORM's bulk machinery
    (autoflush, matching the rows to loaded objects), which costs more than the statement itself
    (~0.4 ms against ~0.15 ms); a click runs several. Only for statements on rows no object
    loaded in this session stands for, or whose caller brings that object up to date itself."""
    result = session.connection().execute(statement, values)
    assert isinstance(result, CursorResult)
    return result


def upsert_into(session: Session, table: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that can say ON CONFLICT, in the dialect of the session's database.

    Idempotent writes (an answer delivered twice, a reminder claimed by two workers) rely on
    the database deciding; both supported databases say it the same way, in their own class.
    """
    return insert_for(session.get_bind().dialect.name, table)


def insert_for(dialect: str, table: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """`upsert_into` by the dialect's name, for a statement built once and kept."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {dialect}")


class Database:
    """One engine and its session factory; what the bot and the CLI pass around."""

    def __init__(self, url: str | URL, **engine_options: Any) -> None:
        self.engine = make_engine(url, **engine_options)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def url(self) -> URL:
        return self.engine.url

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
