"""Delivering a request to the bot as Slack does: a signed POST to its request URL.

Standard library only (`urllib`), because the driver ships in the package for the demo. Proxies
from the environment are bypassed: the bot is on loopback, and a proxy would only get in the way.
`Delivery` bends the rules on purpose, for tests that check the bot refuses what Slack did not
send.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol

from standin.records import JSON
from standin.signing import signature_headers

USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"


@dataclass(frozen=True)
class Delivery:
    """How a request reaches the bot. The default is exactly how Slack sends it.

    `signed=False` leaves the signature headers out; `wrong_secret` signs with another secret;
    `tamper_after_signing` changes the body after signing; `timestamp_offset` moves the signed
    timestamp (e.g. -360 for a six-minute-old request); `retry_num`/`retry_reason` add Slack's
    `X-Slack-Retry-*` headers, as on Slack's redelivery of an event.
    """

    signed: bool = True
    wrong_secret: bool = False
    tamper_after_signing: bool = False
    timestamp_offset: int = 0
    retry_num: int | None = None
    retry_reason: str | None = None


@dataclass
class DriverResult:
    """The bot's HTTP answer, and what was sent to get it."""

    status: int
    headers: dict[str, str]
    body: str
    json: Any | None
    elapsed: float
    sent: JSON = field(default_factory=dict)
    trigger_id: str | None = None
    response_url: str | None = None
    request_body: bytes = b""
    request_headers: dict[str, str] = field(default_factory=dict)
    """Exactly what went over the wire, to replay it or deliver it again."""
    envelopes: list[JSON] = field(default_factory=list)
    """Over Socket Mode: every envelope sent for this request, redeliveries after the first."""


class Transport(Protocol):
    """How the driver's requests reach the bot: a signed POST (`BotTransport`) or an envelope
    on the app's Socket Mode connection (`SocketTransport`)."""

    def send(
        self, body: bytes, content_type: str, *, delivery: Delivery | None = None
    ) -> DriverResult: ...

    def replay(self, earlier: DriverResult) -> DriverResult: ...

    def redeliver(self, earlier: DriverResult, *, retry_num: int, reason: str) -> DriverResult: ...


class BotTransport:
    """POSTs to one request URL, signing with the app's signing secret."""

    def __init__(self, bot_url: str, signing_secret: str, *, timeout: float = 10.0) -> None:
        self.bot_url = bot_url
        self.signing_secret = signing_secret
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def replay(self, earlier: DriverResult) -> DriverResult:
        """Send the very same request again, signature and all, as someone who captured it."""
        return self._post(earlier.request_body, dict(earlier.request_headers))

    def redeliver(self, earlier: DriverResult, *, retry_num: int, reason: str) -> DriverResult:
        """Deliver the same body again, signed afresh, as Slack's retries are."""
        content_type = earlier.request_headers.get("Content-Type", "application/json")
        delivery = Delivery(retry_num=retry_num, retry_reason=reason)
        return self.send(earlier.request_body, content_type, delivery=delivery)

    def send(
        self, body: bytes, content_type: str, *, delivery: Delivery | None = None
    ) -> DriverResult:
        delivery = delivery or Delivery()
        headers = {"Content-Type": content_type, "User-Agent": USER_AGENT}
        if delivery.signed:
            secret = self.signing_secret
            if delivery.wrong_secret:
                secret = "not-" + secret
            timestamp = int(time.time()) + delivery.timestamp_offset
            headers.update(signature_headers(secret, timestamp, body))
        if delivery.tamper_after_signing:
            body = body + b" "
        if delivery.retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(delivery.retry_num)
            headers["X-Slack-Retry-Reason"] = delivery.retry_reason or "http_timeout"
        return self._post(body, headers)

    def _post(self, body: bytes, headers: dict[str, str]) -> DriverResult:
        request = urllib.request.Request(self.bot_url, data=body, headers=headers, method="POST")
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status, raw, answer_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            with error:
                status, raw, answer_headers = error.code, error.read(), error.headers
        elapsed = time.monotonic() - started
        text = raw.decode("utf-8", errors="replace")
        try:
            decoded: Any = json.loads(text) if text.strip() else None
        except ValueError:
            decoded = None
        return DriverResult(
            status=status,
            headers=dict(answer_headers.items()),
            body=text,
            json=decoded,
            elapsed=elapsed,
            request_body=body,
            request_headers=headers,
        )
