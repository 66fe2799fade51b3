"""Bolt's ASGI adapter with `App.dispatch` run in a thread pool.

Bolt's sync ASGI handler runs `App.dispatch` on the event loop, which would make every request
wait for the one before it to be acknowledged. Here dispatch runs in a thread pool instead, so
many people can click at once and each still gets an ack within Slack's three seconds. The OAuth
install and redirect routes run there too: they wait on the database and on Slack.

Kept apart from `bot.http_server` (and importing only slack_bolt) so the benchmark's bare bolt
floor can serve requests exactly the same way without loading the bot.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

EVENTS_PATH = "/slack/events"


class ThreadedSlackRequestHandler(SlackRequestHandler):
    def __init__(self, app: App, executor: ThreadPoolExecutor, path: str = EVENTS_PATH) -> None:
        super().__init__(app, path)
        self._executor = executor

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        return await self._in_thread(self.app.dispatch, request)

    async def handle_installation(self, request: AsgiHttpRequest) -> BoltResponse:
        assert self.app.oauth_flow is not None
        return await self._in_thread(self.app.oauth_flow.handle_installation, request)

    async def handle_callback(self, request: AsgiHttpRequest) -> BoltResponse:
        assert self.app.oauth_flow is not None
        return await self._in_thread(self.app.oauth_flow.handle_callback, request)

    async def _in_thread(
        self, handle: Callable[[BoltRequest], BoltResponse], request: AsgiHttpRequest
    ) -> BoltResponse:
        bolt_request = BoltRequest(
            body=await request.get_raw_body(),
            query=request.query_string,
            headers=request.get_headers(),
        )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, handle, bolt_request)
