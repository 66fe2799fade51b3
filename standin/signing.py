"""Request signing exactly as Slack does it, so the bot's real verification is exercised.

Slack signs `v0:{timestamp}:{raw body}` with HMAC-SHA256 keyed by the app's signing secret and
sends `X-Slack-Signature: v0=<hex>` with `X-Slack-Request-Timestamp`; apps refuse a bad signature
or a timestamp more than five minutes away.
"""

from __future__ import annotations

import hashlib
import hmac


def signature(signing_secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    digest = hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def signature_headers(signing_secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    stamp = str(timestamp)
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(signing_secret, stamp, body),
    }
