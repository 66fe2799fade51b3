"""HTTP mode: bolt's ASGI adapter under uvicorn, plus a health endpoint.

Bolt's sync ASGI handler runs `App.dispatch` on the event loop, which would make every request
wait for the one before it to be acknowledged. Here dispatch runs in a thread pool instead, so
many people can click at once and each still gets an ack within Slack's three seconds.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import uvicorn
from slack_bolt import App
from sqlalchemy import text

from bot.inbound.asgi import ThreadedSlackRequestHandler
from bot.report.compare import PNG_SUFFIX, comparison_png, render_comparison
from bot.report.links import REPORTS_PATH, Comparison, LinkExpired, LinkInvalid, ReportLinks
from bot.report.run_result import report_data
from flows.errors import UserFacingError
from flows.overview import Overview, named_channels
from flows.reports import run_result
from flows.services import Services

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class ReadinessASGI:
    """Routes `/healthz` and report links itself and hands everything else to bolt."""

    def __init__(
        self,
        app: App,
        services: Services,
        *,
        signing_secret: str,
        links: ReportLinks | None = None,
        dispatch_threads: int,
    ) -> None:
        self._executor = ThreadPoolExecutor(dispatch_threads, thread_name_prefix="dispatch")
        self._slack = ThreadedSlackRequestHandler(
            app, self._executor, signing_secret=signing_secret
        )
        self._database = services.database
        self._services = services
        self._links = links

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == HEALTH_PATH:
            await self._health(send)
            return
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].startswith(REPORTS_PATH)
        ):
            token = scope["path"].removeprefix(REPORTS_PATH)
            loop = asyncio.get_running_loop()
            if token.endswith(PNG_SUFFIX):
                status, content_type, body = await loop.run_in_executor(
                    self._executor, self._comparison_chart, token.removesuffix(PNG_SUFFIX)
                )
                await _respond(send, status, content_type, body)
                return
            status, page = await loop.run_in_executor(self._executor, self._report_page, token)
            await _respond(send, status, "text/html; charset=utf-8", page.encode())
            return
        await self._slack(scope, receive, send)  # type: ignore[arg-type]

    def _report_page(self, token: str) -> tuple[int, str]:
        """The printable report behind a link; a plain page saying why when there is none."""
        if self._links is None:
            return 404, _notice("Reports are not served here.")
        try:
            target = self._links.resolve(token)
        except LinkExpired as expired:
            return 410, _notice(self._links.expired_notice(expired.kind))
        except LinkInvalid:
            return 404, _notice("There is no report at this address.")
        if isinstance(target, Comparison):
            overview = self._comparison(target)
            if not overview.teams:
                return 404, _notice("None of these channels has a team profile to compare.")
            return 200, render_comparison(overview)
        try:
            result = run_result(
                self._services,
                run_id=target.run_id,
                workspace_id=target.workspace_id,
                user_id=target.user_id,
            )
        except UserFacingError as refusal:
            return 404, _notice(str(refusal))
        # imported when first needed (a page is rendered): keeps start-up short
        from bot.report.html import render_html

        return 200, render_html(report_data(result))

    def _comparison(self, target: Comparison) -> Overview:
        """The channels a comparison link names, read now (who may see them was checked when
        the link was made)."""
        return named_channels(
            self._services, workspace_id=target.workspace_id, channel_ids=target.channel_ids
        )

    def _comparison_chart(self, token: str) -> tuple[int, str, bytes]:
        """The chart of a comparison link, as a PNG for Slack's image block."""
        not_found = (404, "text/plain; charset=utf-8", b"There is no chart at this address.")
        if self._links is None:
            return not_found
        try:
            target = self._links.resolve(token)
        except (LinkExpired, LinkInvalid):
            return not_found
        if not isinstance(target, Comparison):
            return not_found
        png = comparison_png(self._comparison(target))
        return not_found if png is None else (200, "image/png", png)

    async def _health(self, send: Send) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._executor, self._ping_database)
            status, body = 200, {"ok": True, "database": "ok"}
        except Exception:
            logger.exception("health check: database unreachable")
            status, body = 503, {"ok": False, "database": "unreachable"}
        await _respond(send, status, "application/json", json.dumps(body).encode())

    def _ping_database(self) -> None:
        with self._database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))


async def _respond(send: Send, status: int, content_type: str, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                # Report pages hold results: never cached by a proxy, never indexed.
                (b"cache-control", b"no-store"),
                (b"x-robots-tag", b"noindex"),
                (b"referrer-policy", b"no-referrer"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _notice(text: str) -> str:
    style = "font-family:sans-serif;margin:3rem auto;max-width:32rem"
    return (
        "<!doctype html><meta charset='utf-8'><title>Outcome Readiness</title>"
        f"<p style='{style}'>{html.escape(text)}</p>"
    )


def serve_http(asgi: ReadinessASGI, *, host: str, port: int, log_level: str) -> None:
    # log_config=None: uvicorn's lines go through our handler (and its redaction) too.
    uvicorn.run(
        asgi,
        host=host,
        port=port,
        log_level=log_level.lower(),
        access_log=False,
        log_config=None,
        # No WebSocket route: uvicorn's default ("auto") imports `websockets` at start-up.
        ws="none",
    )
