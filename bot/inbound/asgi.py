"""Bolt's ASGI adapter with `App.dispatch` run in a thread pool.

Bolt's sync ASGI handler runs `App.dispatch` on the event loop, which would make every request
wait for the one before it to be acknowledged. Here dispatch runs in a thread pool instead, so
many people can click at once and each still gets an ack within Slack's three seconds. The OAuth
install and redirect routes run there too: they wait on the database and on Slack.

The signature is checked here first (401, as bolt would answer): nothing of a request Slack did
not sign is read. Then a body that bolt cannot even read as a Slack request (not JSON, not an
object, or fields of the wrong type: see `bot.inbound.request_shapes`) is answered 400, before bolt
parses or dispatches it: bolt would raise outside any listener and the server would answer 500.

Kept apart from `bot.run_modes.http_server` (and importing only slack_bolt and the
standard-library-only `bot.inbound.request_shapes`) so the benchmark's bare bolt floor can serve
requests exactly the same way without loading the bot.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.inbound.request_shapes import context_problem, shape_problem

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class ThreadedSlackRequestHandler(SlackRequestHandler):
    def __init__(
        self,
        app: App,
        executor: ThreadPoolExecutor,
        *,
        signing_secret: str,
        path: str = EVENTS_PATH,
    ) -> None:
        super().__init__(app, path)
        self._executor = executor
        self._verifier = SignatureVerifier(signing_secret)

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        return await self._in_thread(self.app.dispatch, request, from_slack=True)

    async def handle_installation(self, request: AsgiHttpRequest) -> BoltResponse:
        assert self.app.oauth_flow is not None
        return await self._in_thread(
            self.app.oauth_flow.handle_installation, request, from_slack=False
        )

    async def handle_callback(self, request: AsgiHttpRequest) -> BoltResponse:
        assert self.app.oauth_flow is not None
        return await self._in_thread(self.app.oauth_flow.handle_callback, request, from_slack=False)

    async def _in_thread(
        self,
        handle: Callable[[BoltRequest], BoltResponse],
        request: AsgiHttpRequest,
        *,
        from_slack: bool,
    ) -> BoltResponse:
        """`from_slack`: a signed request to the events URL (the OAuth routes are a person's
        browser, not Slack)."""
        raw = await _raw_body(request)
        if from_slack and not self._signed_by_slack(raw, request):
            logger.info("refused a request not signed by Slack (401)")
            return BoltResponse(status=401, body="")
        try:
            # Bolt parses the body (and reads ids out of it) as it builds the request.
            bolt_request = BoltRequest(
                body=raw.decode("utf-8"),
                query=request.query_string,
                headers=request.get_headers(),
            )
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
            # ValueError covers bodies that are not UTF-8 or not JSON.
            return _malformed(f"{type(error).__name__}: {str(error)[:100]}")
        problem = shape_problem(bolt_request.body) or context_problem(bolt_request.context)
        if problem is not None:
            return _malformed(problem)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, handle, bolt_request)

    def _signed_by_slack(self, raw: bytes, request: AsgiHttpRequest) -> bool:
        headers = {k: v for k, v in request.get_headers().items() if isinstance(v, str)}
        try:
            return self._verifier.is_valid_request(raw, headers)
        except (ValueError, UnicodeDecodeError):  # a timestamp that is not a number, not UTF-8
            return False


async def _raw_body(request: AsgiHttpRequest) -> bytes:
    """The body as bytes (bolt's own `get_raw_body` decodes it and raises on non-UTF-8)."""
    chunks = bytearray()
    while True:
        chunk = await request.receive()
        if chunk["type"] != "http.request":
            break  # the client went away; bolt answers the empty body as unsigned
        chunks.extend(chunk.get("body", b""))
        if not chunk.get("more_body", False):
            break
    return bytes(chunks)


def _malformed(problem: str) -> BoltResponse:
    """Not a request Slack sends, whoever signed it: nothing is read from it or done. Logged at
    INFO: anyone can send junk to a public URL, and it says nothing about the bot's health."""
    logger.info("refused a malformed request (400): %s", problem)
    return BoltResponse(status=400, body="")
