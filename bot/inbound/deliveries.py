"""Acting on each Slack delivery once, whichever worker receives it.

Bolt checks the signature and its five-minute window; it has no memory, so a request captured
and sent again within those five minutes would be acted on again. Slack also redelivers on its
own: an event whose acknowledgement it did not see in three seconds comes back up to three times
(`X-Slack-Retry-Num`), possibly while the first delivery is still being handled.

So each signed request is recorded in the database before anything else happens (after bolt's
signature check, so forged requests cannot fill the record). The very same request again is a
replay: 401, nothing done. The same event (by `event_id`) or the same payload signed afresh is
a redelivery: acknowledged, nothing done. Only the events whose handling is idempotent and must
not be lost (the app leaving a workspace, tokens revoked) are handled again on redelivery.

Socket Mode has no signature (nobody else can send on the app's own socket, so nothing can be
replayed), but Slack redelivers there too: an envelope whose ack it did not see comes back with
`retry_attempt` (bolt passes it on as `X-Slack-Retry-Num`), maybe on another connection after a
reconnect. Its payload is the same, so the same record catches it: each envelope is recorded
under a key of its own and the same `delivery_key`, the event id or a hash of the payload.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from flows.services import Services
from storage.deliveries import Delivery, claim_delivery

logger = logging.getLogger(__name__)

ALWAYS_HANDLED_EVENTS = frozenset({"app_uninstalled", "tokens_revoked"})
"""Deleting data and tokens again is harmless, and missing it is not."""
UNRECORDED_TYPES = frozenset({"url_verification", "ssl_check"})


class OncePerDelivery(Middleware):
    def __init__(self, services: Services) -> None:
        self._services = services

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        body = req.body or {}
        if body.get("type") in UNRECORDED_TYPES:
            return next()
        retry = _header(req, "x-slack-retry-num")
        if req.mode == "socket_mode":
            # No signature to replay: every envelope is its own record, only its key can match.
            record = f"socket:{uuid.uuid4().hex}"
        else:
            signature = _header(req, "x-slack-signature")
            if signature is None:
                return next()  # never over HTTP: bot.inbound.asgi refuses it unsigned
            # Slack's retry number is not signed, and a retry sent within the same second as
            # the first delivery carries the same signature: both together tell them apart.
            record = f"{signature[:90]}#{(retry or '0')[:4]}"
        with self._services.database.session() as session:
            seen = claim_delivery(
                session,
                signature=record,
                delivery_key=delivery_key(req),
                now=self._services.clock(),
            )
        if seen is Delivery.FIRST:
            return next()
        what = _describe(req)
        if seen is Delivery.REPLAY:
            logger.warning("refused a replayed request (%s)", what)
            return BoltResponse(status=401, body="")
        logger.info("already handled %s; redelivery %s acknowledged", what, retry or "(no retry)")
        return BoltResponse(status=200, body="")


def delivery_key(req: BoltRequest) -> str | None:
    """What makes two deliveries the same: the event id, or the exact payload."""
    body = req.body or {}
    if body.get("type") == "event_callback":
        event = body.get("event")
        if isinstance(event, dict) and event.get("type") in ALWAYS_HANDLED_EVENTS:
            return None
        event_id = body.get("event_id")
        if isinstance(event_id, str) and event_id:
            return f"event:{event_id[:90]}"
    # Over a socket bolt keeps only the parsed payload; the same envelope gives the same JSON.
    raw = req.raw_body or json.dumps(body, sort_keys=True, separators=(",", ":"))
    return "body:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _header(req: BoltRequest, name: str) -> str | None:
    values = req.headers.get(name) or []
    return values[0] if values else None


def _describe(req: BoltRequest) -> str:
    body = req.body or {}
    kind = body.get("type") or ("command" if "command" in body else "request")
    team = body.get("team")
    team_id = body.get("team_id") or (team.get("id") if isinstance(team, dict) else None)
    return f"{kind!s:.40} from team {team_id!s:.20}"
