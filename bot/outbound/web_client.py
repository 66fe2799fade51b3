"""The Web API client: slack_sdk's, with its own retry handlers for rate limits and 5xx.

Showing a person's next step is leased (`flows.services.Services.resend_after`): once the lease
runs out the timetable shows the step instead. A retry that could be answered after that would
show it twice, so inside `finishing_by(deadline)` a retry is only made while its wait and a whole
request timeout still fit before the deadline; otherwise the call fails and the step is owed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.config import Settings
from bot.outbound.connections import reuse_connections

TIMEOUT_SECONDS = 10
JITTER_SECONDS = 1.0
"""slack_sdk adds up to a second of random jitter to every wait."""

_finish_by: ContextVar[float | None] = ContextVar("finish_by", default=None)


@contextmanager
def finishing_by(deadline: float | None) -> Iterator[None]:
    """Web API calls made inside are retried only if they can still end by `deadline`
    (`time.monotonic()` seconds; None: no deadline)."""
    token = _finish_by.set(deadline)
    try:
        yield
    finally:
        _finish_by.reset(token)


class WithinDeadline(RetryHandler):
    """`inner`'s retries, but none that could still be running when the deadline passes."""

    def __init__(self, inner: RetryHandler, *, timeout: float = TIMEOUT_SECONDS) -> None:
        super().__init__(inner.max_retry_count, inner.interval_calculator)
        self.inner = inner
        self.timeout = timeout

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not self.inner.can_retry(state=state, request=request, response=response, error=error):
            return False
        deadline = _finish_by.get()
        if deadline is None:
            return True
        longest = _longest_wait(self.inner, state, response) + self.timeout
        return time.monotonic() + longest < deadline

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        self.inner.prepare_for_next_attempt(
            state=state, request=request, response=response, error=error
        )


def _longest_wait(handler: RetryHandler, state: RetryState, response: HttpResponse | None) -> float:
    """The longest `handler` may sleep before its retry: Slack's Retry-After for a 429, the
    backoff otherwise, each with slack_sdk's jitter on top."""
    if isinstance(handler, RateLimitErrorRetryHandler) and response is not None:
        for name, values in response.headers.items():
            if name.lower() == "retry-after" and values:
                return int(values[0]) + JITTER_SECONDS
        return 1 + JITTER_SECONDS
    return handler.interval_calculator.calculate_sleep_duration(state.current_attempt) + (
        JITTER_SECONDS
    )


def make_web_client(settings: Settings, *, token: str | None = None) -> WebClient:
    """A client for `token`; without one, the configured bot token (None with OAuth installs,
    where each request's client gets its workspace's token).

    Its calls, and those of the clients bolt derives from it for each request, keep their
    connections open between calls (`reuse_connections`)."""
    reuse_connections()
    if token is None and settings.slack_bot_token is not None and not settings.oauth_enabled:
        token = settings.slack_bot_token.get_secret_value()
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[
            WithinDeadline(ConnectionErrorRetryHandler(max_retry_count=2)),
            WithinDeadline(RateLimitErrorRetryHandler(max_retry_count=5)),
            WithinDeadline(ServerErrorRetryHandler(max_retry_count=3)),
        ],
    )
