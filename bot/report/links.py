"""Unguessable, expiring links to a printable page, served by the bot in HTTP mode.

A link carries what it shows (`LinkTarget`: a run's report, one person's own report of a team
run they answered, or several channels' latest team profiles side by side) and the workspace,
signed with a server secret and timestamped, so the bot needs no table of links and a link
cannot be forged or edited to point at something else. Whoever makes a link has checked that
the person it is for may see what it shows; the link then opens for whoever holds it, until it
expires (`Link.expires_at`, which every message with a link says).

How long a link opens depends on where it was posted, and that is signed into the link too
(`LinkKind`), so the server enforces it and nobody can turn a channel link into a DM one:

- a team report posted in a channel: 24 hours (`CHANNEL_LINK_SECONDS`). Anyone in the channel
  sees the link, including people who join later or read it in a forwarded message, and it
  opens without signing in to Slack; a day covers the discussion it was posted for.
- a person's own report in their DM: `READINESS_REPORT_LINK_DAYS` (30 by default). Only they see
  it, and it is their way back to their own results, so it keeps the longer life.

A link made before kinds were signed into it carries none and is read as a channel link: it
lasts 24 hours, never 30 days, whichever it was.

Time is read from the clock given (the bot's `Services.clock`), both when a link is made and
when it is checked, so tests can move it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from bot.config import Settings

REPORTS_PATH = "/reports/"
_SALT = "readiness-report-link"
CHANNEL_LINK_SECONDS = 24 * 3600


class LinkKind(StrEnum):
    CHANNEL = "c"
    DM = "d"


class LinkExpired(Exception):
    def __init__(self, kind: LinkKind) -> None:
        super().__init__(kind.value)
        self.kind = kind


class LinkInvalid(Exception):
    pass


@dataclass(frozen=True)
class RunReport:
    """A run's printable report: a team's, or an individual run's person's."""

    workspace_id: str
    run_id: str
    user_id: str | None = None
    """For a team run: this person's own report from their answers in it (None: the team's)."""

    @classmethod
    def own(cls, workspace_id: str, run_id: str, user_id: str, *, team_run: bool) -> RunReport:
        """A person's own report: an individual run's (theirs alone), or their answers in a
        team run (which must name them, or the link would show the team's)."""
        return cls(workspace_id, run_id, user_id if team_run else None)


@dataclass(frozen=True)
class Comparison:
    """The latest team profiles of several channels, side by side."""

    workspace_id: str
    channel_ids: tuple[str, ...]


LinkTarget = RunReport | Comparison


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: datetime
    """When the link stops opening: messages say it, so nobody is surprised by a dead link."""


def _wall_clock() -> datetime:
    return datetime.fromtimestamp(time.time()).astimezone()


@dataclass(frozen=True)
class ReportLinks:
    base_url: str
    secret: str
    max_age_seconds: int
    """How long a link in a person's DM opens; a channel link opens `CHANNEL_LINK_SECONDS`."""
    clock: Callable[[], datetime] = field(default=_wall_clock, compare=False)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, clock: Callable[[], datetime] = _wall_clock
    ) -> ReportLinks | None:
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
            clock=clock,
        )

    def lifetime(self, kind: LinkKind) -> int:
        """Seconds a link of this kind opens for."""
        return CHANNEL_LINK_SECONDS if kind is LinkKind.CHANNEL else self.max_age_seconds

    def _serializer(self) -> URLSafeTimedSerializer:
        clock = self.clock

        class ClockSigner(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(clock().timestamp())

        return URLSafeTimedSerializer(self.secret, salt=_SALT, signer=ClockSigner)

    def url_for(
        self, *, workspace_id: str, run_id: str, kind: LinkKind, user_id: str | None = None
    ) -> str:
        """`kind`: where the link is posted (a channel, or the person's own DM)."""
        return self.link_to(RunReport(workspace_id, run_id, user_id), kind).url

    def link_to(self, target: LinkTarget, kind: LinkKind) -> Link:
        """A fresh link to `target`, posted where `kind` says, and when it expires."""
        payload: dict[str, object] = {"w": target.workspace_id, "k": kind.value}
        if isinstance(target, RunReport):
            payload["r"] = target.run_id
            if target.user_id is not None:
                payload["u"] = target.user_id
        else:
            payload["c"] = list(target.channel_ids)
        token = self._serializer().dumps(payload)
        expires_at = self.clock() + timedelta(seconds=self.lifetime(kind))
        return Link(url=f"{self.base_url}{REPORTS_PATH}{token}", expires_at=expires_at)

    def resolve(self, token: str) -> LinkTarget:
        """What a link's token shows, or LinkExpired / LinkInvalid."""
        serializer = self._serializer()
        try:
            # The signature first, with no age: the kind it carries says which age applies.
            data, signed_at = serializer.loads(token, return_timestamp=True)
        except BadSignature:
            raise LinkInvalid from None
        target = _target(data)
        kind = LinkKind.DM if data.get("k") == LinkKind.DM.value else LinkKind.CHANNEL
        age = self.clock().timestamp() - signed_at.timestamp()
        if not 0 <= age <= self.lifetime(kind):
            raise LinkExpired(kind)
        return target

    def expired_notice(self, kind: LinkKind) -> str:
        """What the page of an expired link says: that it expired, why, and how to get a fresh
        one (nobody can renew a link by hand)."""
        if kind is LinkKind.CHANNEL:
            lasted = "Report links posted in a channel last 24 hours"
            where = "ask the bot in the channel"
        else:
            days = self.max_age_seconds // 86_400
            lasted = f"Report links sent to you directly last {days} day{'s' if days != 1 else ''}"
            where = "ask the bot in your direct messages with it"
        return f"This report link has expired. {lasted}; for a fresh one, {where}."


def _target(data: object) -> LinkTarget:
    """The target a signed payload names; LinkInvalid for a shape no link of ours has."""
    if not isinstance(data, dict) or not isinstance(data.get("w"), str):
        raise LinkInvalid
    workspace_id = data["w"]
    if isinstance(data.get("r"), str):
        user_id = data.get("u")
        return RunReport(workspace_id, data["r"], user_id if isinstance(user_id, str) else None)
    channels = data.get("c")
    if isinstance(channels, list) and channels and all(isinstance(c, str) for c in channels):
        return Comparison(workspace_id, tuple(channels))
    raise LinkInvalid
