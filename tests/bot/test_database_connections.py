"""A worker keeps its database connections through a burst of clicks: on PostgreSQL a new
connection is a new server process, and SQLAlchemy's default pool opened one for most clicks of a
burst wider than five, closing it again after one use."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import event, text

from bot.run_modes.preflight import open_database
from standin import SlackStandIn
from storage.schema import upgrade
from tests.bot_fixtures import bot_settings

BURSTS = 4


def test_bursts_as_wide_as_the_workers_threads_open_each_connection_once(
    standin: SlackStandIn, database_url: str
) -> None:
    settings = bot_settings(standin, database_url=database_url, listener_threads=12)
    database = open_database(settings, current_schema=False)
    try:
        upgrade(database.engine)
        opened: list[object] = []
        event.listen(database.engine, "connect", lambda connection, _: opened.append(connection))
        threads = settings.database_connections
        start = threading.Barrier(threads)

        def click(_: int) -> None:
            start.wait(timeout=30)
            with database.session() as session:
                session.execute(text("SELECT 1"))
                time.sleep(0.05)  # every thread inside a transaction at once

        with ThreadPoolExecutor(threads) as pool:
            for _ in range(BURSTS):
                list(pool.map(click, range(threads)))
        assert 0 < len(opened) <= threads
    finally:
        database.dispose()
