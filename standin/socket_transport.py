"""Delivering a request to the bot over Socket Mode: the same request, as an envelope.

`SocketTransport` has `BotTransport`'s interface, so the driver builds every slash command,
click, submission and event exactly as for HTTP and only the last step differs: the body the
driver would POST becomes the envelope's payload (a slash command's form fields as an object, an
interaction's `payload=` JSON, an event callback as is), and the ack's payload plays the HTTP
answer. Signatures and timestamps do not exist on a socket, so the `Delivery` knobs that bend
them are refused rather than silently ignored: the tests that use them are HTTP-only.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from standin.records import JSON
from standin.socket_mode import EVENTS_API, INTERACTIVE, SLASH_COMMANDS, SocketModeServer
from standin.transport import Delivery, DriverResult

NOT_CONNECTED = 503
"""The status of a result Slack could not deliver: the app had no connection open."""
NOT_ACKED = 504
"""The status of a result the app never acked (after every retry, for an event)."""


class SocketTransport:
    """Sends to the open Socket Mode connections of one workspace's app."""

    def __init__(
        self,
        server: SocketModeServer,
        team_id: str,
        *,
        connect_wait: float = 2.0,
        timeout: float = 10.0,
    ) -> None:
        self.server = server
        self.team_id = team_id
        self.connect_wait = connect_wait
        """How long Slack waits for a connection to come back before failing a delivery."""
        self.timeout = timeout

    def send(
        self, body: bytes, content_type: str, *, delivery: Delivery | None = None
    ) -> DriverResult:
        delivery = delivery or Delivery()
        _refuse_http_only(delivery)
        envelope_type, payload = envelope_payload(body, content_type)
        retry_attempt = delivery.retry_num or 0
        retry_reason = (delivery.retry_reason or "timeout") if delivery.retry_num else ""
        outcome = self.server.deliver(
            self.team_id,
            envelope_type,
            payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
            connect_wait=self.connect_wait,
            ack_wait=self.timeout,
        )
        if outcome.acked:
            status, answer = 200, outcome.payload
            text = json.dumps(answer) if answer is not None else ""
        elif not outcome.delivered:
            status, answer = NOT_CONNECTED, None
            text = "no Socket Mode connection open: Slack could not deliver the request"
        else:
            status, answer = NOT_ACKED, None
            text = "the app did not acknowledge the envelope in time"
        return DriverResult(
            status=status,
            headers={},
            body=text,
            json=answer,
            elapsed=outcome.elapsed,
            request_body=body,
            request_headers={"Content-Type": content_type},
            envelopes=list(outcome.envelopes),
        )

    def replay(self, earlier: DriverResult) -> DriverResult:
        raise ValueError(
            "a replayed request is an HTTP attack: over Socket Mode only Slack can send on the "
            "app's connection, so there is nothing to replay (keep this test HTTP-only)"
        )

    def redeliver(self, earlier: DriverResult, *, retry_num: int, reason: str) -> DriverResult:
        """The same payload in a new envelope with `retry_attempt`/`retry_reason`, as Slack
        sends an event again."""
        content_type = earlier.request_headers.get("Content-Type", "application/json")
        delivery = Delivery(retry_num=retry_num, retry_reason=reason)
        return self.send(earlier.request_body, content_type, delivery=delivery)


def envelope_payload(body: bytes, content_type: str) -> tuple[str, JSON]:
    """(envelope type, payload) of what the driver would have POSTed: Slack puts the same
    information in the envelope, as JSON throughout."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        fields = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        if "payload" in fields:
            return INTERACTIVE, _object(json.loads(fields["payload"]))
        if "command" in fields:
            return SLASH_COMMANDS, dict(fields)
        raise ValueError(f"a form that is neither a slash command nor an interaction: {fields}")
    if media_type == "application/json":
        payload = _object(json.loads(body.decode("utf-8")))
        if payload.get("type") == "url_verification":
            raise ValueError("Slack sends no url_verification over Socket Mode: nothing to verify")
        return EVENTS_API, payload
    raise ValueError(f"Slack sends nothing as {content_type!r}")


def _object(decoded: Any) -> JSON:
    if not isinstance(decoded, dict):
        raise ValueError(f"an envelope's payload is a JSON object, not {decoded!r}")
    return decoded


def _refuse_http_only(delivery: Delivery) -> None:
    bent = [
        name
        for name, is_bent in (
            ("signed=False", not delivery.signed),
            ("wrong_secret", delivery.wrong_secret),
            ("tamper_after_signing", delivery.tamper_after_signing),
            ("timestamp_offset", delivery.timestamp_offset != 0),
        )
        if is_bent
    ]
    if bent:
        raise ValueError(
            f"{', '.join(bent)}: a Socket Mode envelope has no signature or timestamp to bend; "
            "this is an HTTP-only test"
        )
