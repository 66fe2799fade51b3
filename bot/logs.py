"""Logging set-up that keeps secrets out of every log line, whoever writes it.

slack_sdk and bolt log request details at debug level; rather than trusting each library to mask
tokens, one filter on the handler rewrites anything that looks like a Slack token or equals a
configured secret, and the parts of response URLs and report links that grant access. (At DEBUG
the log still holds message bodies, people's answers among them: keep DEBUG for diagnosis.)
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

TOKEN_PATTERN = re.compile(
    # A rotating token (`xoxe.xoxb-…`) whole, then plain tokens and refresh tokens (`xoxe-1-…`).
    r"\bxox[a-z]\.xox[a-z]-[A-Za-z0-9-]+|\bxox[abposre]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+"
)
LINK_PATTERNS = (
    # An OAuth code is worth a bot token for ten minutes: in a redirect's query string or a form
    # body (`code=…`), and in the dicts slack_sdk and bolt log requests as (`'code': '…'`,
    # `'code': ['…']`).
    re.compile(r"(\bcode=)[^&\s'\"<>]+"),
    re.compile(r"""(["']code["']\s*:\s*\[?\s*["'])[^"']+"""),
    # A response URL lets whoever holds it post as the bot for 30 minutes.
    re.compile(r"(https://hooks\.slack\.com/)[^\s'\"<>]+"),
    # A report link opens someone's results for weeks.
    re.compile(r"(/reports/)[A-Za-z0-9._-]+"),
)
REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        for pattern in LINK_PATTERNS:
            text = pattern.sub(rf"\g<1>{REDACTED}", text)
        return TOKEN_PATTERN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            # Render the traceback now, redacted, so a formatter cannot print the raw one.
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def configure_logging(level: int, secrets: Iterable[str]) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Alembic narrates every schema check at INFO; only its warnings are worth a line.
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
