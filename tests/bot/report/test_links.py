from __future__ import annotations

from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from pydantic import SecretStr

from bot.config import Settings
from bot.report.links import (
    Comparison,
    LinkExpired,
    LinkInvalid,
    LinkKind,
    ReportLinks,
    RunReport,
)
from tests.clock import Clock

CHANNEL, DM = LinkKind.CHANNEL, LinkKind.DM


def _links(clock: Clock | None = None, **overrides: object) -> ReportLinks:
    values: dict[str, object] = {
        "public_url": "https://readiness.example.com/",
        "slack_signing_secret": SecretStr("signing-secret-123456"),
    }
    values.update(overrides)
    settings = Settings.model_validate(values)
    links = ReportLinks.from_settings(settings, clock=clock or Clock())
    assert links is not None
    return links


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_a_link_names_its_run_and_workspace_and_nothing_guessable() -> None:
    links = _links()
    url = links.url_for(workspace_id="T1", run_id="abc123", kind=CHANNEL)
    assert url.startswith("https://readiness.example.com/reports/")
    assert "abc123" not in url.rsplit("/", 1)[1][:6]
    assert links.resolve(url.rsplit("/", 1)[1]) == RunReport("T1", "abc123")


def test_links_signed_with_another_secret_or_edited_are_invalid() -> None:
    token = _token(_links().url_for(workspace_id="T1", run_id="abc", kind=DM))
    other = _links(slack_signing_secret=SecretStr("another-secret-987654"))
    with pytest.raises(LinkInvalid):
        other.resolve(token)
    # Edit a character inside the signature: the last one of a base64 string may only carry
    # padding bits, so changing it need not change the signature at all.
    edited = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    with pytest.raises(LinkInvalid):
        _links().resolve(edited)


def test_a_channel_link_lasts_a_day_and_a_dm_link_its_configured_days() -> None:
    clock = Clock()
    links = _links(clock, report_link_days=30)
    channel = _token(links.url_for(workspace_id="T1", run_id="abc", kind=CHANNEL))
    dm = _token(links.url_for(workspace_id="T1", run_id="abc", kind=DM))
    clock.advance(hours=24)
    assert links.resolve(channel) == links.resolve(dm) == RunReport("T1", "abc")
    clock.advance(seconds=1)
    with pytest.raises(LinkExpired) as expired:
        links.resolve(channel)
    assert expired.value.kind is CHANNEL
    assert links.resolve(dm) == RunReport("T1", "abc")
    clock.advance(days=29)
    with pytest.raises(LinkExpired) as expired:
        links.resolve(dm)
    assert expired.value.kind is DM


def test_a_link_from_before_kinds_were_signed_lasts_a_day() -> None:
    """Links posted before this change carry no kind; they are not given 30 days."""
    clock = Clock()
    links = _links(clock)
    serializer = links._serializer()
    old = serializer.dumps({"w": "T1", "r": "abc"})
    assert links.resolve(old) == RunReport("T1", "abc")
    clock.advance(hours=25)
    with pytest.raises(LinkExpired) as expired:
        links.resolve(old)
    assert expired.value.kind is CHANNEL


def test_a_channel_link_cannot_be_made_a_dm_one_by_editing() -> None:
    clock = Clock()
    links = _links(clock)
    token = _token(links.url_for(workspace_id="T1", run_id="abc", kind=CHANNEL))
    payload, rest = token.split(".", 1)
    unsigned = URLSafeTimedSerializer("x").dump_payload({"w": "T1", "r": "abc", "k": "d"})
    with pytest.raises(LinkInvalid):
        links.resolve(unsigned.decode() + "." + rest)
    assert payload != unsigned.decode()


def test_an_expired_page_says_so_and_where_to_get_a_fresh_link() -> None:
    links = _links(report_link_days=30)
    assert links.expired_notice(CHANNEL) == (
        "This report link has expired. Report links posted in a channel last 24 hours; "
        "for a fresh one, ask the bot in the channel."
    )
    assert "last 30 days" in links.expired_notice(DM)


def test_no_public_url_means_no_links() -> None:
    settings = Settings.model_validate({"slack_signing_secret": SecretStr("signing-secret-1")})
    assert ReportLinks.from_settings(settings) is None


def test_a_link_says_when_it_expires_and_names_a_person_or_channels_when_it_shows_them() -> None:
    clock = Clock()
    links = _links(clock, report_link_days=30)
    own = links.link_to(RunReport("T1", "run1", "U1"), DM)
    assert own.expires_at == clock.now + timedelta(days=30)
    assert links.resolve(_token(own.url)) == RunReport("T1", "run1", "U1")
    side_by_side = links.link_to(Comparison("T1", ("C1", "C2")), CHANNEL)
    assert side_by_side.expires_at == clock.now + timedelta(hours=24)
    assert links.resolve(_token(side_by_side.url)) == Comparison("T1", ("C1", "C2"))
