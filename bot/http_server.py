"""HTTP mode: bolt's ASGI adapter under uvicorn, plus a health endpoint.

Bolt's sync ASGI handler runs `App.dispatch` on the event loop, which would make every request
wait for the one before it to be acknowledged. Here dispatch runs in a thread pool instead, so
many people can click at once and each still gets an ack within Slack's three seconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from sqlalchemy import text

from storage.database import Database

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class ThreadedSlackRequestHandler(SlackRequestHandler):
    def __init__(self, app: App, executor: ThreadPoolExecutor, path: str = EVENTS_PATH) -> None:
        super().__init__(app, path)
        self._executor = executor

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        bolt_request = BoltRequest(
            body=await request.get_raw_body(),
            query=request.query_string,
            headers=request.get_headers(),
        )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.app.dispatch, bolt_request)


class ReadinessASGI:
    """Routes `/healthz` itself and hands everything else to bolt."""

    def __init__(self, app: App, database: Database, *, dispatch_threads: int = 32) -> None:
        self._executor = ThreadPoolExecutor(dispatch_threads, thread_name_prefix="dispatch")
        self._slack = ThreadedSlackRequestHandler(app, self._executor)
        self._database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == HEALTH_PATH:
            await self._health(send)
            return
        await self._slack(scope, receive, send)  # type: ignore[arg-type]

    async def _health(self, send: Send) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._executor, self._ping_database)
            status, body = 200, {"ok": True, "database": "ok"}
        except Exception:
            logger.exception("health check: database unreachable")
            status, body = 503, {"ok": False, "database": "unreachable"}
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    def _ping_database(self) -> None:
        with self._database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))


def serve_http(asgi: ReadinessASGI, *, host: str, port: int, log_level: str) -> None:
    uvicorn.run(asgi, host=host, port=port, log_level=log_level.lower(), access_log=False)
