"""Bolt's ASGI adapter with `App.dispatch` run in a thread pool.

Bolt's sync ASGI handler runs `App.dispatch` on the event loop, which would make every request
wait for the one before it to be acknowledged. Here dispatch runs in a thread pool instead, so
many people can click at once and each still gets an ack within Slack's three seconds; so do the
checks before it, leaving the event loop only the reading and writing of requests. The OAuth
install and redirect routes run there too: they wait on the database and on Slack.

The size comes first: a body larger than `MAX_BODY_BYTES` is answered 413 without being read
whole (by its Content-Length when it gives one, else by counting bytes as they arrive), signed or
not, so nobody can make the bot buffer or hash megabytes. Then the signature (401, as bolt would
answer): nothing of a request Slack did not sign is parsed. Then a body that bolt cannot even read
as a Slack request (not UTF-8, not JSON, nested too deep, not an object, or fields of the wrong
type: see `bot.inbound.request_shapes`) is answered 400, before bolt dispatches it: bolt would
raise outside any listener and the server would answer 500.

Kept apart from `bot.run_modes.http_server` (and importing only slack_bolt and the
standard-library-only `bot.inbound.request_shapes`) so the benchmark's bare bolt floor can serve
requests exactly the same way without loading the bot.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.inbound.request_shapes import context_problem, nesting_problem, shape_problem

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"

MAX_BODY_BYTES = 1 << 20
"""1 MiB: the most the bot reads of one request.

What Slack documents puts its requests far below this. A view is at most 100 blocks, a text
object at most 3,000 characters, `private_metadata` 3,000 and a button value 2,000; a message's
text is cut at 40,000 characters. Our largest request is the all-at-once form's
`view_submission` (the whole view comes back: every question and option, about 20 KB of
JSON, 27 KB form-encoded). The worst case Slack could send us is a
message event of 40,000 emoji, each escaped to 12 bytes of JSON: about 480 KB. A mebibyte leaves
twice that, and still stops anyone making the bot buffer and hash megabytes per request."""


UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError)
"""What bolt raises parsing a body it cannot read (as it builds a `BoltRequest`)."""


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
        browser, not Slack). Only reading the body happens on the event loop: the rest takes CPU
        (the signature, parsing a payload of many kilobytes) that would hold up every other
        request being read and answered meanwhile."""
        raw = await _raw_body(request, limit=MAX_BODY_BYTES)
        if raw is None:
            logger.info("refused a body larger than %s bytes (413) unread", f"{MAX_BODY_BYTES:,}")
            return BoltResponse(status=413, body="")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor,
            self._checked,
            handle,
            raw,
            request.query_string,
            request.get_headers(),
            from_slack,
        )

    def _checked(
        self,
        handle: Callable[[BoltRequest], BoltResponse],
        raw: bytes,
        query: str,
        headers: dict[str, str | Sequence[str]],
        from_slack: bool,
    ) -> BoltResponse:
        """`handle` the request, if it is signed (when `from_slack`) and bolt can read it."""
        if from_slack and not self._signed_by_slack(raw, headers):
            logger.info("refused a request not signed by Slack (401)")
            return BoltResponse(status=401, body="")
        try:
            # Bolt parses the body (and reads ids out of it) as it builds the request.
            bolt_request = BoltRequest(body=raw.decode("utf-8"), query=query, headers=headers)
        except UNREADABLE as error:
            # ValueError covers bodies that are not UTF-8 or not JSON; RecursionError, JSON nested
            # deeper than the parser's stack allows (the parser unwinds cleanly, nothing is kept).
            return _malformed(f"{type(error).__name__}: {str(error)[:100]}")
        problem = (
            nesting_problem(bolt_request.body)
            or shape_problem(bolt_request.body)
            or context_problem(bolt_request.context)
        )
        if problem is not None:
            return _malformed(problem)
        return handle(bolt_request)

    def _signed_by_slack(self, raw: bytes, headers: dict[str, str | Sequence[str]]) -> bool:
        single = {k: v for k, v in headers.items() if isinstance(v, str)}
        try:
            return self._verifier.is_valid_request(raw, single)
        except (ValueError, UnicodeDecodeError):  # a timestamp that is not a number, not UTF-8
            return False


async def _raw_body(request: AsgiHttpRequest, *, limit: int) -> bytes | None:
    """The body as bytes (bolt's own `get_raw_body` decodes it and raises on non-UTF-8), or None
    as soon as it is known to be longer than `limit`: from its Content-Length before a byte is
    read, else (chunked, or a length that lies short) once the bytes received pass the limit.
    The rest is never read; the server closes the connection after the answer."""
    declared = request.get_headers().get("content-length")
    if (
        isinstance(declared, str)
        and declared.isascii()
        and declared.isdigit()
        and (len(declared) > 12 or int(declared) > limit)
    ):
        return None
    chunks = bytearray()
    while True:
        chunk = await request.receive()
        if chunk["type"] != "http.request":
            break  # the client went away; bolt answers the empty body as unsigned
        chunks.extend(chunk.get("body", b""))
        if len(chunks) > limit:
            return None
        if not chunk.get("more_body", False):
            break
    return bytes(chunks)


def _malformed(problem: str) -> BoltResponse:
    """Not a request Slack sends, whoever signed it: nothing is read from it or done. Logged at
    INFO: anyone can send junk to a public URL, and it says nothing about the bot's health."""
    logger.info("refused a malformed request (400): %s", problem)
    return BoltResponse(status=400, body="")
