"""Unguessable, expiring links to a run's printable report, served by the bot in HTTP mode.

The link carries the run and workspace, signed with a server secret and timestamped, so the
bot needs no table of links and a link cannot be forged or edited to point at another run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from bot.config import Settings

REPORTS_PATH = "/reports/"
_SALT = "readiness-report-link"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


@dataclass(frozen=True)
class ReportLinks:
    base_url: str
    secret: str
    max_age_seconds: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ReportLinks | None:
        """None without a public URL (Socket Mode, or not configured): no links are shown."""
        if not settings.public_url:
            return None
        if settings.report_secret is not None:
            secret = settings.report_secret.get_secret_value()
        elif settings.slack_signing_secret is not None:
            # A separate key from the signing secret itself, so neither reveals the other.
            material = ("report-links:" + settings.slack_signing_secret.get_secret_value()).encode()
            secret = hashlib.sha256(material).hexdigest()
        else:
            return None
        return cls(
            base_url=settings.public_url.rstrip("/"),
            secret=secret,
            max_age_seconds=settings.report_link_days * 86_400,
        )

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=_SALT)

    def url_for(self, *, workspace_id: str, run_id: str) -> str:
        token = self._serializer().dumps({"w": workspace_id, "r": run_id})
        return f"{self.base_url}{REPORTS_PATH}{token}"

    def resolve(self, token: str) -> tuple[str, str]:
        """(workspace id, run id) from a link's token, or LinkExpired / LinkInvalid."""
        try:
            data = self._serializer().loads(token, max_age=self.max_age_seconds)
        except SignatureExpired:
            raise LinkExpired from None
        except BadSignature:
            raise LinkInvalid from None
        if not isinstance(data, dict) or not {"w", "r"} <= data.keys():
            raise LinkInvalid
        return str(data["w"]), str(data["r"])
